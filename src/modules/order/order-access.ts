import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sortKey } from '../../core/keys';
import { systemActorContext, TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { OrderAttributes } from './order.model';

/** A token is 32 random bytes, base64url: 43 characters. Anything else is refused unread. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
/** How long after delivery (or a cancel) a guest's token still opens the order: past any return window. */
export const ORDER_ACCESS_DAYS_AFTER_CLOSE = 90;
const DAY_MS = 86_400_000;

interface OrderAccessItem {
  orderCode: string;
  digest: string;
  issuedAt: string;
}

/** Keyed by the token's digest, so checking a token is one consistent GetItem of the tenant's partition. */
const orderAccessKey = (digest: string) => sortKey('ORDERACCESS', digest);
const digestOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A guest's key to one order, given at checkout: only its SHA-256 digest is stored (a leaked
 * table gives no usable token). Each completion of a guest cart gives a fresh one; all stay valid.
 */
@Injectable()
export class OrderAccessTokens {
  constructor(private readonly items: TenantItemStore) {}

  async issue(ctx: TenantContext, orderCode: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const digest = digestOf(token);
    const item: OrderAccessItem = { orderCode, digest, issuedAt: new Date().toISOString() };
    await this.items.putIfAbsent(ctx, orderAccessKey(digest), { ...item });
    return token;
  }

  /** The order a token opens in this tenant; undefined for a malformed, unknown or forged one. */
  async orderOf(tenantCode: string, token: string, requestId: string): Promise<string | undefined> {
    if (!TOKEN_FORMAT.test(token)) return undefined;
    const digest = digestOf(token);
    const stored = await this.items.get<OrderAccessItem>(systemActorContext(tenantCode, 'order-access', requestId), orderAccessKey(digest));
    if (!stored || !timingSafeEqual(Buffer.from(stored.digest, 'hex'), Buffer.from(digest, 'hex'))) return undefined;
    return stored.orderCode;
  }
}

/** The server decides when a token ends, not the token: while the order is open, and 90 days after its delivery or cancel. */
export function orderAccessOpen(order: OrderAttributes, now = Date.now()): boolean {
  const closedAt = order.deliveredAt ?? (order.status === 'cancelled' ? order.change.at : undefined);
  return !closedAt || now <= Date.parse(closedAt) + ORDER_ACCESS_DAYS_AFTER_CLOSE * DAY_MS;
}
