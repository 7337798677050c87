import { Injectable } from '@nestjs/common';
import { config } from '../../config';
import { CommandService } from '../../core/command.service';
import { cancellationReasons } from '../../core/dynamo';
import { CommandItem } from '../../core/entity';
import { ConflictError, NotFoundError, ValidationFailedError, VersionConflictError } from '../../core/errors';
import { ORDER_ENTITY } from '../order/order.keys';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { OrderAttributes } from '../order/order.model';
import { PAYMENT_ENTITY, paymentAttemptsKey, paymentCode, paymentIndexes, providerEventKey } from './payment.keys';
import { movesForward, PaymentAttributes, paymentAmounts, PaymentState } from './payment.model';
import { PaymentEvent, PaymentProvider } from './payment.provider';
import { TestPaymentProvider } from './test-payment.provider';

/** A payment version as a caller holds it: from the command table or from the stream. */
export type PaymentVersion = Pick<CommandItem<PaymentAttributes>, 'code' | 'version' | 'attributes'> & { createdAt?: string; createdBy?: string; issuedAt?: string; issuedBy?: string };

/** What a webhook did: applied it, had seen it before, or found it older than what it knows. */
export type EventOutcome = 'applied' | 'duplicate' | 'stale';

const APPLY_ATTEMPTS = 8;

/**
 * Payments as versioned entities with a ledger. A shopper starts one for an order awaiting
 * payment; the provider's signed webhooks move it forward (never back), each event applied once
 * through an inbox item written in the same transaction as the version it made.
 */
@Injectable()
export class PaymentService {
  private readonly providers: Map<string, PaymentProvider>;

  constructor(
    private readonly commands: CommandService,
    private readonly items: TenantItemStore,
  ) {
    this.providers = new Map<string, PaymentProvider>(config().paymentTestProvider ? [['test', new TestPaymentProvider(items)]] : []);
  }

  provider(name: string): PaymentProvider | undefined {
    return this.providers.get(name);
  }

  /** A new payment (attempt n of the order) with a pending authorization of the order's total. */
  async start(ctx: TenantContext, order: CommandItem<OrderAttributes>): Promise<CommandItem<PaymentAttributes>> {
    const { status, total, paymentMethod } = order.attributes;
    if (status !== 'awaiting_payment') throw new ConflictError(`order ${order.code} is ${status}: only an order awaiting payment can be paid`, { status });
    const attempt = (await this.items.update<{ count: number }>(ctx, paymentAttemptsKey(order.code), 'ADD #count :one', { ':one': 1 }, { '#count': 'count' })).count;
    const code = paymentCode(order.code, attempt);
    const provider = this.providers.get('test');
    if (!provider) throw new ConflictError('no payment provider is configured for this shop', { reason: 'no_payment_provider' });
    const authorization = await provider.createAuthorization({ tenantCode: ctx.tenantCode, paymentCode: code, amount: total, idempotencyKey: `${ctx.tenantCode}:${code}:authorize` });
    const attributes: PaymentAttributes = {
      orderCode: order.code,
      provider: provider.name,
      method: paymentMethod,
      amount: total,
      state: 'created',
      providerReference: authorization.providerReference,
      transactions: [{ kind: 'authorization', amount: total, state: 'pending', at: new Date().toISOString() }],
    };
    return this.commands.publish(ctx, { type: PAYMENT_ENTITY, code, attributes, indexes: paymentIndexes(ctx, code, attributes, new Date().toISOString()) }, { expectedVersion: 0 });
  }

  /**
   * A payment whose webhook never came: asks its provider and applies what it learns, as an
   * event of its own (`reconcile.<payment>.<status>`), so a late webhook of the same outcome
   * finds nothing left to do.
   */
  async reconcile(ctx: TenantContext, payment: CommandItem<PaymentAttributes>): Promise<EventOutcome | undefined> {
    if (payment.attributes.state !== 'created') return undefined;
    const provider = this.providers.get(payment.attributes.provider)!;
    const { status } = await provider.fetchPayment({ tenantCode: ctx.tenantCode, providerReference: payment.attributes.providerReference });
    if (status === 'pending') return undefined;
    return this.applyEvent(ctx, provider.name, { eventId: `reconcile.${payment.code}.${status}`, type: status, paymentCode: payment.code, providerReference: payment.attributes.providerReference, amount: payment.attributes.amount });
  }

  /** The order's payments, newest attempt first. */
  payments(ctx: TenantContext, orderCode: string): Promise<CommandItem<PaymentAttributes>[]> {
    return paymentsOf(this.commands, this.items, ctx, orderCode);
  }

  /**
   * Voids an authorized payment at the provider and in the ledger (a void transaction of the
   * authorized amount). Idempotent: the provider call carries a key per payment, and a payment
   * no longer authorized is left as it is.
   */
  async voidAuthorization(ctx: TenantContext, payment: PaymentVersion): Promise<void> {
    if (payment.attributes.state !== 'authorized') return;
    const provider = this.providers.get(payment.attributes.provider)!;
    await provider.cancelAuthorization({ tenantCode: ctx.tenantCode, paymentCode: payment.code, providerReference: payment.attributes.providerReference, idempotencyKey: `${ctx.tenantCode}:${payment.code}:void` });
    // Moved by a webhook meanwhile: that version's own sync decides again.
    await this.record(ctx, payment, 'voided', { kind: 'void', amount: payment.attributes.amount, state: 'succeeded', at: new Date().toISOString() });
  }

  /**
   * Captures what the order's authorized payment holds (at shipment). Idempotent: a payment
   * already captured is left as it is; the provider call carries a key per payment.
   */
  async capture(ctx: TenantContext, payment: PaymentVersion): Promise<void> {
    if (payment.attributes.state !== 'authorized') return;
    const { amount } = payment.attributes;
    const provider = this.providers.get(payment.attributes.provider)!;
    await provider.capture({ tenantCode: ctx.tenantCode, paymentCode: payment.code, providerReference: payment.attributes.providerReference, amount, idempotencyKey: `${ctx.tenantCode}:${payment.code}:capture` });
    await this.record(ctx, payment, 'captured', { kind: 'capture', amount, state: 'succeeded', at: new Date().toISOString() });
  }

  /**
   * Refunds part or all of what was captured. What may be refunded is derived from the ledger
   * (captured - refunded): a refund above it is refused (409 naming it), never sent.
   */
  async refund(ctx: TenantContext, orderCode: string, amount: number, reason: string, refundId: string): Promise<CommandItem<PaymentAttributes>> {
    if (!(await this.commands.getLatest(ctx, ORDER_ENTITY, orderCode))) throw new NotFoundError('order', orderCode);
    const payment = (await this.payments(ctx, orderCode)).find((p) => p.attributes.state === 'captured');
    if (!payment) throw new ConflictError(`order ${orderCode} has no captured payment to refund`, { refundable: { amount: 0 } });
    const { captured, refunded } = paymentAmounts(payment.attributes);
    const refundable = captured - refunded;
    const money = { amount, currency: payment.attributes.amount.currency };
    if (amount > refundable) throw new ConflictError(`at most ${refundable} can be refunded on ${payment.code}`, { refundable: { ...money, amount: refundable } });
    const provider = this.providers.get(payment.attributes.provider)!;
    await provider.refund({ tenantCode: ctx.tenantCode, paymentCode: payment.code, providerReference: payment.attributes.providerReference, amount: money, idempotencyKey: `${ctx.tenantCode}:${payment.code}:refund:${refundId}` });
    const state = amount === refundable ? 'refunded' : 'captured';
    return this.record(ctx, payment, state, { kind: 'refund', amount: money, state: 'succeeded', eventId: `refund.${refundId}`, reason, at: new Date().toISOString() }, true);
  }

  /** The next version with one more ledger line, from the version held (409 when someone moved it first). */
  private async record(ctx: TenantContext, payment: PaymentVersion, state: PaymentState, line: PaymentAttributes['transactions'][number], strict = false): Promise<CommandItem<PaymentAttributes>> {
    const next: PaymentAttributes = { ...payment.attributes, state, transactions: [...payment.attributes.transactions, line] };
    try {
      return await this.commands.publish(ctx, { type: PAYMENT_ENTITY, code: payment.code, attributes: next }, { expectedVersion: payment.version, holding: payment });
    } catch (error) {
      if (strict || !(error instanceof VersionConflictError)) throw error;
      return payment as CommandItem<PaymentAttributes>;
    }
  }

  /**
   * Applies a verified provider event once: the inbox item and the payment's next version land
   * together or not at all. A redelivered event, or two deliveries racing, change it once; an
   * event older than the payment's state is recorded and changes nothing.
   */
  async applyEvent(ctx: TenantContext, provider: string, event: PaymentEvent): Promise<EventOutcome> {
    const inbox = providerEventKey(provider, event.eventId);
    for (let attempt = 1; attempt <= APPLY_ATTEMPTS; attempt++) {
      const payment = await this.commands.getLatest<PaymentAttributes>(ctx, PAYMENT_ENTITY, event.paymentCode);
      if (!payment || payment.attributes.provider !== provider) throw new ValidationFailedError([{ field: 'data.metadata.paymentCode', problem: `no ${provider} payment ${event.paymentCode} in this shop` }]);
      if (await this.items.get(ctx, inbox)) return 'duplicate';
      const record = { sk: inbox, eventId: event.eventId, type: event.type, paymentCode: event.paymentCode, receivedAt: new Date().toISOString() };
      const next = afterEvent(payment.attributes, event);
      try {
        if (!next) {
          return (await this.items.putIfAbsent(ctx, inbox, { ...record, outcome: 'stale' })) ? 'stale' : 'duplicate';
        }
        await this.commands.publish(ctx, { type: PAYMENT_ENTITY, code: payment.code, attributes: next }, {
          expectedVersion: payment.version,
          holding: payment,
          // Reason: an event id is applied once, whatever the deliveries.
          alsoWrite: [{ put: { ...record, outcome: 'applied' }, condition: 'attribute_not_exists(pk)' }],
        });
        return 'applied';
      } catch (error) {
        // Another delivery (of this event or another) moved the payment first: look again.
        if (!(error instanceof VersionConflictError) && !cancellationReasons(error)) throw error;
      }
    }
    throw new ConflictError(`payment ${event.paymentCode} is changing too often; the provider will retry`);
  }
}

/** The order's payments, newest attempt first (attempts are numbered 1..n by a counter). */
export async function paymentsOf(commands: CommandService, items: TenantItemStore, ctx: TenantContext, orderCode: string): Promise<CommandItem<PaymentAttributes>[]> {
  const attempts = (await items.get<{ count: number }>(ctx, paymentAttemptsKey(orderCode)))?.count ?? 0;
  const found = await Promise.all(Array.from({ length: attempts }, (_, i) => commands.getLatest<PaymentAttributes>(ctx, PAYMENT_ENTITY, paymentCode(orderCode, attempts - i))));
  return found.filter((p): p is CommandItem<PaymentAttributes> => !!p);
}

/** The payment after `event`, or nothing when the event would not move it forward. */
function afterEvent(payment: PaymentAttributes, event: PaymentEvent): PaymentAttributes | undefined {
  const to = event.type;
  if (!movesForward(payment.state, to)) return undefined;
  // A void needs an authorization; a capture that overtook its authorization settles both.
  if (to === 'voided' && payment.state !== 'authorized') return undefined;
  const at = new Date().toISOString();
  const settled = (state: 'succeeded' | 'failed') =>
    payment.transactions.map((t) => (t.kind === 'authorization' && t.state === 'pending' ? { ...t, state, eventId: event.eventId, at } : t));
  if (to === 'authorized') return { ...payment, state: to, transactions: settled('succeeded') };
  if (to === 'failed') return { ...payment, state: to, transactions: settled('failed') };
  const kind = to === 'captured' ? 'capture' : 'void';
  return { ...payment, state: to, transactions: [...settled('succeeded'), { kind, amount: event.amount, state: 'succeeded', eventId: event.eventId, at }] };
}
