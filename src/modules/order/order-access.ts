import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { UNKNOWN_CLIENT } from '../../core/client-address';
import { sortKey } from '../../core/keys';
import { RateLimit, RateLimits } from '../../core/rate-limits';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { OrderAttributes } from './order.model';

/** A token is 32 random bytes, base64url: 43 characters. Anything else is refused unread. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
/** How long after delivery (or a cancel) a guest's token still opens the order: past any return window. */
export const ORDER_ACCESS_DAYS_AFTER_CLOSE = 90;
const DAY_MS = 86_400_000;
/** Wrong order tokens a guest client may send per minute; past it, 429 (guessing costs the guesser, not the table). */
export const WRONG_ORDER_TOKENS: RateLimit = { name: 'wrongOrderTokensPerClientPerMinute', limit: 20, windowSeconds: 60 };

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
  constructor(
    private readonly items: TenantItemStore,
    private readonly rateLimits: RateLimits,
  ) {}

  async issue(ctx: TenantContext, orderCode: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const digest = digestOf(token);
    const item: OrderAccessItem = { orderCode, digest, issuedAt: new Date().toISOString() };
    await this.items.putIfAbsent(ctx, orderAccessKey(digest), { ...item });
    return token;
  }

  /**
   * The order a token opens in the guest's tenant; undefined for a malformed, unknown or forged
   * one, which counts against the guest's client (429 past WRONG_ORDER_TOKENS).
   */
  async orderOf(guest: TenantContext, token: string): Promise<string | undefined> {
    const digest = digestOf(token);
    const stored = TOKEN_FORMAT.test(token) ? await this.items.get<OrderAccessItem>(guest, orderAccessKey(digest)) : undefined;
    if (stored && timingSafeEqual(Buffer.from(stored.digest, 'hex'), Buffer.from(digest, 'hex'))) return stored.orderCode;
    await this.rateLimits.consume(guest, `ordertokens.client.${guest.client ?? UNKNOWN_CLIENT}`, WRONG_ORDER_TOKENS);
    return undefined;
  }
}

/** The server decides when a token ends, not the token: while the order is open, and 90 days after its delivery or cancel. */
export function orderAccessOpen(order: OrderAttributes, now = Date.now()): boolean {
  const closedAt = order.deliveredAt ?? (order.status === 'cancelled' ? order.change.at : undefined);
  return !closedAt || now <= Date.parse(closedAt) + ORDER_ACCESS_DAYS_AFTER_CLOSE * DAY_MS;
}
