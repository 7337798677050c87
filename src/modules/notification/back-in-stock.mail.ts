import { Injectable } from '@nestjs/common';
import { EventSubscriber, OnEvent } from '../../core/events';
import { TenantContext } from '../../core/tenant-context';
import type { BackInStockEvent } from '../wishlist';
import { NotificationOutbox } from './notification.outbox';

/**
 * A wished-for SKU came back: one mail to the customer per SKU, return (the stock item's change
 * count) and customer, whatever the redeliveries. Published by the read model's consumer,
 * which runs without Nest (see `subscribersWithoutNest`).
 */
@OnEvent<BackInStockEvent>('wishlist.back_in_stock')
@Injectable()
export class BackInStockMail implements EventSubscriber<BackInStockEvent> {
  constructor(private readonly outbox: NotificationOutbox) {}

  async on(ctx: TenantContext, { sku, changes, customer, email }: BackInStockEvent): Promise<void> {
    await this.outbox.deliver(ctx, `backinstock.${sku}.${changes}.${Buffer.from(customer).toString('base64url').slice(0, 40)}`, 'wishlist.back-in-stock', {
      to: email,
      subject: `${sku} is back in stock`,
      body: `Good news: ${sku}, on your wishlist, is back in stock.`,
    });
  }
}
