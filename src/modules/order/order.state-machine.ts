import { MoveCheck, NamedGuard, StateMachine } from '../../core/state-machine';
import { isStaff, TenantContext } from '../../core/tenant-context';
import { OrderAttributes, orderCustomerOf, OrderStatus, ORDER_STATUSES } from './order.model';

/** Where each status may go. The only source of truth for order moves. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['awaiting_payment', 'confirmed', 'cancelled'],
  // An authorized payment confirms; the hold ending cancels with payment_timeout.
  awaiting_payment: ['confirmed', 'cancelled'],
  confirmed: ['processing', 'cancelled'],
  // A shipment of some lines makes it partially_shipped, of the last ones shipped.
  processing: ['partially_shipped', 'shipped', 'cancelled'],
  partially_shipped: ['partially_shipped', 'shipped'],
  shipped: ['delivered'],
  delivered: ['completed'],
  completed: [],
  // Only a payment that arrived after the hold ended re-opens an order, if its stock is still there.
  cancelled: ['confirmed'],
};

export const INITIAL_STATUS: OrderStatus = 'pending';

export interface TransitionRequest {
  ctx: TenantContext;
  order: OrderAttributes;
  to: OrderStatus;
  trackingNumber?: string;
  /** True when the stream (not a person) makes the move. */
  bySystem: boolean;
  /** The move carries a shipment (POST /orders/:code/shipments, or PATCH to shipped). */
  withShipment?: boolean;
  /** A late payment re-took the order's stock. */
  latePayment?: boolean;
}

/** Stock is reserved only by the stream; a person confirming would skip the reservation (or the payment). */
const onlyTheSystemConfirms: NamedGuard<TransitionRequest> = {
  name: 'only the system confirms',
  refuse: ({ to, bySystem }) => ((to === 'confirmed' || to === 'awaiting_payment') && !bySystem ? 'orders are confirmed by the stock reservation and the payment' : undefined),
};

const customersOnlyCancelTheirOwnEarlyOrders: NamedGuard<TransitionRequest> = {
  name: 'customers only cancel their own early orders',
  refuse: ({ ctx, order, to, bySystem }) => {
    if (bySystem || isStaff(ctx)) return undefined;
    if (orderCustomerOf(order) !== ctx.userId) return 'not your order';
    return to === 'cancelled' && ['pending', 'awaiting_payment', 'confirmed'].includes(order.status) ? undefined : 'customers may only cancel a pending, awaiting_payment or confirmed order';
  },
};

const shippingNeedsATrackingNumber: NamedGuard<TransitionRequest> = {
  name: 'shipping needs a tracking number',
  refuse: ({ to, trackingNumber }) => (to === 'shipped' && !trackingNumber ? 'trackingNumber is required to ship' : undefined),
};

/** Shipping moves carry the shipment that makes them (its units, its capture, its stock). */
const shippingNeedsAShipment: NamedGuard<TransitionRequest> = {
  name: 'shipping needs a shipment',
  refuse: ({ to, withShipment }) => ((to === 'shipped' || to === 'partially_shipped') && !withShipment ? 'ship with POST /orders/{code}/shipments' : undefined),
};

const onlyALatePaymentReopens: NamedGuard<TransitionRequest> = {
  name: 'only a late payment re-opens',
  refuse: ({ order, to, bySystem, latePayment }) =>
    order.status === 'cancelled' && to === 'confirmed' && !(bySystem && latePayment && order.cancelReason === 'payment_timeout') ? 'a cancelled order stays cancelled' : undefined,
};

/** In the order they are asked: the first refusal is the answer. */
const GUARDS: readonly NamedGuard<TransitionRequest>[] = [onlyALatePaymentReopens, onlyTheSystemConfirms, customersOnlyCancelTheirOwnEarlyOrders, shippingNeedsATrackingNumber, shippingNeedsAShipment];

/**
 * The order's machine on the core primitive, checked when this file loads (every status
 * reachable from pending, completed closed, no guard twice) plus the order's own rule: a
 * cancelled order re-opens only to confirmed (a late payment), never to anywhere else.
 */
export function orderMachine(transitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = ORDER_TRANSITIONS): StateMachine<OrderStatus, TransitionRequest> {
  const machine = new StateMachine<OrderStatus, TransitionRequest>({ name: 'order', states: ORDER_STATUSES, initial: INITIAL_STATUS, transitions, terminal: ['completed'], guards: GUARDS });
  if (machine.targetsOf('cancelled').some((s) => s !== 'confirmed')) throw new Error('order: cancelled may only re-open to confirmed (a late payment)');
  return machine;
}

export const ORDER_MACHINE = orderMachine();

export type TransitionCheck = MoveCheck;

export function checkTransition(request: TransitionRequest): TransitionCheck {
  return ORDER_MACHINE.check(request.order.status, request.to, request);
}

/** Checked at start-up (order.module.ts): the table as declared above, or one a test hands in. */
export function validateStateMachine(transitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = ORDER_TRANSITIONS): void {
  orderMachine(transitions);
}
