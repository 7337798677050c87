import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConflictError, VersionConflictError } from '../../core/errors';
import { DataSyncHandler, DataSyncRegistry, SyncedChange } from '../../core/sync/data-sync-handler';
import { TenantContext } from '../../core/tenant-context';
import { OrderService } from '../order/order.service';
import { PAYMENT_ENTITY } from './payment.keys';
import { PaymentAttributes } from './payment.model';
import { PaymentService } from './payment.service';

/**
 * The saga's payment step: an authorized payment confirms the order still awaiting it. An
 * authorization that arrives for an order no longer awaiting it (the hold ended, the shopper
 * or the shop cancelled) is voided, so no money is held for nothing. Idempotent: a redelivery
 * finds the order confirmed, or the payment voided, already.
 */
@Injectable()
export class PaymentOrderSyncHandler implements DataSyncHandler<PaymentAttributes>, OnModuleInit {
  readonly name = 'payment.order';
  readonly entityType = PAYMENT_ENTITY;

  constructor(
    private readonly registry: DataSyncRegistry,
    private readonly orders: OrderService,
    private readonly payments: PaymentService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async up(ctx: TenantContext, { current, previous }: SyncedChange<PaymentAttributes>): Promise<void> {
    // Authorized, or captured before we heard of the authorization: either way the money is there.
    const paid = (state?: string) => state === 'authorized' || state === 'captured';
    if (!paid(current.attributes.state) || paid(previous?.attributes.state)) return;
    const order = await this.orders.latest(ctx, current.attributes.orderCode);
    if (!order) return;
    if (order.attributes.status === 'cancelled') return this.payments.voidAuthorization(ctx, current);
    // Not voidable once captured: a captured payment for a cancelled order needs a refund (an admin's, for now).
    if (order.attributes.status !== 'awaiting_payment') return;
    try {
      await this.orders.moveBySystem(ctx, order, { to: 'confirmed' });
    } catch (error) {
      if (!(error instanceof VersionConflictError) && !(error instanceof ConflictError)) throw error;
    }
  }
}
