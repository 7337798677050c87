import { ConflictError } from '../../core/errors';
import { StateMachine } from '../../core/state-machine';
import { CART_STATUSES, CartAttributes, CartStatus } from './cart.model';

/**
 * Where a cart may go. Every shopper change makes (or keeps) it active, an abandoned one
 * included; the sweep abandons an idle active cart; checkout converts an active one; a guest
 * cart, active or abandoned, is merged into a customer's. Converted and merged are final.
 * Cart writes are conditioned on the version read, so the table is checked before each write.
 */
export const CART_TRANSITIONS: Readonly<Record<CartStatus, readonly CartStatus[]>> = {
  active: ['active', 'abandoned', 'converted', 'merged'],
  abandoned: ['active', 'merged'],
  converted: [],
  merged: [],
};

export const CART_MACHINE = new StateMachine<CartStatus>({
  name: 'cart',
  states: CART_STATUSES,
  initial: 'active',
  transitions: CART_TRANSITIONS,
  terminal: ['converted', 'merged'],
});

/** Whether a shopper may still change the cart (a change makes it active). */
export function isOpen(cart: Pick<CartAttributes, 'status'>): boolean {
  return CART_MACHINE.canMove(cart.status, 'active');
}

/** Refuses (409 naming the cart's status) a move the table lacks, before anything is written. */
export function assertCartMove(cart: { code: string; attributes: Pick<CartAttributes, 'status'> }, to: CartStatus): void {
  const from = cart.attributes.status;
  if (!CART_MACHINE.canMove(from, to)) throw new ConflictError(`cart ${cart.code} is ${from}`, { status: from });
}
