import { Injectable } from '@nestjs/common';
import { TenantContext } from '../../core/tenant-context';

/** What a shopper is told of a variant's stock: display only (adding to a cart and completing re-check the stock in their own writes). */
export const STOCK_STATES = ['in_stock', 'low', 'out_of_stock'] as const;
export type StockState = (typeof STOCK_STATES)[number];

/** Whoever keeps the stock: inventory, which depends on catalog and so registers itself here rather than being imported. */
export interface StockStateSource {
  statesOf(ctx: TenantContext, skus: readonly string[]): Promise<Map<string, StockState>>;
}

/** The catalog's door to the stock states of its variants (for product reads). */
@Injectable()
export class VariantStockStates {
  private source?: StockStateSource;

  provide(source: StockStateSource): void {
    this.source = source;
  }

  async of(ctx: TenantContext, skus: readonly string[]): Promise<Map<string, StockState>> {
    if (!this.source) throw new Error('no stock state source: InventoryModule is not loaded beside the catalog');
    return this.source.statesOf(ctx, skus);
  }
}
