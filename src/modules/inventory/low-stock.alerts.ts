import { Injectable } from '@nestjs/common';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { NotificationOutbox } from '../notification/notification.outbox';
import { TenantDirectory } from '../tenant/tenant.directory';
import { stockKey } from './inventory.keys';
import { ReservedLine, StockLevel } from './inventory.model';

/**
 * After stock is reserved: a level that fell below its threshold alerts the tenant's admins,
 * once per admin version of that level (a restock re-arms the alert).
 */
@Injectable()
export class LowStockAlerts {
  constructor(
    private readonly items: TenantItemStore,
    private readonly outbox: NotificationOutbox,
    private readonly tenants: TenantDirectory,
  ) {}

  /** `thresholds`: each line's threshold as the reservation read it; zero means "no alert", so no read. */
  async check(ctx: TenantContext, lines: readonly (ReservedLine & { lowStockThreshold: number })[]): Promise<void> {
    for (const line of lines.filter((l) => l.lowStockThreshold > 0)) {
      const level = await this.items.get<StockLevel>(ctx, stockKey(line.sku, line.warehouse));
      if (!level || level.lowStockThreshold <= 0 || level.available >= level.lowStockThreshold) continue;
      const tenant = await this.tenants.find(ctx.tenantCode);
      await this.outbox.deliver(ctx, `low-stock.${level.sku}.${level.warehouse}.v${level.version}`, 'inventory.low-stock', {
        to: tenant?.attributes.contactEmail,
        subject: `Low stock: ${level.sku} in ${level.warehouse}`,
        body: [
          `${level.sku} (product ${level.productCode}) in warehouse ${level.warehouse} is below its threshold.`,
          `Available: ${level.available}   Reserved: ${level.reserved}   On hand: ${level.onHand}   Threshold: ${level.lowStockThreshold}`,
        ].join('\n'),
      });
    }
  }
}
