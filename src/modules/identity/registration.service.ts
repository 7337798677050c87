import { Injectable } from '@nestjs/common';
import { DomainEvents } from '../../core/events';
import { TenantContext } from '../../core/tenant-context';
import { AccountActivation } from './account-activation';
import { AccountService } from './account.service';
import { AuthCodes } from './auth-codes';
import { AuthLimits } from './auth-limits';
import { assertPasswordPolicy } from './auth.errors';
import { CognitoAdapter } from './cognito.adapter';
import { identityMail } from './identity.events';
import { PoolPeople } from './pool-people';

/**
 * A customer's sign-up and the verification of their address. The answer never says whether
 * the address had an account: a taken one gets a mail saying so instead. The ACCOUNT stays
 * `invited` (refused everywhere) until the code from the mail comes back.
 */
@Injectable()
export class Registration {
  constructor(
    private readonly cognito: CognitoAdapter,
    private readonly accounts: AccountService,
    private readonly people: PoolPeople,
    private readonly codes: AuthCodes,
    private readonly limits: AuthLimits,
    private readonly events: DomainEvents,
    private readonly activation: AccountActivation,
  ) {}

  async signUp(ctx: TenantContext, input: { email: string; password: string; name?: string }): Promise<void> {
    assertPasswordPolicy(input.password);
    await this.limits.consume(ctx, 'signUp', input.email);
    const person = await this.people.find(ctx, input.email);
    const sub = await this.people.ensureUser(ctx, person);
    // Someone who already has an account (active, disabled, or staff) is told by mail, not by the answer.
    if (person.account && !(person.account.attributes.kind === 'customer' && person.account.attributes.status === 'invited')) {
      await this.events.publish(ctx, identityMail('already-registered', person.email));
      return;
    }
    // New, or signed up before without verifying (or a sign-up cut short): the latest sign-up's password counts.
    await this.cognito.setPassword(person.username, input.password);
    await this.cognito.addToGroups(person.username, ['customer']);
    await this.accounts.open(ctx, sub, {
      kind: 'customer',
      username: person.username,
      email: person.email,
      ...(input.name ? { name: input.name } : {}),
      status: 'invited',
      roles: ['customer'],
    });
    await this.events.publish(ctx, identityMail('verify-email', person.email, await this.codes.issue(ctx, 'verify-email', person.username)));
  }

  /** The code from the sign-up mail: the address is verified (in Cognito too) and the account active. */
  async verifyEmail(ctx: TenantContext, input: { email: string; code: string }): Promise<void> {
    await this.activation.activate(ctx, 'verify-email', 'customer', input);
  }
}
