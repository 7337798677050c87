import { Injectable } from '@nestjs/common';
import { isConditionFailure } from './dynamo';
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

/**
 * Fixed-window counters per tenant, caller and action, kept in the data table: one conditional
 * ADD per action, so concurrent calls never both take the last slot. The counter expires
 * (TTL) a window after its own.
 */
@Injectable()
export class RateLimits {
  constructor(private readonly items: TenantItemStore) {}

  async consume(ctx: TenantContext, bucket: string, rule: RateLimit, now = Date.now()): Promise<void> {
    const write = consumeWrite(bucket, rule, now);
    try {
      await this.items.update(ctx, write.update, write.set, write.values!, write.names, write.condition);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      throw tooMany(rule, now);
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

/** The 429 of a used-up window: the setting's name and when the next window opens. */
export function tooMany(rule: RateLimit, now = Date.now()): TooManyRequestsError {
  const window = Math.floor(now / 1000 / rule.windowSeconds);
  const retryAfterSeconds = (window + 1) * rule.windowSeconds - Math.floor(now / 1000);
  return new TooManyRequestsError(`at most ${rule.limit} of these actions per ${rule.windowSeconds / 60} minutes (${rule.name})`, { limit: rule.name, retryAfterSeconds });
}
