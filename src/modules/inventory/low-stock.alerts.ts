import { Injectable } from '@nestjs/common';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { stockKey } from './inventory.keys';
import { ReservedLine, StockLevel } from './inventory.model';

/**
 * Who hears that a level fell below its threshold. Inventory only says what happened: the
 * notification context implements this (it decides what to mail), and `src/app/` wires it, so
 * inventory imports no notification code (which itself reads orders, which hold stock).
 */
export abstract class LowStockNotifier {
  /** Called once per admin version of the level at most (the implementation's message id must make repeats no-ops). */
  abstract lowStock(ctx: TenantContext, level: StockLevel): Promise<void>;
}

/**
 * After stock is reserved: a level that fell below its threshold alerts the tenant's admins,
 * once per admin version of that level (a restock re-arms the alert).
 */
@Injectable()
export class LowStockAlerts {
  constructor(
    private readonly items: TenantItemStore,
    private readonly notifier: LowStockNotifier,
  ) {}

  /** `thresholds`: each line's threshold as the reservation read it; zero means "no alert", so no read. */
  async check(ctx: TenantContext, lines: readonly (ReservedLine & { lowStockThreshold: number })[]): Promise<void> {
    for (const line of lines.filter((l) => l.lowStockThreshold > 0)) {
      const level = await this.items.get<StockLevel>(ctx, stockKey(line.sku, line.warehouse));
      if (!level || level.lowStockThreshold <= 0 || level.available >= level.lowStockThreshold) continue;
      await this.notifier.lowStock(ctx, level);
    }
  }
}
