import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isConditionFailure } from '../../core/dynamo';
import { sortKey } from '../../core/keys';
import { TTL_ATTRIBUTE } from '../../core/tables';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { addressKeyPart } from './auth-limits';

export type CodePurpose = 'verify-email' | 'reset-password' | 'invitation' | 'change-email';

/** A code lives 15 minutes (an invitation 3 days: staff may read their mail later), and dies after 5 wrong tries. */
export const CODE_LIFETIME_SECONDS: Record<CodePurpose, number> = { 'verify-email': 15 * 60, 'reset-password': 15 * 60, 'change-email': 15 * 60, invitation: 3 * 24 * 3600 };
export const MAX_CODE_ATTEMPTS = 5;

interface StoredCode {
  codeHash: string;
  validUntil: number;
  attempts: number;
  usedAt?: string;
}

/** `used`: the right code, used already (a retried request: answer as before, change nothing). */
export type CodeCheck = 'ok' | 'used' | 'invalid';

/**
 * Our own one-time codes (Cognito mails none): six random digits, one live code per person and
 * purpose (a new one replaces the old), kept hashed with the username as salt, expiring, void
 * after MAX_CODE_ATTEMPTS wrong tries. The item goes when its TTL passes.
 */
@Injectable()
export class AuthCodes {
  constructor(private readonly items: TenantItemStore) {}

  async issue(ctx: TenantContext, purpose: CodePurpose, username: string, now = Date.now()): Promise<string> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const validUntil = Math.floor(now / 1000) + CODE_LIFETIME_SECONDS[purpose];
    await this.items.update(
      ctx,
      codeKey(purpose, username),
      'SET codeHash = :hash, validUntil = :valid, attempts = :zero, #ttl = :ttl REMOVE usedAt',
      { ':hash': hashCode(username, code), ':valid': validUntil, ':zero': 0, ':ttl': validUntil + 3600 },
      { '#ttl': TTL_ATTRIBUTE },
    );
    return code;
  }

  /**
   * Whether `code` is the live code of `username` for `purpose`; a right code is used up by this
   * check (one conditional write: of two concurrent checks one wins), a wrong one counts a try.
   */
  async check(ctx: TenantContext, purpose: CodePurpose, username: string, code: string, now = Date.now()): Promise<CodeCheck> {
    const sk = codeKey(purpose, username);
    const given = hashCode(username, code);
    const stored = await this.items.get<StoredCode>(ctx, sk);
    if (!stored || stored.validUntil <= Math.floor(now / 1000) || stored.attempts >= MAX_CODE_ATTEMPTS) return 'invalid';
    if (!sameHash(stored.codeHash, given)) {
      await this.items.update(ctx, sk, 'ADD attempts :one', { ':one': 1 });
      return 'invalid';
    }
    if (stored.usedAt) return 'used';
    try {
      await this.items.update(ctx, sk, 'SET usedAt = :now', { ':now': new Date(now).toISOString(), ':hash': given, ':max': MAX_CODE_ATTEMPTS }, undefined, 'codeHash = :hash AND attempts < :max AND attribute_not_exists(usedAt)');
      return 'ok';
    } catch (error) {
      if (isConditionFailure(error)) return 'invalid';
      throw error;
    }
  }
}

function codeKey(purpose: CodePurpose, username: string): string {
  return sortKey('AUTHCODE', purpose, addressKeyPart(username));
}

function hashCode(username: string, code: string): string {
  return createHash('sha256').update(`${username}\n${code}`).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
