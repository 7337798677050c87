import { Injectable } from '@nestjs/common';
import { isConditionFailure } from '../../core/dynamo';
import { ConflictError } from '../../core/errors';
import { sortKey, userKeyPart } from '../../core/keys';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { AccountService } from './account.service';
import { AuthLimits } from './auth-limits';
import { InvalidCodeError } from './auth.errors';
import { matchingStep, newTotpSecret, otpauthUri } from './totp';

/**
 * One item beside each ACCOUNT that has TOTP: `secret` once enrolled, `pendingSecret` between
 * start and confirm, `lastStep` the newest time step a code was accepted for (a code is never
 * accepted twice: one conditional write moves it on). Not a versioned entity: the secret must
 * not be copied into history and the read model.
 */
interface StoredTotp {
  secret?: string;
  pendingSecret?: string;
  lastStep?: number;
}

export interface TotpSetup {
  secret: string;
  otpauthUri: string;
}

@Injectable()
export class TotpEnrolments {
  constructor(
    private readonly items: TenantItemStore,
    private readonly accounts: AccountService,
    private readonly limits: AuthLimits,
  ) {}

  /** A new pending secret (a retried start replaces it: only the last one can be confirmed). */
  async start(ctx: TenantContext): Promise<TotpSetup> {
    const account = await this.accounts.get(ctx, ctx.userId);
    if (!account) throw new ConflictError('only a person who signs in through /auth can enrol TOTP');
    const secret = newTotpSecret();
    try {
      await this.items.update(ctx, totpKey(ctx.userId), 'SET pendingSecret = :secret', { ':secret': secret }, undefined, 'attribute_not_exists(secret)');
    } catch (error) {
      if (isConditionFailure(error)) throw new ConflictError('TOTP is enrolled already: remove it (DELETE /me/mfa/totp) first');
      throw error;
    }
    return { secret, otpauthUri: otpauthUri(secret, `shopstream ${ctx.tenantCode}`, account.attributes.email) };
  }

  /** Enrols the pending secret with a code of it; a retry after success (the secret enrolled, a code of it) answers the same. */
  async confirm(ctx: TenantContext, code: string, now = Date.now()): Promise<void> {
    await this.limits.consume(ctx, 'codeCheck', ctx.userId);
    const stored = await this.items.get<StoredTotp>(ctx, totpKey(ctx.userId));
    if (stored?.secret && !stored.pendingSecret && matchingStep(stored.secret, code, now) !== undefined) return;
    const step = stored?.pendingSecret ? matchingStep(stored.pendingSecret, code, now) : undefined;
    if (step === undefined) throw new InvalidCodeError();
    try {
      await this.items.update(ctx, totpKey(ctx.userId), 'SET secret = :secret, lastStep = :step REMOVE pendingSecret', { ':secret': stored!.pendingSecret!, ':step': step }, undefined, 'pendingSecret = :secret');
    } catch (error) {
      if (isConditionFailure(error)) throw new InvalidCodeError();
      throw error;
    }
  }

  /** Removes TOTP with a code of it (a retry, with nothing left to remove, answers the same). */
  async remove(ctx: TenantContext, code: string, now = Date.now()): Promise<void> {
    await this.limits.consume(ctx, 'codeCheck', ctx.userId);
    const stored = await this.items.get<StoredTotp>(ctx, totpKey(ctx.userId));
    if (!stored?.secret) return;
    if (!(await this.accept(ctx, ctx.userId, stored, code, now))) throw new InvalidCodeError();
    await this.items.delete(ctx, totpKey(ctx.userId));
  }

  /**
   * A sign-in's second factor for `userId`: `not_enrolled` without TOTP; with it `passed` only for
   * a fresh code, once per time step (of two sign-ins with one code, one wins), so a code seen over
   * a shoulder is spent.
   */
  async check(ctx: TenantContext, userId: string, code: string | undefined, now = Date.now()): Promise<'not_enrolled' | 'passed' | 'failed'> {
    const stored = await this.items.get<StoredTotp>(ctx, totpKey(userId));
    if (!stored?.secret) return 'not_enrolled';
    return code !== undefined && (await this.accept(ctx, userId, stored, code, now)) ? 'passed' : 'failed';
  }

  private async accept(ctx: TenantContext, userId: string, stored: StoredTotp, code: string, now: number): Promise<boolean> {
    const step = matchingStep(stored.secret!, code, now);
    if (step === undefined) return false;
    try {
      await this.items.update(ctx, totpKey(userId), 'SET lastStep = :step', { ':step': step, ':secret': stored.secret! }, undefined, 'secret = :secret AND (attribute_not_exists(lastStep) OR lastStep < :step)');
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

function totpKey(userId: string): string {
  return sortKey('MFA', 'totp', userKeyPart(userId));
}
