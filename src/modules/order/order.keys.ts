import { IndexKeys } from '../../core/entity';
import { indexPk, sortKey, sortKeyPrefix, userKeyPart } from '../../core/keys';
import { TenantContext } from '../../core/tenant-context';
import { mailboxKeyPart } from '../../core/mailbox';
import { OrderAttributes, orderCustomerOf } from './order.model';

/** Entity type of an order; its code is `ORD-000001`, numbered per tenant. */
export const ORDER_ENTITY = 'ORDER';

/** The per-tenant counter order numbers are taken from. */
export const orderSequenceKey = () => sortKey('SEQUENCE', ORDER_ENTITY);

export function orderCode(sequence: number): string {
  return `ORD-${String(sequence).padStart(6, '0')}`;
}

/**
 * The group of the owner index that holds one customer's orders, by the customer's key part
 * (`keys.userKeyPart` of the token subject, the `id` of `GET /me` staff use): never a raw `sub`,
 * since a digested part digested again would name another group.
 */
export const customerOrdersGroup = (customerPart: string): [string, string] => ['CUSTOMER', customerPart];
/** The customer's group holds their orders and their returns: each list reads only its own type's prefix. */
export const customerOrdersWithin = () => sortKeyPrefix(ORDER_ENTITY);
export const customerReturnsWithin = () => sortKeyPrefix(RETURN_ENTITY);
/** The group of the owner index that holds the unclaimed guest orders placed with one mailbox (`mailboxKeyPart`): what a claim reads. */
export const guestEmailOrdersGroup = (mailboxPart: string): [string, string] => ['GUESTEMAIL', mailboxPart];
/** A customer's claim of a guest order, written with the claiming version: what a claim answers, without a scan. */
export const claimedOrderKey = (customerPart: string, orderCode: string) => sortKey('CLAIMEDORDER', customerPart, orderCode);
export const claimedOrdersPrefix = (customerPart: string) => sortKeyPrefix('CLAIMEDORDER', customerPart);
/** The group of the state index that holds the tenant's pending orders, oldest first. */
export const pendingOrdersGroup = (): [string, string] => ['PENDING', ORDER_ENTITY];

/** The group of the state index that holds orders awaiting payment, the earliest hold end first. */
export const awaitingPaymentGroup = (): [string, string] => ['AWAITING', ORDER_ENTITY];

/**
 * Where a version of an order is listed besides the data table: in its customer's group (a
 * customer's order list reads only that; a guest's order is there once claimed, and until then
 * in the group of the mailbox it was placed with, which a claim reads), in the pending group only
 * while it is pending (the pending sweep reads only that), and in the awaiting group while it
 * awaits payment (the hold sweep reads only that). Written with the version itself: no extra items.
 */
export function orderIndexes(
  ctx: Pick<TenantContext, 'tenantCode'>,
  code: string,
  order: Pick<OrderAttributes, 'customerId' | 'guest' | 'claimedBy' | 'customerEmail' | 'status' | 'placedAt' | 'holdUntil'>,
): IndexKeys {
  const customer = orderCustomerOf(order);
  const owner = customer ? customerOrdersGroup(userKeyPart(customer)) : order.customerEmail ? guestEmailOrdersGroup(mailboxKeyPart(order.customerEmail)) : undefined;
  return {
    ...(owner ? { gsi1pk: indexPk(ctx, ...owner), gsi1sk: sortKey(ORDER_ENTITY, code) } : {}),
    ...(order.status === 'pending' ? { gsi2pk: indexPk(ctx, ...pendingOrdersGroup()), gsi2sk: sortKey('PLACED', order.placedAt, code) } : {}),
    // The hold sweep reads only this group: an order is in it while it awaits payment.
    ...(order.status === 'awaiting_payment' && order.holdUntil ? { gsi2pk: indexPk(ctx, ...awaitingPaymentGroup()), gsi2sk: sortKey('HOLD', order.holdUntil, code) } : {}),
  };
}

/** Entity type of a return; its code is `<order code>-R<n>`. */
export const RETURN_ENTITY = 'RETURN';
export const returnCode = (orderCode: string, n: number) => `${orderCode}-R${n}`;

/**
 * Where a version of a return is listed: in its customer's group (GET /me/returns reads only
 * that), by when it was asked for, so the newest is first read backwards. A guest's return
 * (customerId `guest`, as on a guest's order) is in no group: one asked for before the order was
 * claimed stays out of the list; its order's page shows it. Written with every version.
 */
export function returnIndexes(ctx: Pick<TenantContext, 'tenantCode'>, code: string, ret: { customerId: string }, createdAt: string): IndexKeys {
  if (ret.customerId === 'guest') return {};
  return { gsi1pk: indexPk(ctx, ...customerOrdersGroup(userKeyPart(ret.customerId))), gsi1sk: sortKey(RETURN_ENTITY, createdAt, code) };
}
/** How many returns an order has had. */
export const returnCountKey = (orderCode: string) => sortKey('RETURNCOUNT', orderCode);
/** Units of one SKU of an order in returns not rejected: never more than were shipped. */
export const returnedUnitsKey = (orderCode: string, sku: string) => sortKey('RETURNEDUNITS', orderCode, sku);
