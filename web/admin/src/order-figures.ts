/**
 * Figures the order screen derives from what the API answers, the way the API derives them, so
 * what is offered is what the API will accept: the units still to ship (ordered less shipped, per
 * SKU) and what a refund may still give back (the ledger's captures less refunds, pending ones
 * included, and chargebacks: src/modules/payment/payment.model.ts `paymentAmounts`).
 */
import type { Schemas } from '../../shared/api/client';
import type { OrderStatus } from './router';

type Order = Schemas['OrderAttributes'];
type Payment = Schemas['PaymentAttributes'];

export function unitsToShip(order: Order): { sku: string; name: string; left: number }[] {
  const shipped = new Map<string, number>();
  for (const shipment of order.shipments ?? []) for (const line of shipment.lines) shipped.set(line.sku, (shipped.get(line.sku) ?? 0) + line.quantity);
  return order.items.map((line) => ({ sku: line.sku, name: line.name ?? line.productCode, left: line.quantity - (shipped.get(line.sku) ?? 0) })).filter((line) => line.left > 0);
}

const sum = (payment: Payment, kind: Schemas['PaymentTransaction']['kind'], states: Schemas['PaymentTransaction']['state'][]) =>
  payment.transactions.filter((t) => t.kind === kind && states.includes(t.state)).reduce((total, t) => total + t.amount.amount, 0);

export const refundable = (payment: Payment) => Math.max(0, sum(payment, 'capture', ['succeeded']) - sum(payment, 'refund', ['succeeded', 'pending']) - sum(payment, 'chargeback', ['succeeded']));

/**
 * Shipped more than the ledger has captured: the capture a shipment triggers runs on the order's
 * stream (the payment saga's `capture-shipment`), so it lands a moment after the shipment does.
 * The screen reads the payments again until it has, or a refund would not be offered.
 */
export const captureLagging = (order: Order, payment: Payment | undefined) =>
  !!payment && (order.shipments ?? []).reduce((total, s) => total + s.amount.amount, 0) > sum(payment, 'capture', ['succeeded', 'pending']);

/** The payment a refund goes to: the one that paid the order. */
export const payingPayment = <P extends { code: string; attributes: Payment }>(order: Order, payments: readonly P[]) =>
  payments.find((p) => p.code === order.paidWith) ?? payments.find((p) => refundable(p.attributes) > 0);

/** The moves of the order's state machine (src/modules/order/order.state-machine.ts) a person makes from the screen. */
export const CANCELLABLE: readonly OrderStatus[] = ['pending', 'awaiting_payment', 'confirmed', 'processing'];
export const SHIPPABLE: readonly OrderStatus[] = ['processing', 'partially_shipped'];
