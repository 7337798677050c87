import { Injectable } from '@nestjs/common';
import { DataSyncHandler, OnApplied, SyncedChange } from '../../core/sync/data-sync-handler';
import { TenantContext } from '../../core/tenant-context';
import { ORDER_ENTITY, OrderAccessTokens, OrderAttributes } from '../order';
import { NotificationOutbox } from './notification.outbox';
import { orderMail } from './order-mails';

/**
 * One mail to the customer per order status change, through the outbox (message id
 * `<order>.v<version>`), so redelivered versions send nothing twice. No `down`: a sent mail
 * cannot be taken back, and an unsent one stays pending in the outbox for a redrive.
 */
@OnApplied(ORDER_ENTITY, 'notification.order-mail')
@Injectable()
export class OrderMailSyncHandler implements DataSyncHandler<OrderAttributes> {
  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly orderTokens: OrderAccessTokens,
  ) {}

  async up(ctx: TenantContext, { current, previous, firstApplication }: SyncedChange<OrderAttributes>): Promise<void> {
    // A second shipment keeps the status (partially_shipped) but is news to the customer.
    const newShipment = (current.attributes.shipments?.length ?? 0) > (previous?.attributes.shipments?.length ?? 0);
    if (previous && previous.attributes.status === current.attributes.status && !newShipment) return;
    // A guest's first mail carries the link to the order, with a token of its own (the checkout's is never stored).
    const orderToken = current.attributes.guest && !previous ? await this.orderTokens.issue(ctx, current.code) : undefined;
    // A guest's address was typed, never verified: its mails are capped per recipient.
    await this.outbox.deliver(ctx, `${current.code}.v${current.version}`, `order.${current.attributes.status}`, orderMail(current, orderToken), { firstApplication, unverifiedRecipient: !!current.attributes.guest });
  }
}
