import { Injectable } from '@nestjs/common';
import { DomainEvent, DomainEvents } from '../../core/events';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { stockKey } from './inventory.keys';
import { ReservedLine, StockLevel } from './inventory.model';

/** Published after every reservation that leaves a level below its threshold: a subscriber acts once per admin version of the level (its message id makes repeats no-ops). */
export interface LowStockEvent extends DomainEvent {
  readonly type: 'inventory.low_stock';
  readonly level: StockLevel;
}

/**
 * After stock is reserved: a level that fell below its threshold is published as
 * `inventory.low_stock` (notification mails the shop's contact, once per admin version of that
 * level: a restock re-arms the alert). Inventory only says what happened.
 */
@Injectable()
export class LowStockAlerts {
  constructor(
    private readonly items: TenantItemStore,
    private readonly events: DomainEvents,
  ) {}

  /** `thresholds`: each line's threshold as the reservation read it; zero means "no alert", so no read. */
  async check(ctx: TenantContext, lines: readonly (ReservedLine & { lowStockThreshold: number })[]): Promise<void> {
    for (const line of lines.filter((l) => l.lowStockThreshold > 0)) {
      const level = await this.items.get<StockLevel>(ctx, stockKey(line.sku, line.warehouse));
      if (!level || level.lowStockThreshold <= 0 || level.available >= level.lowStockThreshold) continue;
      await this.events.publish<LowStockEvent>(ctx, { type: 'inventory.low_stock', level });
    }
  }
}
