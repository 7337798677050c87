import { Injectable } from '@nestjs/common';
import { TenantContext } from '../../core/tenant-context';
import { AccountKind } from './account.model';
import { AccountService } from './account.service';
import { AuthCodes, CodePurpose } from './auth-codes';
import { AuthLimits } from './auth-limits';
import { InvalidCodeError } from './auth.errors';
import { CognitoAdapter } from './cognito.adapter';
import { PoolPeople } from './pool-people';

/**
 * An `invited` account of `kind` made `active` by the code mailed to its address (a customer's
 * sign-up, staff's invitation): the address is then verified in Cognito too, so ID tokens carry a
 * verified `email`. One 400 `invalid_code` for every refusal; a retry of an activation that went
 * through (the code used, the account active) answers as it did and changes nothing.
 */
@Injectable()
export class AccountActivation {
  constructor(
    private readonly cognito: CognitoAdapter,
    private readonly accounts: AccountService,
    private readonly people: PoolPeople,
    private readonly codes: AuthCodes,
    private readonly limits: AuthLimits,
  ) {}

  /** `beforeActivation`: what else the code allows (staff set their password), done before the account turns active. */
  async activate(ctx: TenantContext, purpose: CodePurpose, kind: AccountKind, input: { email: string; code: string }, beforeActivation?: (username: string) => Promise<void>): Promise<void> {
    await this.limits.consume(ctx, 'codeCheck', input.email);
    const person = await this.people.find(ctx, input.email);
    const check = await this.codes.check(ctx, purpose, person.username, input.code);
    const account = person.account;
    if (check === 'invalid' || !account || !person.sub || account.attributes.kind !== kind) throw new InvalidCodeError();
    if (account.attributes.status !== 'invited') {
      if (check === 'used' && account.attributes.status === 'active') return;
      throw new InvalidCodeError();
    }
    await beforeActivation?.(person.username);
    await this.cognito.markEmailVerified(person.username, account.attributes.email);
    await this.accounts.change(ctx, person.sub, account.version, () => ({ status: 'active' }));
  }
}
