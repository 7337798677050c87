import { Injectable } from '@nestjs/common';
import { config } from '../../config';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { EntityRecord } from '../../core/entity';
import { logger } from '../../core/logger';
import { DueInGroupSweep, Sweep } from '../../core/sweep';
import { TenantContext } from '../../core/tenant-context';
import { openPaymentsGroup, PAYMENT_ENTITY } from './payment.keys';
import { PaymentAttributes } from './payment.model';
import { PaymentService } from './payment.service';

/**
 * Webhooks get lost. A payment still without an outcome `PAYMENT_RECONCILE_SECONDS` after it
 * started is asked about at its provider, and what the provider says is applied like an event
 * (the "customer paid, but no order" complaint). Reads only the open group of the state index.
 */
@Sweep('payment.reconcile')
@Injectable()
export class PaymentReconcileSweep extends DueInGroupSweep<PaymentAttributes> {
  constructor(
    data: DataService,
    private readonly commands: CommandService,
    private readonly payments: PaymentService,
  ) {
    super(data);
  }

  protected group() {
    return openPaymentsGroup();
  }

  protected isDue(payment: EntityRecord<PaymentAttributes>, now: Date): boolean {
    return Date.parse(payment.createdAt) < now.getTime() - config().paymentReconcileSeconds * 1000;
  }

  protected async expire(ctx: TenantContext, record: EntityRecord<PaymentAttributes>): Promise<void> {
    const payment = await this.commands.getLatest<PaymentAttributes>(ctx, PAYMENT_ENTITY, record.code);
    if (!payment) return;
    const outcome = await this.payments.reconcile(ctx, payment);
    if (outcome === 'applied') logger.warn('reconciled a payment whose webhook never came', { tenant: ctx.tenantCode, payment: payment.code, state: payment.attributes.state });
  }
}
