import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { cancellationReasons } from '../../core/dynamo';
import { CommandItem } from '../../core/entity';
import { ConflictError, NotFoundError, ProviderFailedError, ShopstreamError, ValidationFailedError, VersionConflictError } from '../../core/errors';
import { logger } from '../../core/logger';
import { CONTENDED_WRITE, isRefusedWrite, retryOnConflict } from '../../core/retry';
import { TenantContext } from '../../core/tenant-context';
import { RateLimits } from '../../core/rate-limits';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { ORDER_ENTITY, OrderAttributes } from '../order';
import { guestActionCounts, TenantDirectory, tenantLimits } from '../tenant';
import { afterEvent, excessLine } from './payment-ledger';
import { attemptTaken, PAYMENT_ENTITY, paymentAttemptsKey, paymentCode, paymentIndexes, providerEventKey } from './payment.keys';
import { holdsAuthorization, PaymentAttributes, paymentAmounts, PaymentTransaction, withLedger } from './payment.model';
import { PaymentEvent, PaymentProvider, ProviderNotConfigured } from './payment.provider';
import { PaymentProviders } from './payment-providers';

/** A payment version as a caller holds it: from the command table or from the stream. */
export type PaymentVersion = Pick<CommandItem<PaymentAttributes>, 'code' | 'version' | 'attributes'> & { createdAt?: string; createdBy?: string; issuedAt?: string; issuedBy?: string };

/** What a webhook did: applied it, had seen it before, or found it older than what it knows. */
export type EventOutcome = 'applied' | 'duplicate' | 'stale';

/**
 * Payments as versioned entities with a ledger. A shopper starts one for an order awaiting
 * payment; the provider's signed webhooks move it forward (never back), each event applied once
 * through an inbox item written in the same transaction as the version it made.
 *
 * Our own money movements (capture, void, refund) are steps: the ledger line is written first,
 * `pending`, under a step id, then the provider is called with an idempotency key of that step,
 * then the line is settled. The pending line is what stops a second refund from exceeding what
 * is refundable, and what the provider's webhook of the same movement finds (counted once).
 */
@Injectable()
export class PaymentService {
  constructor(
    private readonly commands: CommandService,
    private readonly items: TenantItemStore,
    readonly providers: PaymentProviders,
    private readonly tenants: TenantDirectory,
    private readonly rateLimits: RateLimits,
  ) {}

  /**
   * A new payment (attempt n of the order) with a pending authorization of the order's total.
   * A guest's start counts against their client and the shop's key first (429): the provider
   * calls are what that limit protects. At most `maxPaymentAttemptsPerOrder` attempts (409
   * `payment_attempts_exhausted`). The attempt's number is taken only with its payment, in one
   * transaction: a start refused on the way (no provider, the provider failing) uses up no
   * number, and its retry asks the provider again under the same idempotency key. Two starts
   * racing for one number ask for the same authorization; the one that lands first is the
   * answer to both.
   */
  async start(ctx: TenantContext, order: CommandItem<OrderAttributes>): Promise<CommandItem<PaymentAttributes>> {
    const { status, total, paymentMethod } = order.attributes;
    if (status !== 'awaiting_payment') throw new ConflictError(`order ${order.code} is ${status}: only an order awaiting payment can be paid`, { status });
    const limits = tenantLimits((await this.tenants.find(ctx.tenantCode))?.attributes);
    await this.rateLimits.consumeAll(ctx, guestActionCounts(ctx, limits, 'payments'));
    const provider = await this.providers.forShop(ctx);
    const before = (await this.items.get<{ count: number }>(ctx, paymentAttemptsKey(order.code)))?.count ?? 0;
    if (before >= limits.maxPaymentAttemptsPerOrder) {
      throw new ConflictError(`order ${order.code} has had ${before} payment attempts, the most one order may have (maxPaymentAttemptsPerOrder)`, {
        reason: 'payment_attempts_exhausted',
        limit: 'maxPaymentAttemptsPerOrder',
      });
    }
    const code = paymentCode(order.code, before + 1);
    const authorization = await this.call(provider, ctx, () =>
      provider.createAuthorization({ tenantCode: ctx.tenantCode, paymentCode: code, orderCode: order.code, amount: total, idempotencyKey: stepKey(ctx, code, 'authorize') }),
    );
    const at = new Date().toISOString();
    const attributes: PaymentAttributes = withLedger(
      {
        orderCode: order.code,
        provider: provider.name,
        method: paymentMethod,
        amount: total,
        state: 'created',
        providerReference: authorization.providerReference,
        ...(authorization.clientSecret ? { clientSecret: authorization.clientSecret } : {}),
        transactions: [],
      },
      [{ kind: 'authorization', amount: total, state: 'pending', at }],
    );
    try {
      return await this.commands.publish(ctx, { type: PAYMENT_ENTITY, code, attributes, indexes: paymentIndexes(ctx, code, attributes, at) }, { expectedVersion: 0, alsoWrite: [attemptTaken(order.code, before)] });
    } catch (error) {
      if (!(error instanceof VersionConflictError) && !cancellationReasons(error)) throw error;
      // Another start took this number first, with the same authorization: its payment is the answer.
      const first = await this.commands.getLatest<PaymentAttributes>(ctx, PAYMENT_ENTITY, code);
      if (first) return first;
      throw new ConflictError(`another payment of order ${order.code} is being started; try again`, { reason: 'payment_starting' });
    }
  }

  /**
   * A payment whose webhook never came: asks its provider and applies what it learns as events
   * of its own (`reconcile.<payment>.<what>`), so a late webhook of the same outcome finds
   * nothing left to do.
   */
  /** The payment's newest version: a stream image may be an older one, delivered again. */
  latest(ctx: TenantContext, code: string): Promise<CommandItem<PaymentAttributes> | undefined> {
    return this.commands.getLatest<PaymentAttributes>(ctx, PAYMENT_ENTITY, code);
  }

  async reconcile(ctx: TenantContext, payment: CommandItem<PaymentAttributes>): Promise<EventOutcome | undefined> {
    if (payment.attributes.state !== 'created') return undefined;
    const provider = this.providers.of(payment.attributes.provider);
    const known = await provider.fetchPayment({ tenantCode: ctx.tenantCode, providerReference: payment.attributes.providerReference });
    if (known.status === 'pending') return undefined;
    const base = { paymentCode: payment.code, providerReference: payment.attributes.providerReference };
    const currency = payment.attributes.amount.currency;
    const event: PaymentEvent =
      known.status === 'captured'
        ? { ...base, eventId: `reconcile.${payment.code}.captured.${known.capturedTotal}`, type: 'captured', amount: { amount: known.capturedTotal, currency } }
        : { ...base, eventId: `reconcile.${payment.code}.${known.status}`, type: known.status, amount: payment.attributes.amount };
    return this.applyEvent(ctx, provider.name, event);
  }

  /** Asks the provider about a payment still without an outcome (the shopper is back from its page), and answers the newest version. */
  async refresh(ctx: TenantContext, code: string): Promise<CommandItem<PaymentAttributes>> {
    const payment = await this.commands.getLatest<PaymentAttributes>(ctx, PAYMENT_ENTITY, code);
    if (!payment) throw new NotFoundError('payment', code);
    if (!(await this.reconcile(ctx, payment))) return payment;
    return (await this.commands.getLatest<PaymentAttributes>(ctx, PAYMENT_ENTITY, code))!;
  }

  /** The order's payments, newest attempt first. */
  payments(ctx: TenantContext, orderCode: string): Promise<CommandItem<PaymentAttributes>[]> {
    return paymentsOf(this.commands, this.items, ctx, orderCode);
  }

  /**
   * Releases what an authorization still holds (nothing captured yet): the order was cancelled,
   * the hold ended, or another payment paid the order. Idempotent per payment.
   */
  async voidAuthorization(ctx: TenantContext, paymentCodeToVoid: string, purpose: string): Promise<void> {
    await this.step(ctx, paymentCodeToVoid, 'void', (payment) => {
      const { authorized, captured } = paymentAmounts(payment);
      if (captured > 0 || !holdsAuthorization(payment)) return undefined;
      return { kind: 'void', amount: { amount: authorized, currency: payment.amount.currency }, purpose };
    }, async (provider, payment) => {
      await provider.cancelAuthorization({ tenantCode: ctx.tenantCode, paymentCode: paymentCodeToVoid, providerReference: payment.providerReference, idempotencyKey: stepKey(ctx, paymentCodeToVoid, 'void') });
      return {};
    });
  }

  /**
   * Takes `amount` of the authorization for `purpose` (a shipment, or the confirmation).
   * `final`: nothing more will be captured, the rest of the authorization is released (a void
   * line of it). Idempotent per purpose: a replay finds its line.
   */
  async capture(ctx: TenantContext, paymentCodeToCapture: string, amount: number, purpose: string, final: boolean): Promise<void> {
    const stepId = `capture.${purpose}`;
    let providerTotal = 0;
    await this.step(ctx, paymentCodeToCapture, stepId, (payment) => {
      const { authorized, captured } = paymentAmounts(payment);
      const take = Math.min(amount, authorized - captured);
      return take > 0 ? { kind: 'capture', amount: { amount: take, currency: payment.amount.currency }, purpose } : undefined;
    }, async (provider, payment, line) => {
      providerTotal = (await provider.capture({ tenantCode: ctx.tenantCode, paymentCode: paymentCodeToCapture, providerReference: payment.providerReference, amount: line.amount, final, idempotencyKey: stepKey(ctx, paymentCodeToCapture, stepId) })).capturedTotal;
      return {};
    }, (payment) => {
      const { authorized, captured } = paymentAmounts(payment);
      const at = new Date().toISOString();
      const money = (value: number) => ({ amount: value, currency: payment.amount.currency });
      const lines: PaymentTransaction[] = [];
      // Never more than was authorized; a provider that answers more is shown, not booked.
      const took = Math.min(providerTotal, authorized);
      if (providerTotal > authorized) lines.push(excessLine('capture', money(providerTotal), authorized, 'the authorized amount', `${stepId}.over`, at));
      // A provider that captures once only (a card without multicapture) took everything at the first capture.
      const tookAll = took > captured;
      if (tookAll) lines.push({ kind: 'capture', amount: money(took - captured), state: 'succeeded', eventId: `${stepId}.provider`, purpose: `the rest, taken by the provider with ${purpose}`, at });
      // The provider released the rest of a final capture: so does the ledger.
      const left = authorized - Math.max(captured, took);
      if ((final || tookAll) && left > 0) lines.push({ kind: 'void', amount: money(left), state: 'succeeded', eventId: `${stepId}.rest`, purpose: `rest of ${purpose}`, at });
      return lines.filter((l) => !payment.transactions.some((t) => t.eventId === l.eventId));
    });
  }

  /**
   * Refunds `amount` of an order's captured money. What may be refunded is derived from the
   * ledger (captured - refunded - charged back): a refund above it is refused (409 naming it),
   * never sent. `refundId` makes a retry the same refund.
   */
  async refund(ctx: TenantContext, orderCode: string, request: { amount: number; reason: string; refundId: string; purpose?: string }): Promise<CommandItem<PaymentAttributes>> {
    const order = await this.commands.getLatest<OrderAttributes>(ctx, ORDER_ENTITY, orderCode);
    if (!order) throw new NotFoundError('order', orderCode);
    const payments = await this.payments(ctx, orderCode);
    const already = payments.find((p) => p.attributes.transactions.some((t) => t.eventId === `refund.${request.refundId}`));
    const payment = already ?? payments.find((p) => paymentAmounts(p.attributes).refundable > 0);
    if (!payment) throw new ConflictError(`order ${orderCode} has no captured payment to refund`, { refundable: 0, currency: order.attributes.total.currency });
    return this.refundOn(ctx, payment.code, request.refundId, request.reason, request.purpose, (refundable) => {
      if (request.amount > refundable) throw new ConflictError(`at most ${refundable} can be refunded on ${payment.code}`, { refundable, currency: payment.attributes.amount.currency });
      return request.amount;
    });
  }

  /** Gives back everything still refundable on one payment (a cancel after capture, a payment not needed). Once per payment. */
  async refundPayment(ctx: TenantContext, code: string, reason: string): Promise<void> {
    await this.refundOn(ctx, code, 'all', reason, reason, (refundable) => refundable);
  }

  /** Refunds `amount`, or what is left refundable if less (a return); answers what the refund line gave back. */
  async refundUpTo(ctx: TenantContext, code: string, refundId: string, amount: number, reason: string): Promise<PaymentTransaction['amount'] | undefined> {
    const after = await this.refundOn(ctx, code, refundId, reason, reason, (refundable) => Math.min(amount, refundable));
    return after.attributes.transactions.find((t) => t.eventId === `refund.${refundId}` && t.state !== 'failed')?.amount;
  }

  private refundOn(ctx: TenantContext, code: string, refundId: string, reason: string, purpose: string | undefined, amountOf: (refundable: number) => number): Promise<CommandItem<PaymentAttributes>> {
    const stepId = `refund.${refundId}`;
    return this.step(ctx, code, stepId, (current) => {
      const amount = amountOf(paymentAmounts(current).refundable);
      return amount > 0 ? { kind: 'refund', amount: { amount, currency: current.amount.currency }, reason, ...(purpose ? { purpose } : {}) } : undefined;
    }, async (provider, current, line) => {
      const refund = await provider.refund({ tenantCode: ctx.tenantCode, paymentCode: code, providerReference: current.providerReference, amount: line.amount, idempotencyKey: stepKey(ctx, code, stepId) });
      return { reference: refund.refundReference, state: refund.status };
    });
  }

  /**
   * One money movement of ours, once: (1) the pending ledger line under `stepId` (skipped when
   * it is there already: a replay), (2) the provider call with the step's idempotency key,
   * (3) the line settled. A provider error marks the line failed (its amount is free again) and
   * is rethrown. `plan` returns nothing when there is nothing to do.
   */
  private async step(
    ctx: TenantContext,
    code: string,
    stepId: string,
    plan: (payment: PaymentAttributes) => Pick<PaymentTransaction, 'kind' | 'amount' | 'reason' | 'purpose'> | undefined,
    call: (provider: PaymentProvider, payment: PaymentAttributes, line: PaymentTransaction) => Promise<Partial<Pick<PaymentTransaction, 'reference' | 'state'>>>,
    alsoAfter: (payment: PaymentAttributes) => PaymentTransaction[] = () => [],
  ): Promise<CommandItem<PaymentAttributes>> {
    const pending = await this.change(ctx, code, (payment) => {
      if (payment.transactions.some((t) => t.eventId === stepId)) return undefined;
      const line = plan(payment);
      return line ? withLedger(payment, [...payment.transactions, { ...line, state: 'pending', eventId: stepId, at: new Date().toISOString() }]) : undefined;
    });
    const line = pending.attributes.transactions.find((t) => t.eventId === stepId);
    if (!line || line.state !== 'pending') return pending;
    const provider = this.providers.of(pending.attributes.provider);
    let outcome: Partial<Pick<PaymentTransaction, 'reference' | 'state'>>;
    try {
      outcome = await this.call(provider, ctx, () => call(provider, pending.attributes, line));
    } catch (error) {
      await this.settle(ctx, code, stepId, { state: 'failed' });
      logger.error('a payment step failed at the provider', { tenant: ctx.tenantCode, payment: code, step: stepId, error: (error as Error).message });
      throw error;
    }
    return this.settle(ctx, code, stepId, { state: 'succeeded', ...outcome }, alsoAfter);
  }

  private settle(ctx: TenantContext, code: string, stepId: string, outcome: Partial<Pick<PaymentTransaction, 'reference' | 'state'>>, alsoAfter: (payment: PaymentAttributes) => PaymentTransaction[] = () => []) {
    return this.change(ctx, code, (payment) => {
      // The provider's webhook of this very movement may have settled the line already.
      const index = payment.transactions.findIndex((t) => t.eventId === stepId && t.state === 'pending');
      const transactions = index < 0 ? payment.transactions : payment.transactions.map((t, i) => (i === index ? { ...t, ...outcome, at: new Date().toISOString() } : t));
      const settled = withLedger(payment, transactions);
      const after = outcome.state === 'failed' ? [] : alsoAfter(settled);
      if (index < 0 && !after.length) return undefined;
      return withLedger(settled, [...transactions, ...after]);
    });
  }

  /** The next version from the newest, retried when someone else wrote first; `next` says nothing to do by returning undefined. */
  private async change(ctx: TenantContext, code: string, next: (payment: PaymentAttributes) => PaymentAttributes | undefined): Promise<CommandItem<PaymentAttributes>> {
    const policy = { ...CONTENDED_WRITE, retryOn: (error: unknown) => error instanceof VersionConflictError, exhausted: () => new ConflictError(`payment ${code} is changing too often; try again`) };
    return retryOnConflict(policy, async () => {
      const payment = await this.commands.getLatest<PaymentAttributes>(ctx, PAYMENT_ENTITY, code);
      if (!payment) throw new NotFoundError('payment', code);
      const attributes = next(payment.attributes);
      if (!attributes) return payment;
      const written = await this.commands.publish(ctx, { type: PAYMENT_ENTITY, code, attributes, indexes: paymentIndexes(ctx, code, attributes, payment.createdAt ?? new Date().toISOString()) }, { expectedVersion: payment.version, holding: payment });
      alertUnmatched(ctx, code, payment.attributes, attributes);
      return written;
    });
  }

  /** A provider without credentials for this shop is the shop's configuration problem: 409. */
  private async call<T>(provider: PaymentProvider, ctx: TenantContext, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ProviderNotConfigured) throw new ConflictError(`payment provider ${provider.name} has no credentials for shop ${ctx.tenantCode}`, { reason: 'no_payment_provider' });
      if (error instanceof ShopstreamError) throw error;
      // The provider refused or failed: said as such (502), its message kept for the shop's logs only.
      logger.warn('the payment provider refused a call', { tenant: ctx.tenantCode, provider: provider.name, error: (error as Error).message });
      throw new ProviderFailedError(provider.name);
    }
  }

  /**
   * Applies a verified provider event once: the inbox item and the payment's next version land
   * together or not at all. A redelivered event, or two deliveries racing, change it once; an
   * event older than what the ledger knows is recorded and changes nothing.
   */
  async applyEvent(ctx: TenantContext, provider: string, event: PaymentEvent): Promise<EventOutcome> {
    const inbox = providerEventKey(provider, event.eventId);
    // Another delivery (of this event or another) moved the payment first: look again.
    const policy = { ...CONTENDED_WRITE, retryOn: isRefusedWrite, exhausted: () => new ConflictError(`payment ${event.paymentCode} is changing too often; the provider will retry`) };
    return retryOnConflict(policy, async () => {
      const payment = await this.commands.getLatest<PaymentAttributes>(ctx, PAYMENT_ENTITY, event.paymentCode);
      if (!payment || payment.attributes.provider !== provider) throw new ValidationFailedError([{ field: 'data.metadata.paymentCode', problem: `no ${provider} payment ${event.paymentCode} in this shop` }]);
      if (await this.items.get(ctx, inbox)) return 'duplicate';
      const record = { sk: inbox, eventId: event.eventId, type: event.type, paymentCode: event.paymentCode, receivedAt: new Date().toISOString() };
      const next = afterEvent(payment.attributes, event, record.receivedAt);
      if (!next) {
        return (await this.items.putIfAbsent(ctx, inbox, { ...record, outcome: 'stale' })) ? 'stale' : 'duplicate';
      }
      await this.commands.publish(ctx, { type: PAYMENT_ENTITY, code: payment.code, attributes: next, indexes: paymentIndexes(ctx, payment.code, next, payment.createdAt ?? new Date().toISOString()) }, {
        expectedVersion: payment.version,
        holding: payment,
        // Reason: an event id is applied once, whatever the deliveries.
        alsoWrite: [{ put: { ...record, outcome: 'applied' }, condition: 'attribute_not_exists(pk)' }],
      });
      alertUnmatched(ctx, payment.code, payment.attributes, next);
      return 'applied';
    });
  }
}

/**
 * A figure the ledger did not book is logged where operators look: a warning for an
 * authorization (nothing was taken; the order keeps waiting), an error for money taken or given
 * back beyond the ledger's bounds. Staff see the payment's `needsReview` and a mail to the shop.
 */
function alertUnmatched(ctx: TenantContext, code: string, before: PaymentAttributes, after: PaymentAttributes): void {
  for (const line of after.transactions.slice(before.transactions.length).filter((t) => t.state === 'unmatched')) {
    const log = line.kind === 'authorization' ? logger.warn.bind(logger) : logger.error.bind(logger);
    log('a payment provider told a figure the ledger does not book', { tenant: ctx.tenantCode, payment: code, kind: line.kind, amount: line.amount, reported: line.reported, reference: line.reference, eventId: line.eventId, problem: line.problem });
  }
}


/** `<tenant>:<payment>:<step>`: the same step always sends the same key, so the provider does it once. */
function stepKey(ctx: TenantContext, code: string, step: string): string {
  return `${ctx.tenantCode}:${code}:${step}`;
}

/** The order's payments, newest attempt first (attempts are numbered 1..n by a counter). */
export async function paymentsOf(commands: CommandService, items: TenantItemStore, ctx: TenantContext, orderCode: string): Promise<CommandItem<PaymentAttributes>[]> {
  const attempts = (await items.get<{ count: number }>(ctx, paymentAttemptsKey(orderCode)))?.count ?? 0;
  const found = await Promise.all(Array.from({ length: attempts }, (_, i) => commands.getLatest<PaymentAttributes>(ctx, PAYMENT_ENTITY, paymentCode(orderCode, attempts - i))));
  return found.filter((p): p is CommandItem<PaymentAttributes> => !!p);
}
