import { hasRole, TenantContext } from '../../core/tenant-context';
import { OrderAttributes, OrderStatus, ORDER_STATUSES } from './order.model';

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

/** A guard returns why the move is refused, or nothing. Small and named, checked in order. */
type Guard = (request: TransitionRequest) => string | undefined;

/** Stock is reserved only by the stream; a person confirming would skip the reservation (or the payment). */
const onlyTheSystemConfirms: Guard = ({ to, bySystem }) =>
  (to === 'confirmed' || to === 'awaiting_payment') && !bySystem ? 'orders are confirmed by the stock reservation and the payment' : undefined;

const customersOnlyCancelTheirOwnEarlyOrders: Guard = ({ ctx, order, to, bySystem }) => {
  if (bySystem || hasRole(ctx, 'tenant-admin')) return undefined;
  if (order.guest || order.customerId !== ctx.userId) return 'not your order';
  return to === 'cancelled' && ['pending', 'awaiting_payment', 'confirmed'].includes(order.status) ? undefined : 'customers may only cancel a pending, awaiting_payment or confirmed order';
};

const shippingNeedsATrackingNumber: Guard = ({ to, trackingNumber }) => (to === 'shipped' && !trackingNumber ? 'trackingNumber is required to ship' : undefined);

/** Shipping moves carry the shipment that makes them (its units, its capture, its stock). */
const shippingNeedsAShipment: Guard = ({ to, withShipment }) =>
  (to === 'shipped' || to === 'partially_shipped') && !withShipment ? 'ship with POST /orders/{code}/shipments' : undefined;

const onlyALatePaymentReopens: Guard = ({ order, to, bySystem, latePayment }) =>
  order.status === 'cancelled' && to === 'confirmed' && !(bySystem && latePayment && order.cancelReason === 'payment_timeout') ? 'a cancelled order stays cancelled' : undefined;

const GUARDS: readonly Guard[] = [onlyALatePaymentReopens, onlyTheSystemConfirms, customersOnlyCancelTheirOwnEarlyOrders, shippingNeedsATrackingNumber, shippingNeedsAShipment];

export type TransitionCheck = { allowed: true } | { allowed: false; kind: 'not-a-transition' | 'refused'; message: string };

export function checkTransition(request: TransitionRequest): TransitionCheck {
  const from = request.order.status;
  if (!ORDER_TRANSITIONS[from].includes(request.to)) {
    return { allowed: false, kind: 'not-a-transition', message: `Cannot transition from ${from} to ${request.to}` };
  }
  for (const guard of GUARDS) {
    const refusal = guard(request);
    if (refusal) return { allowed: false, kind: 'refused', message: refusal };
  }
  return { allowed: true };
}

/** Checked when the module loads: every status reachable from the initial one, `completed` closed. */
export function validateStateMachine(transitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = ORDER_TRANSITIONS): void {
  const reached = new Set<OrderStatus>([INITIAL_STATUS]);
  const queue: OrderStatus[] = [INITIAL_STATUS];
  while (queue.length) {
    for (const next of transitions[queue.shift()!]) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  const unreachable = ORDER_STATUSES.filter((s) => !reached.has(s));
  if (unreachable.length) throw new Error(`order statuses not reachable from ${INITIAL_STATUS}: ${unreachable.join(', ')}`);
  if (transitions.completed.length) throw new Error('terminal status completed has exits');
  if (transitions.cancelled.some((s) => s !== 'confirmed')) throw new Error('cancelled may only re-open to confirmed (a late payment)');
}
