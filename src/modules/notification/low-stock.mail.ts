import { Injectable } from '@nestjs/common';
import { TenantContext } from '../../core/tenant-context';
import { LowStockNotifier } from '../inventory';
import type { StockLevel } from '../inventory';
import { TenantDirectory } from '../tenant';
import { NotificationOutbox } from './notification.outbox';

/** Inventory's low-stock alert as a mail to the shop's contact, once per admin version of the level. */
@Injectable()
export class LowStockMail implements LowStockNotifier {
  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly tenants: TenantDirectory,
  ) {}

  async lowStock(ctx: TenantContext, level: StockLevel): Promise<void> {
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
