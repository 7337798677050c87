import { Injectable } from '@nestjs/common';
import { cancellationReasons, isConditionFailure } from './dynamo';
import { TooManyRequestsError } from './errors';
import { sortKey } from './keys';
import { TTL_ATTRIBUTE } from './tables';
import { TenantContext } from './tenant-context';
import { TenantItemStore, TenantWrite } from './tenant-item.store';

export interface RateLimit {
  /** The setting's name, said in the 429. */
  name: string;
  /** Actions allowed per window. */
  limit: number;
  windowSeconds: number;
}

/** One action to count: whose counter (`bucket`, a key part) and the rule it counts against. */
export interface RateCount {
  bucket: string;
  rule: RateLimit;
}

/**
 * Fixed-window counters per tenant, caller and action, kept in the data table: one conditional
 * ADD per action, so concurrent calls never both take the last slot. The counter expires
 * (TTL) a window after its own. Every limit of the API counts here: a customer's actions, a
 * guest's orders per mailbox, a guest client's carts, checkouts and payments, a publishable
 * key's ceiling, mails per recipient, a shop's webhooks.
 */
@Injectable()
export class RateLimits {
  constructor(private readonly items: TenantItemStore) {}

  async consume(ctx: TenantContext, bucket: string, rule: RateLimit, now = Date.now()): Promise<void> {
    await this.consumeAll(ctx, [{ bucket, rule }], now);
  }

  /**
   * Counts several actions together, all or none (one transaction when more than one): a
   * refused one spends nothing of the others. 429 naming the first refused limit.
   */
  async consumeAll(ctx: TenantContext, counts: readonly RateCount[], now = Date.now()): Promise<void> {
    if (counts.length === 0) return;
    const writes = consumeWrites(counts, now);
    try {
      if (writes.length === 1) {
        const [write] = writes;
        await this.items.update(ctx, write.update, write.set, write.values!, write.names, write.condition);
      } else {
        await this.items.transact(ctx, writes);
      }
    } catch (error) {
      throw rateRefusal(error, counts, 0, now) ?? error;
    }
  }
}

/**
 * The conditional counter increment of one action, as a write that can join a transaction (an
 * order's version 1 and its customer's action land together, or neither does).
 */
export function consumeWrite(bucket: string, rule: RateLimit, now = Date.now()): Extract<TenantWrite, { update: string }> {
  const window = Math.floor(now / 1000 / rule.windowSeconds);
  return {
    update: sortKey('RATE', bucket, String(window)),
    set: 'ADD #count :one SET #ttl = :ttl',
    // Reason: concurrent actions never both take the last slot of the window.
    condition: 'attribute_not_exists(#count) OR #count < :limit',
    values: { ':one': 1, ':limit': rule.limit, ':ttl': (window + 2) * rule.windowSeconds },
    names: { '#count': 'count', '#ttl': TTL_ATTRIBUTE },
  };
}

/** The increments of several actions, in order, to join a transaction (see `rateRefusal`). */
export function consumeWrites(counts: readonly RateCount[], now = Date.now()): Extract<TenantWrite, { update: string }>[] {
  return counts.map((c) => consumeWrite(c.bucket, c.rule, now));
}

/**
 * The 429 of a write that carried `counts` (from position `offset` of its transaction) and was
 * refused by one of them; undefined when none of them refused it (another condition did).
 */
export function rateRefusal(error: unknown, counts: readonly RateCount[], offset: number, now = Date.now()): TooManyRequestsError | undefined {
  if (counts.length === 1 && offset === 0 && isConditionFailure(error)) return tooMany(counts[0].rule, now);
  const reasons = cancellationReasons(error);
  const refused = reasons && counts.find((_, i) => reasons[offset + i] === 'ConditionalCheckFailed');
  return refused ? tooMany(refused.rule, now) : undefined;
}

/** The 429 of a used-up window: the setting's name and when the next window opens. */
export function tooMany(rule: RateLimit, now = Date.now()): TooManyRequestsError {
  const window = Math.floor(now / 1000 / rule.windowSeconds);
  const retryAfterSeconds = (window + 1) * rule.windowSeconds - Math.floor(now / 1000);
  const per = rule.windowSeconds === 3600 ? 'hour' : rule.windowSeconds === 60 ? 'minute' : `${rule.windowSeconds / 60} minutes`;
  return new TooManyRequestsError(`at most ${rule.limit} of these actions per ${per} (${rule.name})`, { limit: rule.name, retryAfterSeconds });
}
