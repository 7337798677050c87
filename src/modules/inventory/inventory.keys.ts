import { sortKey, sortKeyPrefix, userKeyPart } from '../../core/keys';

/** Stock of one SKU in one warehouse: lock-free counters, changed only by conditional updates. */
export const stockKey = (sku: string, warehouse: string) => sortKey('INVENTORY', sku, warehouse);
export const stockPrefix = (sku: string) => sortKeyPrefix('INVENTORY', sku);

/** One ledger line, keyed so that a replayed change writes nothing twice. */
export const movementKey = (sku: string, warehouse: string, movementId: string) => sortKey('MOVEMENT', sku, warehouse, movementId);
export const movementPrefix = (sku: string) => sortKeyPrefix('MOVEMENT', sku);

/** What one order holds, and whether it still holds it: the guard of reserve, release and deduct. */
export const reservationKey = (orderCode: string) => sortKey('RESERVATION', orderCode);

/** Units of one SKU a customer holds in open orders: the per-customer hold cap is checked against it. */
export const heldUnitsKey = (customerId: string, sku: string) => sortKey('HELDUNITS', userKeyPart(customerId), sku);

/** Units of one SKU the guests of one client (a digest of its address) hold in open orders, whatever their emails. */
export const clientHeldUnitsKey = (client: string, sku: string) => sortKey('CLIENTHELDUNITS', client, sku);
