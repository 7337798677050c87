import { Injectable } from '@nestjs/common';
import { ConflictError, ValidationFailedError } from '../../core/errors';
import { DomainEvents } from '../../core/events';
import { sortKey, userKeyPart } from '../../core/keys';
import { TTL_ATTRIBUTE } from '../../core/tables';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { AccountService } from './account.service';
import { AuthCodes, CODE_LIFETIME_SECONDS } from './auth-codes';
import { AuthLimits } from './auth-limits';
import { EmailTakenError, InvalidCodeError } from './auth.errors';
import { CognitoAdapter, PoolRefusal } from './cognito.adapter';
import { EmailOwners } from './email-owners';
import { tenantUsername } from './identity-pool';
import { identityMail } from './identity.events';

/** The address a code of `change-email` moves the account to: kept beside the code, which only holds a hash. */
interface PendingChange {
  newEmail: string;
}

/**
 * A customer's change of sign-in address. The request re-checks the password (Cognito's password
 * flow, as sign-in) and mails a code to the new address, or, when the address is the sign-in of
 * someone in the shop, a mail saying so: the answer is the same either way. The code moves the
 * address: the claim of the new one (`EmailOwners`, unique per shop by its condition), Cognito's
 * `email` attribute (the username stays: Cognito cannot rename, and the `sub` keys everything
 * the person has), the ACCOUNT, then a notice to the old address. Sessions stay valid: the ID
 * tokens live out their hour with the old `email` claim, and a refresh (sent with the new
 * address) gets tokens with the new one.
 */
@Injectable()
export class EmailChange {
  constructor(
    private readonly cognito: CognitoAdapter,
    private readonly accounts: AccountService,
    private readonly owners: EmailOwners,
    private readonly codes: AuthCodes,
    private readonly limits: AuthLimits,
    private readonly events: DomainEvents,
    private readonly items: TenantItemStore,
  ) {}

  async request(ctx: TenantContext, input: { newEmail: string; password: string }): Promise<void> {
    const account = await this.ownAccount(ctx);
    const { username, email } = account.attributes;
    if (same(input.newEmail, email)) throw new ValidationFailedError([{ field: 'newEmail', problem: 'is your current email' }]);
    await this.limits.consume(ctx, 'signIn', email);
    await this.limits.consume(ctx, 'signUp', input.newEmail);
    await this.checkPassword(username, input.password);
    if (await this.taken(ctx, input.newEmail)) {
      await this.events.publish(ctx, identityMail('email-taken', input.newEmail.trim()));
      return;
    }
    const newEmail = input.newEmail.trim();
    const validUntil = Math.floor(Date.now() / 1000) + CODE_LIFETIME_SECONDS['change-email'];
    await this.items.update(ctx, pendingKey(ctx.userId), 'SET newEmail = :email, #ttl = :ttl', { ':email': newEmail, ':ttl': validUntil + 3600 }, { '#ttl': TTL_ATTRIBUTE });
    await this.events.publish(ctx, identityMail('change-email', newEmail, await this.codes.issue(ctx, 'change-email', username)));
  }

  /** The code from the mail to the new address. A retry after it went through answers the same and changes nothing. */
  async confirm(ctx: TenantContext, input: { code: string }): Promise<void> {
    const account = await this.ownAccount(ctx);
    const { username, email } = account.attributes;
    await this.limits.consume(ctx, 'codeCheck', email);
    const pending = await this.items.get<PendingChange>(ctx, pendingKey(ctx.userId));
    const check = await this.codes.check(ctx, 'change-email', username, input.code);
    if (check === 'invalid' || !pending) throw new InvalidCodeError();
    if (check === 'used' && same(pending.newEmail, email)) return;
    // Re-checked here: the request's check is minutes old. The claim's condition decides for
    // addresses changed before; the pool for addresses that are their own username.
    if (await this.heldInPool(ctx, pending.newEmail)) throw new EmailTakenError(account.version);
    if (!(await this.owners.move(ctx, { userId: ctx.userId, username, from: email, to: pending.newEmail }))) throw new EmailTakenError(account.version);
    await this.cognito.markEmailVerified(username, pending.newEmail);
    await this.accounts.change(ctx, ctx.userId, account.version, () => ({ email: pending.newEmail }));
    await this.events.publish(ctx, identityMail('email-changed', email));
  }

  private async ownAccount(ctx: TenantContext) {
    const account = await this.accounts.get(ctx, ctx.userId);
    if (!account || account.attributes.kind !== 'customer') throw new ConflictError('only a customer who signs in through /auth has an email to change');
    return account;
  }

  private async checkPassword(username: string, password: string): Promise<void> {
    try {
      const tokens = await this.cognito.signIn('storefront', username, password);
      // Only the password mattered: the session it opened is closed at once.
      if (tokens.refreshToken) await this.cognito.revoke('storefront', tokens.refreshToken);
    } catch (error) {
      if (error instanceof PoolRefusal) throw new ValidationFailedError([{ field: 'password', problem: 'is not your current password' }]);
      throw error;
    }
  }

  private async taken(ctx: TenantContext, email: string): Promise<boolean> {
    return (await this.owners.heldByOther(ctx, email, ctx.userId)) || (await this.heldInPool(ctx, email));
  }

  /** A pool user whose username is this address, other than the caller (a user left half-made by a sign-up counts: its address is in use). */
  private async heldInPool(ctx: TenantContext, email: string): Promise<boolean> {
    const sub = await this.cognito.subOf(tenantUsername(ctx.tenantCode, email));
    return sub !== undefined && sub !== ctx.userId;
  }
}

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function pendingKey(userId: string): string {
  return sortKey('EMAILCHANGE', userKeyPart(userId));
}
