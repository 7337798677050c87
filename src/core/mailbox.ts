import { createHash } from 'node:crypto';

/**
 * The mailbox an address reaches: lower-cased, with the local part's `+tag` dropped (mail
 * services deliver `Ada+shop@Example.com` to `ada@example.com`), so a limit per person cannot be
 * dodged by spelling one address several ways.
 */
export function normalizeMailbox(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  return address.slice(0, at).split('+')[0] + address.slice(at);
}

/** A mailbox as a key part: the digest of its normalized form (an address holds characters a key may not). */
export function mailboxKeyPart(email: string): string {
  return createHash('sha256').update(normalizeMailbox(email)).digest('hex').slice(0, 40);
}
