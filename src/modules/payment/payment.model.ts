import { Money } from '../../core/money';

/**
 * created -> authorized | failed; authorized -> captured | voided; captured -> refunded (when
 * refunds reach the captured amount; partial refunds stay `captured`, the ledger says how
 * much). A state only ever moves forward: an older event arriving late changes nothing.
 */
export const PAYMENT_STATES = ['created', 'authorized', 'failed', 'voided', 'captured', 'refunded'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

const RANK: Record<PaymentState, number> = { created: 0, authorized: 1, failed: 1, voided: 2, captured: 2, refunded: 3 };

/** Whether `to` is a step forward from `from` (never back, never sideways). */
export function movesForward(from: PaymentState, to: PaymentState): boolean {
  return RANK[to] > RANK[from];
}

export type TransactionKind = 'authorization' | 'capture' | 'void' | 'refund' | 'chargeback';

/** One line of a payment's ledger; amounts are derived from these, never stored apart. */
export interface PaymentTransaction {
  kind: TransactionKind;
  amount: Money;
  state: 'pending' | 'succeeded' | 'failed';
  /** The provider event that settled it, or the refund's id. */
  eventId?: string;
  /** A refund's reason, as the shop gave it. */
  reason?: string;
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
  transactions: PaymentTransaction[];
}

/** What the ledger says: authorized, captured, refunded and pending amounts. */
export function paymentAmounts(payment: Pick<PaymentAttributes, 'amount' | 'transactions'>): Record<'authorized' | 'captured' | 'refunded' | 'pending', number> {
  const sum = (kind: TransactionKind, state: PaymentTransaction['state']) =>
    payment.transactions.filter((t) => t.kind === kind && t.state === state).reduce((total, t) => total + t.amount.amount, 0);
  return {
    authorized: sum('authorization', 'succeeded') - sum('void', 'succeeded'),
    captured: sum('capture', 'succeeded'),
    refunded: sum('refund', 'succeeded'),
    pending: payment.transactions.filter((t) => t.state === 'pending').reduce((total, t) => total + t.amount.amount, 0),
  };
}
