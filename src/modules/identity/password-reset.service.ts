import { Injectable } from '@nestjs/common';
import { DomainEvents } from '../../core/events';
import { TenantContext } from '../../core/tenant-context';
import { AuthCodes } from './auth-codes';
import { AuthLimits } from './auth-limits';
import { assertPasswordPolicy, InvalidCodeError } from './auth.errors';
import { CognitoAdapter } from './cognito.adapter';
import { identityMail } from './identity.events';
import { PoolPeople } from './pool-people';

/**
 * Forgotten passwords, with our codes (Cognito's own recovery is off: it would mail past our
 * limits, and the emulator tells unknown users apart). The request answers the same for every
 * address; only an active account gets a mail.
 */
@Injectable()
export class PasswordReset {
  constructor(
    private readonly cognito: CognitoAdapter,
    private readonly people: PoolPeople,
    private readonly codes: AuthCodes,
    private readonly limits: AuthLimits,
    private readonly events: DomainEvents,
  ) {}

  async forgot(ctx: TenantContext, input: { email: string }): Promise<void> {
    await this.limits.consume(ctx, 'passwordReset', input.email);
    const person = await this.people.find(ctx, input.email);
    if (person.retired || person.account?.attributes.status !== 'active') return;
    await this.events.publish(ctx, identityMail('reset-password', person.account.attributes.email, await this.codes.issue(ctx, 'reset-password', person.username)));
  }

  async reset(ctx: TenantContext, input: { email: string; code: string; newPassword: string }): Promise<void> {
    assertPasswordPolicy(input.newPassword, 'newPassword');
    await this.limits.consume(ctx, 'codeCheck', input.email);
    const person = await this.people.find(ctx, input.email);
    const check = await this.codes.check(ctx, 'reset-password', person.username, input.code);
    if (check === 'invalid' || person.retired || person.account?.attributes.status !== 'active') throw new InvalidCodeError();
    // A retried reset (the code used already) changes nothing more.
    if (check === 'ok') await this.cognito.setPassword(person.username, input.newPassword);
  }
}
