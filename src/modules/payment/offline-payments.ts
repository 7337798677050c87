import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { CommandItem } from '../../core/entity';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../core/errors';
import { Money } from '../../core/money';
import { CONTENDED_WRITE, retryOnConflict } from '../../core/retry';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { OrderService } from '../order';
import { OFFLINE_PROVIDER } from './offline-payment.provider';
import { attemptTaken, offlinePaymentKey, PAYMENT_ENTITY, paymentAttemptsKey, paymentCode, paymentIndexes } from './payment.keys';
import { PaymentAttributes, withLedger } from './payment.model';

export type RecordOutcome = { payment: CommandItem<PaymentAttributes>; created: boolean };

/**
 * Staff record the money of an order paid offline before shipping (a bank transfer that
 * arrived). It becomes a payment like any other, with the money authorized and captured at
 * once, and the saga's payment step (`payment.order`) confirms the order awaiting it, exactly as
 * it does for a provider's authorization. One per order: the payment and an
 * `OFFLINEPAYMENT#<order>` item are written together, so a retry, or two clicks at once,
 * answer the payment recorded first.
 */
@Injectable()
export class OfflinePayments {
  constructor(
    private readonly commands: CommandService,
    private readonly items: TenantItemStore,
    private readonly orders: OrderService,
  ) {}

  async record(ctx: TenantContext, orderCode: string, received: Money, reference?: string): Promise<RecordOutcome> {
    const recorded = await this.recorded(ctx, orderCode);
    if (recorded) return { payment: recorded, created: false };
    const order = await this.orders.latest(ctx, orderCode);
    if (!order) throw new NotFoundError('order', orderCode);
    const { status, total, checkout, paymentMethod } = order.attributes;
    if (checkout?.paymentKind !== 'offline' || checkout.offlineKind !== 'before_shipping') {
      throw new ConflictError(`order ${orderCode} is not paid offline before shipping (${paymentMethod}): nothing to record`, { reason: 'not_offline_prepaid', status });
    }
    const problems = [
      ...(received.currency !== total.currency ? [{ field: 'amount.currency', problem: `must be the order's currency ${total.currency}` }] : []),
      ...(received.currency === total.currency && received.amount < total.amount ? [{ field: 'amount.amount', problem: `must cover the order's total ${total.amount} ${total.currency}` }] : []),
    ];
    if (problems.length) throw new ValidationFailedError(problems);
    if (status !== 'awaiting_payment') throw new ConflictError(`order ${orderCode} is ${status}: only an order awaiting payment can be paid`, { status, currentVersion: order.version });

    // The attempt's number is taken only with its payment (a refused record uses up none), as an online start takes it.
    // Parallel clicks on one order: the first wins, the others find its payment on their next try.
    return retryOnConflict({ ...CONTENDED_WRITE, exhausted: () => new ConflictError(`order ${orderCode} is taking another payment; try again in a moment`, { retryAfterSeconds: 1 }) }, async (attempt) => {
      // A parallel click that won answers this one too (its claim may have landed while this one lost).
      const first = attempt > 1 ? await this.recorded(ctx, orderCode) : undefined;
      if (first) return { payment: first, created: false };
      const before = (await this.items.get<{ count: number }>(ctx, paymentAttemptsKey(orderCode)))?.count ?? 0;
      const code = paymentCode(orderCode, before + 1);
      const at = new Date().toISOString();
      // The money is in the shop's account: authorized and captured in one go, by whom the version says.
      const line = { amount: received, state: 'succeeded' as const, eventId: 'offline.received', ...(reference ? { reference } : {}), purpose: 'recorded by staff', at };
      const attributes = withLedger(
        { orderCode, provider: OFFLINE_PROVIDER, method: paymentMethod, amount: received, state: 'created', providerReference: reference ?? code, transactions: [] },
        [{ kind: 'authorization', ...line }, { kind: 'capture', ...line }],
      );
      const payment = await this.commands.publish(ctx, { type: PAYMENT_ENTITY, code, attributes, indexes: paymentIndexes(ctx, code, attributes, at) }, {
        expectedVersion: 0,
        // Reason: one offline payment per order, whatever the retries.
        alsoWrite: [{ put: { sk: offlinePaymentKey(orderCode), paymentCode: code, at }, condition: 'attribute_not_exists(pk)' }, attemptTaken(orderCode, before)],
      });
      return { payment, created: true };
    });
  }

  private async recorded(ctx: TenantContext, orderCode: string): Promise<CommandItem<PaymentAttributes> | undefined> {
    const claim = await this.items.get<{ paymentCode: string }>(ctx, offlinePaymentKey(orderCode));
    return claim ? this.commands.getLatest<PaymentAttributes>(ctx, PAYMENT_ENTITY, claim.paymentCode) : undefined;
  }
}
