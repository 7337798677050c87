import { Injectable } from '@nestjs/common';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { stockPrefix } from './inventory.keys';
import { StockLevel } from './inventory.model';

/** How long a SKU's warehouse levels are reused to choose where to reserve. */
const KEPT_MS = 5000;

/**
 * The warehouses of a SKU and what they had, as last read, to choose where a reservation goes
 * without a read per order on a busy SKU. Only a choice is made from it: the reservation's
 * own condition (`available >= quantity`) re-checks the stock in the same write, and "out of
 * stock" is only ever concluded from a fresh read. Per process; at most KEPT_MS old.
 */
@Injectable()
export class StockLevelCache {
  private readonly levels = new Map<string, { levels: StockLevel[]; until: number }>();

  constructor(private readonly items: TenantItemStore) {}

  async of(ctx: TenantContext, sku: string, fresh: boolean): Promise<StockLevel[]> {
    const key = `${ctx.tenantCode}\n${sku}`;
    const hit = this.levels.get(key);
    if (!fresh && hit && hit.until > Date.now()) return hit.levels;
    // Eventually consistent is enough: whatever is chosen is re-checked by the write's condition.
    const { items } = await this.items.list<StockLevel>(ctx, stockPrefix(sku), { limit: 100 });
    this.levels.set(key, { levels: items, until: Date.now() + KEPT_MS });
    return items;
  }

  /** A reservation took `quantity` from a warehouse: keep the next choice close to the truth. */
  taken(ctx: TenantContext, sku: string, warehouse: string, quantity: number): void {
    const hit = this.levels.get(`${ctx.tenantCode}\n${sku}`);
    const level = hit?.levels.find((l) => l.warehouse === warehouse);
    if (level) level.available -= quantity;
  }
}
