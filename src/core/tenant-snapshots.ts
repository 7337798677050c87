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
  /** The answer's promise is kept from the moment its read starts, so a change reported meanwhile drops it too. */
  private readonly kept = new Map<string, { types: readonly string[]; value: Promise<unknown>; until: number }>();

  /** The tenant's answer built by `load` from the newest versions of entities of `types`. */
  read<T>(tenantCode: string, types: readonly string[], load: () => Promise<T>): Promise<T> {
    const key = `${tenantCode}\u0000${types.join(',')}`;
    const hit = this.kept.get(key);
    if (hit && hit.until > Date.now()) return hit.value as Promise<T>;
    const value = load();
    const keepMs = config().tenantCacheSeconds * 1000;
    if (keepMs > 0) {
      const entry = { types, value, until: Date.now() + keepMs };
      this.kept.set(key, entry);
      // A failed read is not kept.
      value.catch(() => this.kept.get(key) === entry && this.kept.delete(key));
    }
    return value;
  }

  /** A version of `type` was published for the tenant in this instance: answers built from it are read again. */
  written(tenantCode: string, types: readonly string[]): void {
    for (const [key, entry] of this.kept) {
      if (key.startsWith(`${tenantCode}\u0000`) && entry.types.some((t) => types.includes(t))) this.kept.delete(key);
    }
  }
}
