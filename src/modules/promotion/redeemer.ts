import { mailboxKeyPart } from '../../core/mailbox';
import { userKeyPart } from '../../core/keys';
import { Redeemer } from './coupon.model';

/**
 * Who redeems a coupon (and, for a guest, who holds stock): a person by the digest of their
 * normalized mailbox whenever an email is known (a guest's, or a customer's verified one), so a
 * once-per-customer coupon is once per person whether they sign in, check out as a guest, or
 * spell the address with `+tags` or capitals; a customer without a verified email by id.
 */
export function redeemerOf(who: { customerId?: string; email?: string }): Redeemer {
  if (who.email) return { key: `e.${mailboxKeyPart(who.email)}` };
  if (who.customerId) return { key: `c.${userKeyPart(who.customerId)}` };
  throw new Error('a redeemer needs a customer id or an email');
}
