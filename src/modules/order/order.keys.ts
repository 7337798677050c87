import { sortKey, sortKeyPrefix } from '../../core/keys';

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
