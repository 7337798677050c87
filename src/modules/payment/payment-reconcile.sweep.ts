import { Injectable, OnModuleInit } from '@nestjs/common';
import { config } from '../../config';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { logger } from '../../core/logger';
import { SweepRegistry, TenantSweep } from '../../core/sweep';
import { DATA_INDEXES } from '../../core/tables';
import { TenantContext } from '../../core/tenant-context';
import { openPaymentsGroup, PAYMENT_ENTITY } from './payment.keys';
import { PaymentAttributes } from './payment.model';
import { PaymentService } from './payment.service';

/**
 * Webhooks get lost. A payment still without an outcome `PAYMENT_RECONCILE_SECONDS` after it
 * started is asked about at its provider, and what the provider says is applied like an event
 * (the "customer paid, but no order" complaint). Reads only the open group of the state index.
 */
@Injectable()
export class PaymentReconcileSweep implements TenantSweep, OnModuleInit {
  readonly name = 'payment.reconcile';

  constructor(
    private readonly sweeps: SweepRegistry,
    private readonly data: DataService,
    private readonly commands: CommandService,
    private readonly payments: PaymentService,
  ) {}

  onModuleInit(): void {
    this.sweeps.register(this);
  }

  async run(ctx: TenantContext, now: Date): Promise<void> {
    const cutoff = now.getTime() - config().paymentReconcileSeconds * 1000;
    await this.data.eachDue<PaymentAttributes>(ctx, DATA_INDEXES.byState, openPaymentsGroup(), (p) => Date.parse(p.createdAt) < cutoff, async (record) => {
      const payment = await this.commands.getLatest<PaymentAttributes>(ctx, PAYMENT_ENTITY, record.code);
      if (!payment) return;
      const outcome = await this.payments.reconcile(ctx, payment);
      if (outcome === 'applied') logger.warn('reconciled a payment whose webhook never came', { tenant: ctx.tenantCode, payment: payment.code, state: payment.attributes.state });
    });
  }
}
