import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConflictError, VersionConflictError } from '../../core/errors';
import { logger } from '../../core/logger';
import { retryOnConflict } from '../../core/retry';
import { DataSyncHandler, DataSyncRegistry, SyncedChange } from '../../core/sync/data-sync-handler';
import { TenantContext } from '../../core/tenant-context';
import { ORDER_ENTITY, OrderAttributes, OrderService, OrderStockHolds, RETURN_ENTITY, ReturnAttributes, ReturnService } from '../order';
import { ShopSettingsService } from '../tenant';
import { PAYMENT_ENTITY } from './payment.keys';
import { PaymentAttributes, paymentAmounts } from './payment.model';
import { PaymentService } from './payment.service';

/**
 * The payment saga, in one table: which change of which entity (trigger) runs which step, and
 * what undoes that step (compensation) when the order turns out not to need it or is cancelled.
 * The stream carries the saga: each trigger is one data-sync handler that runs its rows in table
 * order, so every step is as idempotent as the ledger steps it calls (each capture, void and
 * refund has its own step id and provider idempotency key) and may run again on a redelivery.
 *
 * Compensations are not the core's `down` (run when the sync gives up on a record): a step the
 * stream cannot finish is retried, then dead-lettered for an operator, as before. They are the
 * business undo: a payment the order does not take is given back at once, and a cancel gives
 * back every payment of the order, whatever the steps before it took.
 */

/** What the steps use. */
@Injectable()
export class PaymentSagaServices {
  constructor(
    readonly payments: PaymentService,
    readonly orders: OrderService,
    readonly holds: OrderStockHolds,
    readonly settings: ShopSettingsService,
    readonly returns: ReturnService,
  ) {}
}

/** A change of one entity type that runs steps. The handler's name keys its logs; it never changes. */
export interface SagaTrigger {
  handler: string;
  entityType: string;
}

export const PAYMENT_CHANGED: SagaTrigger = { handler: 'payment.order', entityType: PAYMENT_ENTITY };
export const ORDER_CHANGED: SagaTrigger = { handler: 'payment.follow-order', entityType: ORDER_ENTITY };
export const RETURN_CHANGED: SagaTrigger = { handler: 'return.refund', entityType: RETURN_ENTITY };

type Run<A> = (saga: PaymentSagaServices, ctx: TenantContext, change: SyncedChange<A>) => Promise<void>;

/** Undoes what a step took on one payment; safe when nothing was taken, and once however often it runs. */
type Undo = (saga: PaymentSagaServices, ctx: TenantContext, paymentCode: string, purpose: string) => Promise<void>;

/** An undo and when it runs, or none and why (said in the table, checked by test/api/payment-saga.spec.ts). */
export type Compensation = { undo: Undo; runs: string } | { none: string };

export interface SagaStep<A = unknown> {
  id: string;
  trigger: SagaTrigger;
  /** The change that runs the step, in words, and as a test of the applied change. */
  when: string;
  applies: (change: SyncedChange<A>) => boolean;
  /** What the step does, in words, and the doing. */
  does: string;
  invoke: Run<A>;
  compensation: Compensation;
}

/** Erases a row's attribute type, so rows of every trigger sit in one table. */
function step<A>(row: SagaStep<A>): SagaStep {
  return row as unknown as SagaStep;
}

/**
 * Gives a payment's money back: an authorization still holding money is voided, what was captured
 * is refunded. Both are ledger steps of their own id (`void`, `refund.all`): a second run finds
 * them done, and a payment that took nothing is left as it is.
 */
const giveBack: Undo = async ({ payments }, ctx, paymentCode, purpose) => {
  await payments.voidAuthorization(ctx, paymentCode, purpose);
  await payments.refundPayment(ctx, paymentCode, purpose);
};

/** The saga's step `take-the-money` retries the order's move this often when the order changes under it. */
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
 * The order takes the payment: one awaiting it is confirmed with `paidWith`; one whose hold ended
 * before the money came (late) takes its stock and coupons again, if they are still there, and is
 * confirmed. Answers whether the money stays: true when the order took it (or there is nothing to
 * decide: no such order, or a redelivery), false when it does not take it (cancelled by someone,
 * paid already by another attempt, stock gone, or still changing after DECIDE_ATTEMPTS tries).
 */
async function orderTakesPayment({ orders, holds }: PaymentSagaServices, ctx: TenantContext, payment: SyncedChange<PaymentAttributes>['current']): Promise<boolean> {
  try {
    return await retryOnConflict({ attempts: DECIDE_ATTEMPTS, retryOn: (error) => error instanceof VersionConflictError }, async () => {
      const order = await orders.latest(ctx, payment.attributes.orderCode);
      // Nothing to decide: no such order, or a redelivery (this payment paid it already).
      if (!order || order.attributes.paidWith === payment.code) return true;
      const { status, cancelReason, paidWith } = order.attributes;
      try {
        if (status === 'awaiting_payment') {
          await orders.moveBySystem(ctx, order, { to: 'confirmed', paidWith: payment.code });
          return true;
        }
        // Late: the money came after the hold ended. An authorization the order already had when
        // its hold ended is given back with the cancel (`give-back-on-cancel`), never re-taken.
        if (status === 'cancelled' && cancelReason === 'payment_timeout' && !paidWith && moneyArrivedAt(payment.attributes) > order.attributes.change.at) {
          const outcome = await holds.hold(ctx, order, { retake: true });
          if (outcome.kind === 'reserved') {
            await orders.moveBySystem(ctx, order, { to: 'confirmed', paidWith: payment.code, latePayment: true });
            logger.info('a late payment took the stock again and confirmed its order', { tenant: ctx.tenantCode, order: order.code, payment: payment.code });
            return true;
          }
        }
      } catch (error) {
        // The order refused the move. A VersionConflictError (not a ConflictError) goes up:
        // someone moved the order first, and retryOnConflict decides again on its new version.
        if (!(error instanceof ConflictError)) throw error;
      }
      return false;
    });
  } catch (error) {
    if (error instanceof VersionConflictError) return false;
    throw error;
  }
}

/** An order of the storefront (payments follow only those) that moved from a version before. */
const followed = ({ current, previous }: SyncedChange<OrderAttributes>) => !!current.attributes.checkout && !!previous;
const confirmedNow = ({ current, previous }: SyncedChange<OrderAttributes>) => current.attributes.status === 'confirmed' && previous?.attributes.status !== 'confirmed';
const newShipments = ({ current, previous }: SyncedChange<OrderAttributes>) => (current.attributes.shipments ?? []).slice(previous?.attributes.shipments?.length ?? 0);

/**
 * The saga, rows in the order they run for one change. Money is taken when the goods leave (or
 * at confirmation for shops that capture then: `captureOn`), never before the stock is held.
 */
export const PAYMENT_SAGA: readonly SagaStep[] = [
  step<PaymentAttributes>({
    id: 'take-the-money',
    trigger: PAYMENT_CHANGED,
    when: 'money arrived: the first version holding an authorization or a capture (a provider event, or staff recording an offline payment)',
    applies: ({ current, previous }) => holdsMoney(current.attributes) && !holdsMoney(previous?.attributes),
    does: "confirms the order awaiting it with paidWith; a late payment (the hold ended) takes the order's stock and coupons again and confirms it",
    invoke: async (saga, ctx, { current }) => {
      if (await orderTakesPayment(saga, ctx, current)) return;
      // Not needed: compensated at once (the payment's mail tells the shopper).
      await giveBack(saga, ctx, current.code, 'not needed by its order');
    },
    compensation: { undo: giveBack, runs: 'at once when the order does not take the money; later with the order\'s cancel (give-back-on-cancel), which also releases re-taken stock (order.stock)' },
  }),
  step<OrderAttributes>({
    id: 'capture-at-confirmation',
    trigger: ORDER_CHANGED,
    when: 'a paid order moved to confirmed, in a shop with captureOn: confirmation',
    applies: (change) => followed(change) && !!change.current.attributes.paidWith && confirmedNow(change),
    does: "captures the order's total, final",
    invoke: async ({ settings, payments }, ctx, { current }) => {
      const order = current.attributes;
      if ((await settings.current(ctx)).captureOn === 'confirmation') await payments.capture(ctx, order.paidWith!, order.total.amount, 'confirmation', true);
    },
    compensation: { undo: giveBack, runs: "with the order's cancel (give-back-on-cancel); after delivery, a return refunds its share (refund-return)" },
  }),
  step<OrderAttributes>({
    id: 'capture-shipment',
    trigger: ORDER_CHANGED,
    when: 'a paid order got new shipments, in a shop with captureOn: shipment',
    applies: (change) => followed(change) && !!change.current.attributes.paidWith && newShipments(change).length > 0,
    does: "captures each new shipment's share of the total; the one that ships the last lines is final (the rest of the authorization released)",
    invoke: async ({ settings, payments }, ctx, change) => {
      const order = change.current.attributes;
      if ((await settings.current(ctx)).captureOn !== 'shipment') return;
      for (const shipment of newShipments(change)) {
        const last = order.status === 'shipped' && shipment === order.shipments![order.shipments!.length - 1];
        await payments.capture(ctx, order.paidWith!, shipment.amount.amount, `shipment.${shipment.id}`, last);
      }
    },
    compensation: { undo: giveBack, runs: "with the order's cancel before its last shipment (give-back-on-cancel); shipped units come back by a return (refund-return)" },
  }),
  step<OrderAttributes>({
    id: 'give-back-on-cancel',
    trigger: ORDER_CHANGED,
    when: 'the order moved to cancelled (by the shopper, staff, the payment hold ending, or a failed reservation)',
    applies: (change) => followed(change) && change.current.attributes.status === 'cancelled' && change.previous?.attributes.status !== 'cancelled',
    does: "runs the compensation of the steps before it on every payment of the order: authorizations voided, captured money refunded",
    invoke: async (saga, ctx, { current }) => {
      for (const payment of await saga.payments.payments(ctx, current.code)) await giveBack(saga, ctx, payment.code, 'order cancelled');
    },
    compensation: {
      none: 'because it is itself the undo: a cancelled order never needs this money again (a late payment re-opens it with a new payment, taken by take-the-money), and each void and refund is a ledger step the stream retries until done',
    },
  }),
  step<ReturnAttributes>({
    id: 'refund-return',
    trigger: RETURN_CHANGED,
    when: "a return moved to received with a refund amount",
    applies: ({ current, previous }) => current.attributes.state === 'received' && previous?.attributes.state !== 'received' && !!current.attributes.refundAmount,
    does: "refunds the return's amount on the order's payment (at most what is refundable, one step refund.return.<code>), then marks the return refunded with what went back",
    invoke: async ({ payments, returns }, ctx, { current }) => {
      const { refundAmount, orderCode } = current.attributes;
      const refundId = `return.${current.code}`;
      const paid = await payments.payments(ctx, orderCode);
      const payment = paid.find((p) => p.attributes.transactions.some((t) => t.eventId === `refund.${refundId}`)) ?? paid.find((p) => paymentAmounts(p.attributes).refundable > 0);
      let refunded = { amount: 0, currency: refundAmount!.currency };
      if (payment && refundAmount!.amount > 0) refunded = (await payments.refundUpTo(ctx, payment.code, refundId, refundAmount!.amount, `return ${current.code}`)) ?? refunded;
      try {
        await returns.markRefunded(ctx, current, refunded);
      } catch (error) {
        // A redelivery marked it first.
        if (!(error instanceof VersionConflictError)) throw error;
      }
    },
    compensation: {
      none: 'because money handed back to the shopper is never taken again (the goods are back); a refund the provider refuses is marked failed on the ledger and the stream retries the return, then dead-letters it for an operator',
    },
  }),
];

/** The table's rows of one trigger, in table order. */
export function stepsOf(trigger: SagaTrigger): SagaStep[] {
  return PAYMENT_SAGA.filter((row) => row.trigger === trigger);
}

/** The distinct triggers of the table: exactly the handlers the saga registers. */
export function sagaTriggers(): SagaTrigger[] {
  return [...new Set(PAYMENT_SAGA.map((row) => row.trigger))];
}

/** One trigger's data-sync handler: runs the table's rows whose change this is, in table order. */
export abstract class SagaTriggerHandler<A = unknown> implements DataSyncHandler<A>, OnModuleInit {
  readonly name: string;
  readonly entityType: string;
  readonly steps: readonly SagaStep[];

  constructor(
    trigger: SagaTrigger,
    private readonly registry: DataSyncRegistry,
    private readonly saga: PaymentSagaServices,
  ) {
    this.name = trigger.handler;
    this.entityType = trigger.entityType;
    this.steps = stepsOf(trigger);
    if (!this.steps.length) throw new Error(`the payment saga has no step for ${trigger.handler}`);
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async up(ctx: TenantContext, change: SyncedChange<A>): Promise<void> {
    for (const row of this.steps) {
      if (row.applies(change)) await row.invoke(this.saga, ctx, change);
    }
  }
}

// The saga's registrations: one handler per trigger of the table, nothing else.

@Injectable()
export class PaymentOrderSyncHandler extends SagaTriggerHandler<PaymentAttributes> {
  constructor(registry: DataSyncRegistry, saga: PaymentSagaServices) {
    super(PAYMENT_CHANGED, registry, saga);
  }
}

@Injectable()
export class OrderPaymentSyncHandler extends SagaTriggerHandler<OrderAttributes> {
  constructor(registry: DataSyncRegistry, saga: PaymentSagaServices) {
    super(ORDER_CHANGED, registry, saga);
  }
}

@Injectable()
export class ReturnRefundSyncHandler extends SagaTriggerHandler<ReturnAttributes> {
  constructor(registry: DataSyncRegistry, saga: PaymentSagaServices) {
    super(RETURN_CHANGED, registry, saga);
  }
}
