import { PaymentAttributes, paymentAmounts, PaymentTransaction, withLedger } from './payment.model';
import { PaymentEvent } from './payment.provider';

/**
 * The payment after a provider's event, or nothing when the event tells the ledger nothing new
 * (a duplicate, or older than what the ledger knows). The ledger only grows: lines are added or
 * a pending line is settled, never removed, so no order of delivery moves a payment backwards.
 */
export function afterEvent(payment: PaymentAttributes, event: PaymentEvent, at: string): PaymentAttributes | undefined {
  const lines = payment.transactions;
  const money = (amount: number) => ({ amount, currency: payment.amount.currency });
  switch (event.type) {
    case 'requires_action':
      return payment.state === 'created' && !payment.actionRequired ? { ...payment, actionRequired: true } : undefined;
    case 'authorized': {
      // A pending authorization, or a failed one the shopper retried at the provider.
      if (!['created', 'failed'].includes(payment.state)) return undefined;
      return withLedger(payment, settleAuthorization(lines, 'succeeded', event.eventId, at), { actionRequired: false });
    }
    case 'failed':
      return payment.state === 'created' ? withLedger(payment, settleAuthorization(lines, 'failed', event.eventId, at), { actionRequired: false }) : undefined;
    case 'voided': {
      const { authorized, captured } = paymentAmounts(payment);
      if (captured > 0) return undefined;
      const ours = lines.findIndex((t) => t.kind === 'void' && t.state === 'pending');
      if (ours >= 0) return withLedger(payment, lines.map((t, i) => (i === ours ? { ...t, state: 'succeeded', at } : t)));
      if (authorized <= 0) return undefined;
      return withLedger(payment, [...lines, { kind: 'void', amount: money(authorized), state: 'succeeded', eventId: event.eventId, at }]);
    }
    case 'captured': {
      // A capture that overtook its authorization settles both.
      const authorizedFirst = payment.state === 'created' || payment.state === 'failed' ? settleAuthorization(lines, 'succeeded', event.eventId, at) : lines;
      const next = toRunningTotal(authorizedFirst, 'capture', event.amount.amount, event.eventId, at, money);
      return next === lines ? undefined : withLedger(payment, next, { actionRequired: false });
    }
    case 'refunded': {
      const next = toRunningTotal(lines, 'refund', event.amount.amount, event.eventId, at, money);
      return next === lines ? undefined : withLedger(payment, next);
    }
    case 'disputed': {
      const reference = event.disputeId ?? event.eventId;
      if (lines.some((t) => t.kind === 'chargeback' && t.reference === reference)) return undefined;
      return withLedger(payment, [...lines, { kind: 'chargeback', amount: event.amount, state: 'succeeded', eventId: event.eventId, reference, at }]);
    }
  }
}

function settleAuthorization(lines: PaymentTransaction[], state: 'succeeded' | 'failed', eventId: string, at: string): PaymentTransaction[] {
  return lines.map((t) => (t.kind === 'authorization' && t.state !== 'succeeded' ? { ...t, state, eventId, at } : t));
}

/**
 * The provider says `total` of `kind` happened so far. Our own pending lines it covers are
 * settled (the webhook of our own capture or refund); what it covers beyond all our lines (done
 * at the provider's dashboard) is added as a line of its own. Returns `lines` itself when the
 * total tells nothing new.
 */
function toRunningTotal(lines: PaymentTransaction[], kind: 'capture' | 'refund', total: number, eventId: string, at: string, money: (amount: number) => PaymentTransaction['amount']): PaymentTransaction[] {
  let covered = lines.filter((t) => t.kind === kind && t.state === 'succeeded').reduce((sum, t) => sum + t.amount.amount, 0);
  if (total <= covered) return lines;
  let changed = false;
  const settled = lines.map((t) => {
    if (t.kind !== kind || t.state !== 'pending' || covered + t.amount.amount > total) return t;
    covered += t.amount.amount;
    changed = true;
    return { ...t, state: 'succeeded' as const, at };
  });
  const stillPending = settled.filter((t) => t.kind === kind && t.state === 'pending').reduce((sum, t) => sum + t.amount.amount, 0);
  // Our own pending lines not yet covered may be what the rest is: leave them to their step.
  const beyond = total - covered - stillPending;
  if (beyond > 0) return [...settled, { kind, amount: money(beyond), state: 'succeeded', eventId, at }];
  return changed ? settled : lines;
}
