import { EntityRecord } from '../../core/entity';
import { Money } from '../../core/money';
import { OrderAttributes, OrderStatus } from '../order/order.model';
import { Mail } from './notification.model';

const formatMoney = ({ amount, currency }: Money) => `${(amount / 100).toFixed(2)} ${currency}`;

const SUBJECTS: Record<OrderStatus, (code: string) => string> = {
  pending: (code) => `We received your order ${code}`,
  confirmed: (code) => `Your order ${code} is confirmed`,
  processing: (code) => `We are preparing your order ${code}`,
  shipped: (code) => `Your order ${code} has shipped`,
  delivered: (code) => `Your order ${code} was delivered`,
  completed: (code) => `Your order ${code} is complete`,
  cancelled: (code) => `Your order ${code} was cancelled`,
};

/** The customer's mail for an order version: what changed, and the order's lines and total. */
export function orderMail(order: EntityRecord<OrderAttributes>): Mail {
  const a = order.attributes;
  const lines = a.items.map((line) => `  ${line.quantity} x ${line.name} (${line.sku})  ${formatMoney(line.lineTotal)}`);
  const status = {
    shipped: [`Tracking number: ${a.trackingNumber}`],
    cancelled: [
      `Reason: ${a.cancelReason === 'out_of_stock' ? `out of stock (${(a.outOfStockSkus ?? []).join(', ')})` : a.cancelReason}`,
      'Nothing was charged for items that were not available.',
    ],
  }[a.status as 'shipped' | 'cancelled'] ?? [];
  return {
    to: a.customerEmail,
    subject: SUBJECTS[a.status](order.code),
    body: [
      `Order ${order.code}: ${a.status}`,
      ...status,
      '',
      ...lines,
      `Subtotal: ${formatMoney(a.subtotal)}`,
      `Tax: ${formatMoney(a.tax)}`,
      `Total: ${formatMoney(a.total)}`,
    ].join('\n'),
  };
}
