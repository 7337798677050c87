import { Money } from '../../core/money';
import { PaymentAttributes, paymentAmounts, PaymentTransaction, TransactionKind, withLedger } from './payment.model';
import { PaymentEvent } from './payment.provider';
import { PAYMENT_MACHINE } from './payment.state-machine';

/** Where an authorization may still land (a pending one, or a failed one the shopper retried): the table's sources of `authorized`. */
const AWAITING_AUTHORIZATION = PAYMENT_MACHINE.sourcesOf('authorized');
/** Only a pending authorization fails. */
const MAY_FAIL = PAYMENT_MACHINE.sourcesOf('failed');

/**
 * The payment after a provider's event, or nothing when the event tells the ledger nothing new
 * (a duplicate, or older than what the ledger knows). The ledger only grows: lines are added or
 * a pending line is settled, never removed, so no order of delivery moves a payment backwards.
 *
 * What the ledger books is bounded by what we asked for: an event about another reference or in
 * another currency, or an authorization of another amount than the payment's, books nothing
 * (an `unmatched` line shows its figure, the order keeps waiting); a capture total above the
 * authorized amount, a refund total above the captured one or a chargeback above what is left
 * captured is clamped to that bound, the rest shown as `unmatched`. Any `unmatched` line flags
 * the payment `needsReview`.
 */
export function afterEvent(payment: PaymentAttributes, event: PaymentEvent, at: string): PaymentAttributes | undefined {
  const lines = payment.transactions;
  const money = (amount: number) => ({ amount, currency: payment.amount.currency });
  const foreign = foreignFigure(payment, event);
  if (foreign) return unmatched(payment, event, foreign, at);
  switch (event.type) {
    case 'requires_action':
      return payment.state === 'created' && !payment.actionRequired ? { ...payment, actionRequired: true } : undefined;
    case 'authorized': {
      // A pending authorization, or a failed one the shopper retried at the provider.
      if (!AWAITING_AUTHORIZATION.includes(payment.state)) return undefined;
      // Reason: we asked for exactly the payment's amount. Any other (a partial authorization,
      // a forged or misrouted event) must not confirm the order.
      if (event.amount.amount !== payment.amount.amount) return unmatched(payment, event, `authorized ${event.amount.amount}, not the payment's ${payment.amount.amount}`, at);
      return withLedger(payment, settleAuthorization(lines, 'succeeded', event.eventId, at), { actionRequired: false });
    }
    case 'failed':
      return MAY_FAIL.includes(payment.state) ? withLedger(payment, settleAuthorization(lines, 'failed', event.eventId, at), { actionRequired: false }) : undefined;
    case 'voided': {
      const { authorized, captured } = paymentAmounts(payment);
      if (captured > 0) return undefined;
      const ours = lines.findIndex((t) => t.kind === 'void' && t.state === 'pending');
      if (ours >= 0) return withLedger(payment, lines.map((t, i) => (i === ours ? { ...t, state: 'succeeded', at } : t)));
      if (authorized <= 0) return undefined;
      return withLedger(payment, [...lines, { kind: 'void', amount: money(authorized), state: 'succeeded', eventId: event.eventId, at }]);
    }
    case 'captured': {
      // A capture that overtook its authorization settles both, if it took what was asked.
      const overtook = AWAITING_AUTHORIZATION.includes(payment.state);
      if (overtook && event.amount.amount !== payment.amount.amount) return unmatched(payment, event, `captured ${event.amount.amount} before any authorization, not the payment's ${payment.amount.amount}`, at);
      const authorizedFirst = overtook ? settleAuthorization(lines, 'succeeded', event.eventId, at) : lines;
      const bound = paymentAmounts({ transactions: authorizedFirst }).authorized;
      const next = withinBound(toRunningTotal(authorizedFirst, 'capture', Math.min(event.amount.amount, bound), event.eventId, at, money), event, bound, 'the authorized amount', at);
      return next === lines ? undefined : withLedger(payment, next, { actionRequired: false });
    }
    case 'refunded': {
      // Money charged back cannot be refunded as well.
      const { captured, chargedBack } = paymentAmounts(payment);
      const bound = Math.max(0, captured - chargedBack);
      const next = withinBound(toRunningTotal(lines, 'refund', Math.min(event.amount.amount, bound), event.eventId, at, money), event, bound, 'the captured amount not charged back', at);
      return next === lines ? undefined : withLedger(payment, next);
    }
    case 'disputed': {
      const reference = event.disputeId ?? event.eventId;
      if (lines.some((t) => t.kind === 'chargeback' && t.reference === reference)) return undefined;
      // A card network claws back at most what was captured and neither refunded nor charged back already.
      const { captured, refunded, chargedBack } = paymentAmounts(payment);
      const bound = Math.max(0, captured - refunded - chargedBack);
      const booked = Math.min(event.amount.amount, bound);
      const next = booked > 0 ? [...lines, { kind: 'chargeback' as const, amount: money(booked), state: 'succeeded' as const, eventId: event.eventId, reference, at }] : lines;
      const bounded = withinBound(next, { ...event, disputeId: reference }, bound, 'the captured amount not refunded or charged back', at);
      return bounded === lines ? undefined : withLedger(payment, bounded);
    }
  }
}

/** The ledger line kind an event is about. */
const KIND_OF: Record<PaymentEvent['type'], TransactionKind> = {
  requires_action: 'authorization',
  authorized: 'authorization',
  failed: 'authorization',
  voided: 'void',
  captured: 'capture',
  refunded: 'refund',
  disputed: 'chargeback',
};

/** An event about another payment at the provider, or in another currency, tells this ledger nothing it may book. */
function foreignFigure(payment: PaymentAttributes, event: PaymentEvent): string | undefined {
  if (event.providerReference !== payment.providerReference) return `reference ${event.providerReference} is not this payment's ${payment.providerReference}`;
  if (event.amount.currency !== payment.amount.currency) return `currency ${event.amount.currency} is not the payment's ${payment.amount.currency}`;
  return undefined;
}

/** The event's figure, as told, in an `unmatched` line: booked nowhere, shown to staff. */
function unmatched(payment: PaymentAttributes, event: PaymentEvent, problem: string, at: string): PaymentAttributes {
  const line: PaymentTransaction = { kind: KIND_OF[event.type], amount: event.amount, state: 'unmatched', eventId: event.eventId, reference: event.disputeId ?? event.providerReference, problem, at };
  return withLedger(payment, [...payment.transactions, line]);
}

/**
 * The part of the provider's figure above `bound` (a running total, or a dispute's amount) as an
 * `unmatched` line, once per figure: a repeat of the same total, or an older lower one, adds nothing.
 */
function withinBound(lines: PaymentTransaction[], event: PaymentEvent, bound: number, boundName: string, at: string): PaymentTransaction[] {
  const kind = KIND_OF[event.type];
  if (event.amount.amount <= bound) return lines;
  if (lines.some((t) => t.kind === kind && t.state === 'unmatched' && (kind === 'chargeback' ? t.reference === event.disputeId : (t.reported?.amount ?? 0) >= event.amount.amount))) return lines;
  return [...lines, { ...excessLine(kind, event.amount, bound, boundName, event.eventId, at), ...(event.disputeId ? { reference: event.disputeId } : {}) }];
}

/** What a provider's figure `told` has above `bound`, as an `unmatched` line naming both. */
export function excessLine(kind: TransactionKind, told: Money, bound: number, boundName: string, eventId: string, at: string): PaymentTransaction {
  const excess = told.amount - bound;
  return { kind, amount: { amount: excess, currency: told.currency }, state: 'unmatched', eventId, problem: `the provider told ${told.amount}; ${boundName} is ${bound}: ${bound} booked, ${excess} not`, reported: told, at };
}

function settleAuthorization(lines: PaymentTransaction[], state: 'succeeded' | 'failed', eventId: string, at: string): PaymentTransaction[] {
  return lines.map((t) => (t.kind === 'authorization' && (t.state === 'pending' || t.state === 'failed') ? { ...t, state, eventId, at } : t));
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
