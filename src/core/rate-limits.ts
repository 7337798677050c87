import { Injectable } from '@nestjs/common';
import { isConditionFailure } from './dynamo';
import { TooManyRequestsError } from './errors';
import { sortKey } from './keys';
import { TTL_ATTRIBUTE } from './tables';
import { TenantContext } from './tenant-context';
import { TenantItemStore } from './tenant-item.store';

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
    const window = Math.floor(now / 1000 / rule.windowSeconds);
    const sk = sortKey('RATE', bucket, String(window));
    try {
      await this.items.update(
        ctx,
        sk,
        'ADD #count :one SET #ttl = :ttl',
        { ':one': 1, ':limit': rule.limit, ':ttl': (window + 2) * rule.windowSeconds },
        { '#count': 'count', '#ttl': TTL_ATTRIBUTE },
        'attribute_not_exists(#count) OR #count < :limit',
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const retryAfterSeconds = (window + 1) * rule.windowSeconds - Math.floor(now / 1000);
      throw new TooManyRequestsError(`at most ${rule.limit} of these actions per ${rule.windowSeconds / 60} minutes (${rule.name})`, {
        limit: rule.name,
        retryAfterSeconds,
      });
    }
  }
}
