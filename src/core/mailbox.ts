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
