import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSyncHandler, DataSyncRegistry, SyncedChange } from '../../core/sync/data-sync-handler';
import { TenantContext } from '../../core/tenant-context';
import { ORDER_ENTITY } from '../order/order.keys';
import { OrderAttributes } from '../order/order.model';
import { PaymentService } from './payment.service';

/**
 * The payment follows the order: shipping captures the authorized payment (the money is taken
 * when the goods leave, never before stock is sure), a cancel voids an authorization the order
 * still holds (the compensation of the payment step). Idempotent: a captured or voided payment
 * is left alone, and each provider call carries a key per payment and step.
 */
@Injectable()
export class OrderPaymentSyncHandler implements DataSyncHandler<OrderAttributes>, OnModuleInit {
  readonly name = 'payment.follow-order';
  readonly entityType = ORDER_ENTITY;

  constructor(
    private readonly registry: DataSyncRegistry,
    private readonly payments: PaymentService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async up(ctx: TenantContext, { current, previous }: SyncedChange<OrderAttributes>): Promise<void> {
    const { status, checkout } = current.attributes;
    if (!checkout || previous?.attributes.status === status) return;
    if (status === 'cancelled') for (const payment of await this.payments.payments(ctx, current.code)) await this.payments.voidAuthorization(ctx, payment);
    if (status === 'shipped') for (const payment of await this.payments.payments(ctx, current.code)) await this.payments.capture(ctx, payment);
  }
}
