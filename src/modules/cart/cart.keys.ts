import { IndexKeys } from '../../core/entity';
import { indexPk, sortKey, userKeyPart } from '../../core/keys';
import { TenantContext } from '../../core/tenant-context';
import { CartAttributes } from './cart.model';

/** Entity type of a cart; its code is a ULID. */
export const CART_ENTITY = 'CART';

/** Which cart is a customer's own: `{cartId}`, replaced only when that cart is no longer active. */
export const customerCartKey = (customerId: string) => sortKey('CUSTOMERCART', userKeyPart(customerId));

/** One completion of a cart at a time: the claim a completing request puts first (expires). */
export const checkoutClaimKey = (cartId: string) => sortKey('CHECKOUTCLAIM', cartId);

/** The group of the state index that holds active carts, least recently touched first. */
export const activeCartsGroup = (): [string, string] => ['ACTIVE', CART_ENTITY];

/** An active cart is listed by its last activity, so the abandon sweep reads only the idle ones. */
export function cartIndexes(ctx: Pick<TenantContext, 'tenantCode'>, code: string, cart: Pick<CartAttributes, 'status' | 'lastActivityAt'>): IndexKeys {
  return cart.status === 'active' ? { gsi2pk: indexPk(ctx, ...activeCartsGroup()), gsi2sk: sortKey('ACTIVITY', cart.lastActivityAt, code) } : {};
}
