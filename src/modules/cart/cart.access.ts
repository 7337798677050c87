import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hasRole, TenantContext } from '../../core/tenant-context';
import { CartOwner } from './cart.model';

/** A guest cart's token: 32 random bytes, base64url. Shown once; the cart keeps only its digest. */
export function newCartToken(): { token: string; digest: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, digest: cartTokenDigest(token) };
}

export function cartTokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Who may use a cart: the customer it belongs to, or whoever holds a guest cart's token (sent
 * in `x-cart-token`, never in a URL). Anyone else is told the cart does not exist.
 */
export function mayUseCart(ctx: TenantContext, owner: CartOwner, cartToken: string | undefined): boolean {
  if (owner.kind === 'customer') return hasRole(ctx, 'customer') && owner.customerId === ctx.userId;
  if (typeof cartToken !== 'string' || cartToken.length === 0 || cartToken.length > 200) return false;
  const given = Buffer.from(cartTokenDigest(cartToken), 'hex');
  const kept = Buffer.from(owner.tokenDigest, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept);
}
