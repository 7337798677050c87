import { logger } from '../../core/logger';
import { Money } from '../../core/money';
import { PAYMENT_MACHINE, PaymentState } from './payment.state-machine';

/** The states, and the moves between them, are declared in payment.state-machine.ts. */
export { PAYMENT_STATES } from './payment.state-machine';
export type { PaymentState };

export type TransactionKind = 'authorization' | 'capture' | 'void' | 'refund' | 'chargeback';

/**
 * `unmatched`: a figure the provider told that the ledger does not book (another reference or
 * currency, an authorization of another amount than asked, the part of a total above what the
 * ledger allows). Kept so staff see what was told; counted in no amount and no state.
 */
export type TransactionState = 'pending' | 'succeeded' | 'failed' | 'unmatched';

/** One line of a payment's ledger; amounts are derived from these, never stored apart. */
export interface PaymentTransaction {
  kind: TransactionKind;
  amount: Money;
  state: TransactionState;
  /** The provider event that settled it, or our own step (`capture.<shipment>`, `refund.<id>`). */
  eventId?: string;
  /** The provider's id of a refund or dispute. */
  reference?: string;
  /** A refund's reason, as the shop gave it. */
  reason?: string;
  /** What the money was for: a shipment's id, a return's code, a cancel. */
  purpose?: string;
  /** unmatched: why the ledger did not book it. */
  problem?: string;
  /** unmatched part of a running total or a dispute: the provider's whole figure (`amount` is the part above the bound). */
  reported?: Money;
  at: string;
}

export interface PaymentAttributes {
  orderCode: string;
  provider: string;
  method: string;
  amount: Money;
  state: PaymentState;
  /** The provider's reference of this payment. */
  providerReference: string;
  /** The shopper must act at the provider (3-D Secure): `clientSecret` lets the storefront finish it. */
  actionRequired?: boolean;
  clientSecret?: string;
  transactions: PaymentTransaction[];
  /** The provider told something the ledger could not book (an `unmatched` line): staff should look. */
  needsReview?: boolean;
}

export interface PaymentAmounts {
  /** Authorized and not voided (what may still be captured is `authorized - captured`). */
  authorized: number;
  captured: number;
  /** Refunds succeeded or on their way: counted at once, so nothing is refunded twice. */
  refunded: number;
  chargedBack: number;
  /** What a refund may still give back: captured - refunded - charged back. */
  refundable: number;
  pending: number;
}

const sum = (lines: readonly PaymentTransaction[], kind: TransactionKind, states: PaymentTransaction['state'][]) =>
  lines.filter((t) => t.kind === kind && states.includes(t.state)).reduce((total, t) => total + t.amount.amount, 0);

/** What the ledger says. */
export function paymentAmounts(payment: Pick<PaymentAttributes, 'transactions'>): PaymentAmounts {
  const lines = payment.transactions;
  const captured = sum(lines, 'capture', ['succeeded']);
  const refunded = sum(lines, 'refund', ['succeeded', 'pending']);
  const chargedBack = sum(lines, 'chargeback', ['succeeded']);
  return {
    authorized: sum(lines, 'authorization', ['succeeded']) - sum(lines, 'void', ['succeeded']),
    captured,
    refunded,
    chargedBack,
    refundable: Math.max(0, captured - refunded - chargedBack),
    pending: lines.filter((t) => t.state === 'pending').reduce((total, t) => total + t.amount.amount, 0),
  };
}

/** The state the ledger is in. */
export function paymentState(payment: Pick<PaymentAttributes, 'transactions'>): PaymentState {
  const lines = payment.transactions;
  const authorization = lines.filter((t) => t.kind === 'authorization');
  const { authorized, captured, refunded } = paymentAmounts(payment);
  if (captured > 0) {
    if (refunded >= captured) return 'refunded';
    if (refunded > 0) return 'partially_refunded';
    return captured < authorized ? 'partially_captured' : 'captured';
  }
  if (lines.some((t) => t.kind === 'void' && t.state === 'succeeded')) return 'voided';
  if (authorization.some((t) => t.state === 'succeeded')) return 'authorized';
  if (authorization.some((t) => t.state === 'pending')) return 'created';
  return 'failed';
}

/**
 * The payment with its state derived again from the ledger, the move checked against the
 * payment's machine. A move the table lacks is a bug of the ledger or of the table: it is logged
 * for operators and the ledger's state kept (the ledger is what the money did).
 */
export function withLedger(payment: PaymentAttributes, transactions: PaymentTransaction[], extra: Partial<PaymentAttributes> = {}): PaymentAttributes {
  const next = { ...payment, ...extra, transactions };
  const state = paymentState(next);
  if (state !== payment.state && !PAYMENT_MACHINE.canMove(payment.state, state)) {
    logger.error('a payment moved where its state machine has no move', { machine: PAYMENT_MACHINE.name, from: payment.state, to: state, order: payment.orderCode, provider: payment.provider, providerReference: payment.providerReference });
  }
  return { ...next, state, ...(transactions.some((t) => t.state === 'unmatched') ? { needsReview: true } : {}) };
}

/** Holds money: authorized and not entirely captured, voided or refunded. */
export function holdsAuthorization(payment: Pick<PaymentAttributes, 'transactions'>): boolean {
  const { authorized, captured } = paymentAmounts(payment);
  return authorized > captured;
}
