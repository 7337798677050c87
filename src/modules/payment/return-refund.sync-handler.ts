import { Injectable, OnModuleInit } from '@nestjs/common';
import { VersionConflictError } from '../../core/errors';
import { DataSyncHandler, DataSyncRegistry, SyncedChange } from '../../core/sync/data-sync-handler';
import { TenantContext } from '../../core/tenant-context';
import { RETURN_ENTITY, ReturnAttributes, ReturnService } from '../order';
import { paymentAmounts } from './payment.model';
import { PaymentService } from './payment.service';

/**
 * The money side of a received return: its refund amount goes back on the order's payment, at
 * most what the ledger says is refundable, as one refund step per return (`refund.return.<code>`,
 * retried safely); the return then records what was refunded and becomes `refunded`.
 */
@Injectable()
export class ReturnRefundSyncHandler implements DataSyncHandler<ReturnAttributes>, OnModuleInit {
  readonly name = 'return.refund';
  readonly entityType = RETURN_ENTITY;

  constructor(
    private readonly registry: DataSyncRegistry,
    private readonly payments: PaymentService,
    private readonly returns: ReturnService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async up(ctx: TenantContext, { current, previous }: SyncedChange<ReturnAttributes>): Promise<void> {
    const { state, refundAmount, orderCode } = current.attributes;
    if (state !== 'received' || previous?.attributes.state === 'received' || !refundAmount) return;
    const refundId = `return.${current.code}`;
    const payments = await this.payments.payments(ctx, orderCode);
    const payment = payments.find((p) => p.attributes.transactions.some((t) => t.eventId === `refund.${refundId}`)) ?? payments.find((p) => paymentAmounts(p.attributes).refundable > 0);
    let refunded = { amount: 0, currency: refundAmount.currency };
    if (payment && refundAmount.amount > 0) {
      const after = await this.payments.refundUpTo(ctx, payment.code, refundId, refundAmount.amount, `return ${current.code}`);
      refunded = after ?? refunded;
    }
    try {
      await this.returns.markRefunded(ctx, current, refunded);
    } catch (error) {
      // A redelivery marked it first.
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
}
