import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConflictError, VersionConflictError } from '../../core/errors';
import { logger } from '../../core/logger';
import { DataSyncHandler, DataSyncRegistry, SyncedChange } from '../../core/sync/data-sync-handler';
import { TenantContext } from '../../core/tenant-context';
import { OrderService, OrderStockHolds } from '../order';
import { PAYMENT_ENTITY } from './payment.keys';
import { PaymentAttributes, paymentAmounts } from './payment.model';
import { PaymentService } from './payment.service';

const DECIDE_ATTEMPTS = 5;

/** Money is there: authorized, or captured before we heard of the authorization. */
function holdsMoney(payment?: PaymentAttributes): boolean {
  if (!payment) return false;
  const { authorized, captured } = paymentAmounts(payment);
  return authorized > 0 || captured > 0;
}

/** When the provider told us the money was there (the authorization, or a capture that overtook it). */
function moneyArrivedAt(payment: PaymentAttributes): string {
  return payment.transactions.find((t) => (t.kind === 'authorization' || t.kind === 'capture') && t.state === 'succeeded')?.at ?? '';
}

/**
 * The saga's payment step. A payment that gets money confirms the order awaiting it (the
 * payment is recorded as the one that paid). A payment that came after the hold ended (late)
 * takes the order's stock and coupons again if they are still there and confirms it; otherwise,
 * and for any payment the order does not need (cancelled by someone, or paid already by another
 * attempt), the money goes back: the authorization is voided, or what was captured refunded;
 * the shopper is mailed either way. Idempotent: a redelivery finds the order paid by this
 * payment, or the payment voided or refunded.
 */
@Injectable()
export class PaymentOrderSyncHandler implements DataSyncHandler<PaymentAttributes>, OnModuleInit {
  readonly name = 'payment.order';
  readonly entityType = PAYMENT_ENTITY;

  constructor(
    private readonly registry: DataSyncRegistry,
    private readonly orders: OrderService,
    private readonly holds: OrderStockHolds,
    private readonly payments: PaymentService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async up(ctx: TenantContext, { current, previous }: SyncedChange<PaymentAttributes>): Promise<void> {
    if (!holdsMoney(current.attributes) || holdsMoney(previous?.attributes)) return;
    for (let attempt = 1; attempt <= DECIDE_ATTEMPTS; attempt++) {
      const order = await this.orders.latest(ctx, current.attributes.orderCode);
      if (!order || order.attributes.paidWith === current.code) return;
      const { status, cancelReason, paidWith } = order.attributes;
      try {
        if (status === 'awaiting_payment') {
          await this.orders.moveBySystem(ctx, order, { to: 'confirmed', paidWith: current.code });
          return;
        }
        // Late: the money came after the hold ended. An authorization the order already had when
        // its hold ended is voided with the cancel (the follow-order sync), never re-taken.
        if (status === 'cancelled' && cancelReason === 'payment_timeout' && !paidWith && moneyArrivedAt(current.attributes) > order.attributes.change.at) {
          const outcome = await this.holds.hold(ctx, order, { retake: true });
          if (outcome.kind === 'reserved') {
            await this.orders.moveBySystem(ctx, order, { to: 'confirmed', paidWith: current.code, latePayment: true });
            logger.info('a late payment took the stock again and confirmed its order', { tenant: ctx.tenantCode, order: order.code, payment: current.code });
            return;
          }
        }
      } catch (error) {
        if (error instanceof VersionConflictError) continue;
        if (!(error instanceof ConflictError)) throw error;
      }
      break;
    }
    // Not needed: give the money back (the payment's mail tells the shopper).
    await this.payments.voidAuthorization(ctx, current.code, 'not needed by its order');
    await this.payments.refundPayment(ctx, current.code, 'not needed by its order');
  }
}
