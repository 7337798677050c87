import { sortKey, sortKeyPrefix } from '../../core/keys';

/** One outgoing message, keyed by what caused it (`ORD-000001.v3`), so a replay sends nothing twice. */
export const outboxKey = (messageId: string) => sortKey('OUTBOX', messageId);
export const outboxPrefix = () => sortKeyPrefix('OUTBOX');
/** Every message whose id starts with an order's code: its own (`ORD-000001.v3`) and its payments' (`ORD-000001-P1.v2`), and no more than those plus longer codes sharing the prefix. */
export const outboxOrderPrefix = (orderCode: string) => outboxKey(orderCode);
