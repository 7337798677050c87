import { Money } from '../../core/money';
import { OrderUnits } from './order.model';

/**
 * requested -> accepted -> received -> refunded; requested | accepted -> rejected. A customer
 * asks (within the shop's return window after delivery), the shop accepts and receives the
 * units; the stream then restocks them (or writes them off) and refunds their share. The moves
 * are declared in return.state-machine.ts.
 */
export const RETURN_STATES = ['requested', 'accepted', 'rejected', 'received', 'refunded'] as const;
export type ReturnState = (typeof RETURN_STATES)[number];

/** What the shop found in the parcel: back on the shelf, or written off. */
export interface ReceivedUnits extends OrderUnits {
  condition: 'restock' | 'damaged';
}

export interface ReturnAttributes {
  orderCode: string;
  /** The order's customer when the return was asked for: who placed it, or who had claimed the guest's order by then (`guest` otherwise). */
  customerId: string;
  /** When it was asked for (version 1): the order of GET /me/returns. Absent on returns older than that list. */
  requestedAt?: string;
  lines: OrderUnits[];
  reason: string;
  state: ReturnState;
  /** Set when received. */
  received?: ReceivedUnits[];
  /** Set when received: the received units' share of the order total, plus shipping if the shop gives it back. */
  refundAmount?: Money;
  refundShipping?: boolean;
  /** Set when refunded: what the payment gave back (never more than was refundable). */
  refunded?: Money;
  change: { from?: ReturnState; to: ReturnState; note?: string; by: string; at: string };
}
