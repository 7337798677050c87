import { sortKey, sortKeyPrefix, userKeyPart } from '../../core/keys';

/** Entity type of an order; its code is `ORD-000001`, numbered per tenant. */
export const ORDER_ENTITY = 'ORDER';

/** The per-tenant counter order numbers are taken from. */
export const orderSequenceKey = () => sortKey('SEQUENCE', ORDER_ENTITY);

export function orderCode(sequence: number): string {
  return `ORD-${String(sequence).padStart(6, '0')}`;
}

/**
 * A marker that lives while an order is pending: written with the order, removed by its sync
 * once the order moves on. The pending sweep reads these few items, never all orders.
 */
export const pendingOrderKey = (code: string) => sortKey('PENDINGORDER', code);
export const pendingOrderPrefix = () => sortKeyPrefix('PENDINGORDER');

/**
 * A customer's own index of orders, written with the order's version 1: a customer's order list
 * reads only these, so its cost follows the customer's orders, never the shop's.
 */
export const customerOrderKey = (customerId: string, code: string) => sortKey('CUSTOMERORDER', userKeyPart(customerId), code);
export const customerOrdersPrefix = (customerId: string) => sortKeyPrefix('CUSTOMERORDER', userKeyPart(customerId));
