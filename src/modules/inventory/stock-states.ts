import { Injectable, OnModuleInit } from '@nestjs/common';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { StockState, StockStateSource, VariantStockStates } from '../catalog';
import { stockPrefix } from './inventory.keys';
import { StockLevel } from './inventory.model';

/**
 * Each SKU's stock state for shoppers, from its levels in every warehouse: `out_of_stock` when
 * nothing is available, `low` when what is available is under the warehouses' low-stock
 * thresholds added up (the threshold the low-stock mail uses), else `in_stock`. One Query per
 * SKU, side by side, eventually consistent: it may miss the last second's sales, which is fine
 * for display since every reservation re-checks `available` in its own write.
 */
@Injectable()
export class StockStates implements StockStateSource, OnModuleInit {
  constructor(
    private readonly items: TenantItemStore,
    private readonly catalog: VariantStockStates,
  ) {}

  onModuleInit(): void {
    this.catalog.provide(this);
  }

  async statesOf(ctx: TenantContext, skus: readonly string[]): Promise<Map<string, StockState>> {
    const states = new Map<string, StockState>();
    await Promise.all(
      [...new Set(skus)].map(async (sku) => {
        const { items } = await this.items.list<StockLevel>(ctx, stockPrefix(sku), { limit: 100 });
        states.set(sku, stockStateOf(items));
      }),
    );
    return states;
  }
}

export function stockStateOf(levels: readonly Pick<StockLevel, 'available' | 'lowStockThreshold'>[]): StockState {
  const available = levels.reduce((sum, l) => sum + Math.max(0, l.available), 0);
  const threshold = levels.reduce((sum, l) => sum + Math.max(0, l.lowStockThreshold ?? 0), 0);
  if (available <= 0) return 'out_of_stock';
  return available < threshold ? 'low' : 'in_stock';
}
