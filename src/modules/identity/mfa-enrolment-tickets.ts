import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { sortKey } from '../../core/keys';
import { TTL_ATTRIBUTE } from '../../core/tables';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { InvalidCredentialsError } from './auth.errors';

/** Long enough to scan a QR code and type one code; short, since it stands for a password just given. */
export const MFA_ENROLMENT_SECONDS = 10 * 60;

interface StoredTicket {
  userId: string;
  validUntil: number;
}

/**
 * What staff get instead of tokens when TOTP is required and not enrolled yet: an opaque ticket
 * that opens POST /auth/mfa-enrolment and its /confirm, and nothing else (it is no bearer token:
 * the guard never sees it). Only its SHA-256 is stored, under `MFAENROLMENT#<digest>`, with a TTL.
 * It stays good until it expires, so a retried confirm answers the same.
 */
@Injectable()
export class MfaEnrolmentTickets {
  constructor(private readonly items: TenantItemStore) {}

  async issue(ctx: TenantContext, userId: string, now = Date.now()): Promise<string> {
    const ticket = randomBytes(32).toString('base64url');
    const validUntil = Math.floor(now / 1000) + MFA_ENROLMENT_SECONDS;
    await this.items.update(ctx, ticketKey(ticket), 'SET userId = :user, validUntil = :valid, #ttl = :ttl', { ':user': userId, ':valid': validUntil, ':ttl': validUntil + 3600 }, { '#ttl': TTL_ATTRIBUTE });
    return ticket;
  }

  /** The person the ticket was issued to; an unknown or expired ticket is the one 401 of /auth. */
  async holder(ctx: TenantContext, ticket: string, now = Date.now()): Promise<TenantContext> {
    const stored = await this.items.get<StoredTicket>(ctx, ticketKey(ticket));
    if (!stored || stored.validUntil <= Math.floor(now / 1000)) throw new InvalidCredentialsError();
    return { ...ctx, userId: stored.userId };
  }
}

function ticketKey(ticket: string): string {
  return sortKey('MFAENROLMENT', createHash('sha256').update(ticket).digest('hex'));
}
