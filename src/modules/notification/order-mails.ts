import { config } from '../../config';
import { EntityRecord } from '../../core/entity';
import { Money } from '../../core/money';
import { CancelReason, OrderAttributes, OrderStatus } from '../order';
import { Mail } from './notification.model';

const formatMoney = ({ amount, currency }: Money) => `${(amount / 100).toFixed(2)} ${currency}`;

const SUBJECTS: Record<OrderStatus, (code: string) => string> = {
  pending: (code) => `We received your order ${code}`,
  awaiting_payment: (code) => `Your order ${code} is waiting for your payment`,
  confirmed: (code) => `Your order ${code} is confirmed`,
  processing: (code) => `We are preparing your order ${code}`,
  partially_shipped: (code) => `Part of your order ${code} has shipped`,
  shipped: (code) => `Your order ${code} has shipped`,
  delivered: (code) => `Your order ${code} was delivered`,
  completed: (code) => `Your order ${code} is complete`,
  cancelled: (code) => `Your order ${code} was cancelled`,
};

/** What a mail says of a cancel: fixed words per reason, never text someone typed. */
const CANCEL_TEXT: Record<CancelReason, (order: OrderAttributes) => string> = {
  out_of_stock: (o) => `out of stock (${(o.outOfStockSkus ?? []).join(', ')})`,
  held_limit: (o) => `more units than one customer may hold at once (${(o.heldLimitSkus ?? []).join(', ')})`,
  coupon_unavailable: (o) => `a coupon could no longer be used (${(o.unavailableCoupons ?? []).join(', ')})`,
  payment_timeout: () => 'no payment arrived before the items we held for you were released',
  not_processed: () => 'we could not process the order in time',
  processing_failed: () => 'we could not process the order',
  by_customer: () => 'cancelled at your request',
  by_shop: () => 'cancelled by the shop',
};

/**
 * The customer's mail for an order version: what changed, and the order's lines and total. A
 * guest's first mail links to the order with its token in the fragment (`#token=`), which no
 * server receives: the storefront reads it and sends it as `x-order-token`.
 */
export function orderMail(order: EntityRecord<OrderAttributes>, orderToken?: string): Mail {
  const a = order.attributes;
  const lines = a.items.map((line) => `  ${line.quantity} x ${line.name} (${line.sku})  ${formatMoney(line.lineTotal)}`);
  const shipment = a.shipments?.[a.shipments.length - 1];
  const shipped = shipment
    ? [`Shipment ${shipment.id} with ${shipment.carrier}. Tracking number: ${shipment.trackingNumber}`, ...shipment.lines.map((l) => `  ${l.quantity} x ${l.sku}`)]
    : [`Tracking number: ${a.trackingNumber}`];
  const status = {
    shipped,
    partially_shipped: [...shipped, 'The rest follows in a later shipment.'],
    awaiting_payment: a.holdUntil ? [`We hold your items until ${a.holdUntil}.`] : [],
    cancelled: [
      `Reason: ${(CANCEL_TEXT[a.cancelReason ?? 'by_shop'] ?? CANCEL_TEXT.by_shop)(a)}`,
      'Anything you paid for this order is given back.',
    ],
  }[a.status as 'shipped' | 'partially_shipped' | 'awaiting_payment' | 'cancelled'] ?? [];
  return {
    to: a.customerEmail,
    subject: SUBJECTS[a.status](order.code),
    body: [
      `Order ${order.code}: ${a.status}`,
      ...status,
      '',
      ...lines,
      `Subtotal: ${formatMoney(a.subtotal)}`,
      ...(a.discount && a.discount.amount > 0 ? [`Discount: -${formatMoney(a.discount)}`] : []),
      ...(a.shipping ? [`Shipping: ${formatMoney(a.shipping)}`] : []),
      `Tax${a.checkout?.taxIncluded ? ' (included)' : ''}: ${formatMoney(a.tax)}${a.checkout?.reverseCharge ? ' (reverse charge: VAT due by the buyer)' : ''}`,
      `Total: ${formatMoney(a.total)}`,
      ...(orderToken ? ['', `Follow your order: ${config().storefrontUrl}/orders/${order.code}#token=${orderToken}`] : []),
    ].join('\n'),
    // The token opens the order as its guest: the recipient's alone, never the outbox's readers'.
    ...(orderToken ? { secrets: [orderToken] } : {}),
  };
}
