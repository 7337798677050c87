import { Injectable } from '@nestjs/common';
import { config } from '../config';

/**
 * Per-tenant answers that every priced request needs and that change rarely (a shop's settings,
 * tax rates, shipping zones and methods), kept for `TENANT_CACHE_SECONDS` (default 5) per
 * instance, as the tenant directory keeps a tenant. `CommandService` reports every version it
 * publishes, so a change made through this instance forgets the answers built from that entity
 * type at once; elsewhere it counts within `TENANT_CACHE_SECONDS`. Never used for what a write
 * must re-check (prices, stock, coupon limits): those stay fresh.
 */
@Injectable()
export class TenantSnapshots {
  private readonly kept = new Map<string, { types: readonly string[]; value: Promise<unknown>; until: number }>();
  /** Bumped by every reported change: a read started before a change never keeps what it read. */
  private readonly generations = new Map<string, number>();

  /** The tenant's answer built by `load` from the newest versions of entities of `types`. */
  read<T>(tenantCode: string, types: readonly string[], load: () => Promise<T>): Promise<T> {
    const key = `${tenantCode}\u0000${types.join(',')}`;
    const hit = this.kept.get(key);
    if (hit && hit.until > Date.now()) return hit.value as Promise<T>;
    const value = load();
    const keepMs = config().tenantCacheSeconds * 1000;
    if (keepMs > 0) {
      const generation = this.generations.get(tenantCode) ?? 0;
      const entry = { types, value, until: Date.now() + keepMs };
      this.kept.set(key, entry);
      const drop = () => this.kept.get(key) === entry && this.kept.delete(key);
      value.then(() => (this.generations.get(tenantCode) ?? 0) !== generation && drop(), drop);
    }
    return value;
  }

  /** A version of `type` was published for the tenant in this instance: answers built from it are read again. */
  written(tenantCode: string, types: readonly string[]): void {
    this.generations.set(tenantCode, (this.generations.get(tenantCode) ?? 0) + 1);
    for (const [key, entry] of this.kept) {
      if (key.startsWith(`${tenantCode}\u0000`) && entry.types.some((t) => types.includes(t))) this.kept.delete(key);
    }
  }
}
