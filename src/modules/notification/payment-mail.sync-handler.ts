import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { Money } from '../../core/money';
import { DataSyncHandler, OnApplied, SyncedChange } from '../../core/sync/data-sync-handler';
import { TenantContext } from '../../core/tenant-context';
import { ORDER_ENTITY, OrderAttributes } from '../order';
import { PAYMENT_ENTITY, PaymentAttributes } from '../payment';
import { TenantDirectory } from '../tenant';
import { Mail } from './notification.model';
import { NotificationOutbox } from './notification.outbox';

const formatMoney = ({ amount, currency }: Money) => `${(amount / 100).toFixed(2)} ${currency}`;

/**
 * One mail to the shopper per payment change that concerns them: received (authorized), failed
 * (they may try again while the order is held), voided (it came after the order was cancelled:
 * nothing is taken), and each refund. Message id `<payment>.v<version>`; fixed words only.
 */
@OnApplied(PAYMENT_ENTITY, 'notification.payment-mail')
@Injectable()
export class PaymentMailSyncHandler implements DataSyncHandler<PaymentAttributes> {
  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly commands: CommandService,
    private readonly tenants: TenantDirectory,
  ) {}

  async up(ctx: TenantContext, { current, previous, firstApplication }: SyncedChange<PaymentAttributes>): Promise<void> {
    await this.alertStaff(ctx, current, previous?.attributes, firstApplication);
    const payment = current.attributes;
    // A refund is news once it succeeded (our own refunds are written pending first).
    const refund = payment.transactions.find((t) => t.kind === 'refund' && t.state === 'succeeded' && !previousSucceeded(previous?.attributes, t));
    const topic = refund ? 'refund' : previous?.attributes.state !== payment.state && ['authorized', 'failed', 'voided'].includes(payment.state) ? payment.state : undefined;
    if (!topic) return;
    const order = await this.commands.getLatest<OrderAttributes>(ctx, ORDER_ENTITY, payment.orderCode);
    if (!order) return;
    const mail = topic === 'refund' ? refundMail(current.code, payment, refund!.amount, order.attributes) : paymentMail(current.code, payment, order.attributes);
    await this.outbox.deliver(ctx, `${current.code}.v${current.version}`, `payment.${topic}`, mail, { firstApplication, unverifiedRecipient: !!order.attributes.guest });
  }

  /** The shop's contact hears of each figure the ledger did not book (the payment is flagged `needsReview`). */
  private async alertStaff(ctx: TenantContext, current: SyncedChange<PaymentAttributes>['current'], previous: PaymentAttributes | undefined, firstApplication: boolean): Promise<void> {
    const payment = current.attributes;
    const fresh = payment.transactions.slice(previous?.transactions.length ?? 0).filter((t) => t.state === 'unmatched');
    if (!fresh.length) return;
    const tenant = await this.tenants.find(ctx.tenantCode);
    await this.outbox.deliver(ctx, `${current.code}.v${current.version}.review`, 'payment.review', {
      to: tenant?.attributes.contactEmail,
      subject: `Payment ${current.code} needs review: the provider told figures the ledger did not book`,
      body: [
        `Payment ${current.code} of ${formatMoney(payment.amount)} for order ${payment.orderCode} (provider ${payment.provider}, reference ${payment.providerReference}):`,
        ...fresh.map((t) => `- ${t.kind} ${formatMoney(t.amount)}${t.eventId ? ` (event ${t.eventId})` : ''}: ${t.problem ?? 'not booked'}`),
      ].join('\n'),
    }, { firstApplication });
  }
}

/** Whether the previous version already had this refund line succeeded (matched by step id). */
function previousSucceeded(previous: PaymentAttributes | undefined, line: PaymentAttributes['transactions'][number]): boolean {
  return !!previous?.transactions.some((t) => t.kind === line.kind && t.state === 'succeeded' && (line.eventId ? t.eventId === line.eventId : t.at === line.at));
}

function refundMail(code: string, payment: PaymentAttributes, amount: Money, order: OrderAttributes): Mail {
  return {
    to: order.customerEmail,
    subject: `We refunded ${formatMoney(amount)} for order ${payment.orderCode}`,
    body: `A refund of ${formatMoney(amount)} on your payment ${code} is on its way to you.\n\nOrder ${payment.orderCode}, total ${formatMoney(order.total)}.`,
  };
}

function paymentMail(code: string, payment: PaymentAttributes, order: OrderAttributes): Mail {
  const amount = formatMoney(payment.amount);
  const text = {
    authorized: { subject: `We received your payment for order ${payment.orderCode}`, body: `Your payment ${code} of ${amount} is authorized; we charge it when your order ships.` },
    failed: {
      subject: `Your payment for order ${payment.orderCode} did not go through`,
      body: `Your payment ${code} of ${amount} was declined. ${order.holdUntil ? `We hold your items until ${order.holdUntil}: you can pay again until then.` : ''}`.trim(),
    },
    voided: { subject: `Your payment for order ${payment.orderCode} was released`, body: `Your payment ${code} of ${amount} was not needed (${order.status === 'cancelled' ? 'the order was cancelled' : 'the order was paid already'}); nothing is charged and the authorization is released.` },
  }[payment.state as 'authorized' | 'failed' | 'voided'];
  return { to: order.customerEmail, subject: text.subject, body: `${text.body}\n\nOrder ${payment.orderCode}, total ${formatMoney(order.total)}.` };
}
