import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSyncHandler, DataSyncRegistry, SyncedChange } from '../../core/sync/data-sync-handler';
import { TenantContext } from '../../core/tenant-context';
import { ORDER_ENTITY } from '../order/order.keys';
import { OrderAttributes } from '../order/order.model';
import { PaymentService } from './payment.service';

/**
 * The compensation of the payment step: a cancelled order (its hold ended, or a person
 * cancelled it) voids every authorization it still holds. Idempotent: a voided payment is left
 * alone, and the provider call carries a key per payment.
 */
@Injectable()
export class PaymentVoidSyncHandler implements DataSyncHandler<OrderAttributes>, OnModuleInit {
  readonly name = 'payment.void-on-cancel';
  readonly entityType = ORDER_ENTITY;

  constructor(
    private readonly registry: DataSyncRegistry,
    private readonly payments: PaymentService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async up(ctx: TenantContext, { current, previous }: SyncedChange<OrderAttributes>): Promise<void> {
    if (current.attributes.status !== 'cancelled' || previous?.attributes.status === 'cancelled' || !current.attributes.checkout) return;
    for (const payment of await this.payments.payments(ctx, current.code)) await this.payments.voidAuthorization(ctx, payment);
  }
}
