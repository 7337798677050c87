/**
 * One mailbox however it is spelled: the address lower-cased, and the local part's `+tag`
 * dropped (`Ada+shop@Example.com` → `ada@example.com`). Per-address limits (coupon uses, guest
 * orders, mails) count by it, because case and `+tag` variants reach the same inbox and would
 * otherwise each get a limit of their own.
 */
export function normalizeMailbox(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  const local = address.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus < 0 ? local : local.slice(0, plus)}${address.slice(at)}`;
}
