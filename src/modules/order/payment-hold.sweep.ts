import { Injectable, OnModuleInit } from '@nestjs/common';
import { logger } from '../../core/logger';
import { DataService } from '../../core/data.service';
import { SweepRegistry, TenantSweep } from '../../core/sweep';
import { DATA_INDEXES } from '../../core/tables';
import { TenantContext } from '../../core/tenant-context';
import { awaitingPaymentGroup } from './order.keys';
import { OrderAttributes } from './order.model';
import { OrderService } from './order.service';

/**
 * A checkout paid online, or offline before shipping (bank transfer), holds its stock and
 * coupons until `holdUntil`. When the hold ends
 * with no payment, the order is cancelled as `payment_timeout`; that version's own sync
 * releases stock and redemptions (once, whatever the delivery order) and mails the shopper.
 * Reads only the awaiting group of the state index, earliest hold end first.
 */
@Injectable()
export class PaymentHoldSweep implements TenantSweep, OnModuleInit {
  readonly name = 'order.payment-hold';

  constructor(
    private readonly sweeps: SweepRegistry,
    private readonly data: DataService,
    private readonly orders: OrderService,
  ) {}

  onModuleInit(): void {
    this.sweeps.register(this);
  }

  async run(ctx: TenantContext, now: Date): Promise<void> {
    const isDue = (order: { attributes: OrderAttributes }) => !!order.attributes.holdUntil && Date.parse(order.attributes.holdUntil) <= now.getTime();
    await this.data.eachDue<OrderAttributes>(ctx, DATA_INDEXES.byState, awaitingPaymentGroup(), isDue, (order) => this.expire(ctx, order.code));
  }

  private async expire(ctx: TenantContext, code: string): Promise<void> {
    if (await this.orders.cancelIfStill(ctx, code, 'awaiting_payment', 'payment_timeout')) logger.info('released the hold of an unpaid order', { tenant: ctx.tenantCode, order: code });
  }
}
