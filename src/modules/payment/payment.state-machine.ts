import { StateMachine } from '../../core/state-machine';

/**
 * created -> authorized | failed (failed -> authorized: the shopper retried the same payment);
 * authorized -> partially_captured -> captured (one capture per shipment), or -> voided;
 * captured -> partially_refunded -> refunded. The state is derived from the ledger, never set
 * apart from it, and the ledger only grows: an older event arriving late changes nothing.
 */
export const PAYMENT_STATES = ['created', 'failed', 'authorized', 'voided', 'partially_captured', 'captured', 'partially_refunded', 'refunded'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/**
 * Where a payment's state may go. The state is never set: it is derived from the ledger
 * (payment.model.ts `paymentState`), so this table declares the moves the ledger can make, and
 * every derivation is checked against it (`withLedger`). Staying in a state is no move.
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentState, readonly PaymentState[]>> = {
  // A capture that overtook its authorization settles both (so does a payment recorded by staff).
  created: ['authorized', 'failed', 'captured'],
  // The shopper retried the same payment at the provider.
  failed: ['authorized', 'captured'],
  authorized: ['partially_captured', 'captured', 'voided'],
  // The rest of the authorization is captured or released; a refund may come before it.
  partially_captured: ['captured', 'partially_refunded', 'refunded'],
  captured: ['partially_refunded', 'refunded'],
  // A refund counts while pending: one the provider then refuses gives its amount back.
  partially_refunded: ['refunded', 'partially_captured', 'captured'],
  // A later shipment captures more than was refunded, or a refund the provider refused is given back.
  refunded: ['partially_refunded', 'partially_captured', 'captured'],
  voided: [],
};

export const PAYMENT_MACHINE = new StateMachine<PaymentState>({
  name: 'payment',
  states: PAYMENT_STATES,
  initial: 'created',
  transitions: PAYMENT_TRANSITIONS,
  terminal: ['voided'],
});
