import { Injectable } from '@nestjs/common';
import { EventSubscriber, OnEvent } from '../../core/events';
import { TenantContext } from '../../core/tenant-context';
import type { LowStockEvent } from '../inventory';
import { TenantDirectory } from '../tenant';
import { NotificationOutbox } from './notification.outbox';

/** Inventory's low-stock event as a mail to the shop's contact, once per admin version of the level. */
@OnEvent<LowStockEvent>('inventory.low_stock')
@Injectable()
export class LowStockMail implements EventSubscriber<LowStockEvent> {
  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly tenants: TenantDirectory,
  ) {}

  async on(ctx: TenantContext, { level }: LowStockEvent): Promise<void> {
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
