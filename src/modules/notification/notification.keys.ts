import { sortKey, sortKeyPrefix } from '../../core/keys';

/** One outgoing message, keyed by what caused it (`ORD-000001.v3`), so a replay sends nothing twice. */
export const outboxKey = (messageId: string) => sortKey('OUTBOX', messageId);
export const outboxPrefix = () => sortKeyPrefix('OUTBOX');
