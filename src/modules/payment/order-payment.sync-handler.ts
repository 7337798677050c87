import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSyncHandler, DataSyncRegistry, SyncedChange } from '../../core/sync/data-sync-handler';
import { TenantContext } from '../../core/tenant-context';
import { ORDER_ENTITY, OrderAttributes } from '../order';
import { ShopSettingsService } from '../tenant';
import { PaymentService } from './payment.service';

/**
 * The payment follows the order. Money is taken when the goods leave (each shipment captures
 * its share; the last one releases whatever is left), or at confirmation for shops that capture
 * then (`captureOn`): never before the stock is held. A cancel is the compensation: an
 * authorization is voided, captured money refunded. Idempotent: each capture, void and refund
 * is a step of the payment's ledger with its own id and provider idempotency key.
 */
@Injectable()
export class OrderPaymentSyncHandler implements DataSyncHandler<OrderAttributes>, OnModuleInit {
  readonly name = 'payment.follow-order';
  readonly entityType = ORDER_ENTITY;

  constructor(
    private readonly registry: DataSyncRegistry,
    private readonly payments: PaymentService,
    private readonly settings: ShopSettingsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async up(ctx: TenantContext, { current, previous }: SyncedChange<OrderAttributes>): Promise<void> {
    const order = current.attributes;
    if (!order.checkout || !previous) return;
    const newShipments = (order.shipments ?? []).slice(previous.attributes.shipments?.length ?? 0);
    const confirmedNow = order.status === 'confirmed' && previous.attributes.status !== 'confirmed';
    if (order.paidWith && (newShipments.length || confirmedNow)) {
      const { captureOn } = await this.settings.current(ctx);
      if (captureOn === 'confirmation' && confirmedNow) await this.payments.capture(ctx, order.paidWith, order.total.amount, 'confirmation', true);
      if (captureOn === 'shipment') {
        for (const shipment of newShipments) {
          const last = order.status === 'shipped' && shipment === order.shipments![order.shipments!.length - 1];
          await this.payments.capture(ctx, order.paidWith, shipment.amount.amount, `shipment.${shipment.id}`, last);
        }
      }
    }
    if (order.status === 'cancelled' && previous.attributes.status !== 'cancelled') {
      for (const payment of await this.payments.payments(ctx, current.code)) {
        await this.payments.voidAuthorization(ctx, payment.code, 'order cancelled');
        await this.payments.refundPayment(ctx, payment.code, 'order cancelled');
      }
    }
  }
}
