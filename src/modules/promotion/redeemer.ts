import { createHash } from 'node:crypto';
import { userKeyPart } from '../../core/keys';
import { Redeemer } from './coupon.model';

/** Trimmed and lower-cased: how a guest's email is compared. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Who redeems a coupon (and, for a guest, who holds stock): a customer by id, a guest by the
 * digest of their normalized email, so per-customer limits hold for guests too.
 */
export function redeemerOf(who: { customerId?: string; email?: string }): Redeemer {
  if (who.customerId) return { key: `c.${userKeyPart(who.customerId)}` };
  if (!who.email) throw new Error('a redeemer needs a customer id or an email');
  return { key: `e.${createHash('sha256').update(normalizeEmail(who.email)).digest('hex').slice(0, 40)}` };
}
