import { TenantWrite } from '../../core/tenant-item.store';
import { clientHeldUnitsKey, heldUnitsKey, movementKey, reservationKey, stockKey } from './inventory.keys';
import { Holder, Reservation, ReservationState, ReservedLine, StockMovement } from './inventory.model';
import { RESERVATION_MACHINE, reservationStateCondition } from './reservation.state-machine';

/**
 * The writes of the stock steps, pure (no reads, no clock): one builder per kind of item, used by
 * every step that touches it, so a stock level or a ledger line is changed one way everywhere.
 */

/** How each step moves a stock level, and what the level must hold for it. */
const LEVEL_CHANGES = {
  // Reason: never oversell; the check and the decrement are one atomic step.
  reserve: { set: 'available = available - :q, reserved = reserved + :q', condition: 'available >= :q' },
  release: { set: 'available = available + :q, reserved = reserved - :q', condition: 'reserved >= :q' },
  // Sold units leave on-hand and reserved together.
  sale: { set: 'onHand = onHand - :q, reserved = reserved - :q', condition: 'reserved >= :q' },
  // Restocked returns come back to on-hand and available, only to a level that exists.
  return: { set: 'onHand = onHand + :q, available = available + :q', condition: 'attribute_exists(pk)' },
} as const;

export type LevelChange = keyof typeof LEVEL_CHANGES;

/** One step's change of one warehouse's level of a SKU (`changes` counts every change for the read model). */
export function stockLevelChange(kind: LevelChange, line: Pick<ReservedLine, 'sku' | 'warehouse' | 'quantity'>, now: string): TenantWrite {
  const change = LEVEL_CHANGES[kind];
  return {
    update: stockKey(line.sku, line.warehouse),
    set: `SET ${change.set}, updatedAt = :now ADD changes :one`,
    condition: change.condition,
    values: { ':q': line.quantity, ':now': now, ':one': 1 },
  };
}

/** One ledger line, put only if absent. */
export function movementWrite(movement: StockMovement): TenantWrite {
  // Reason: the ledger has one line per movement id (an order's action and SKU, an admin version), whatever the redeliveries.
  return { put: { sk: movementKey(movement.sku, movement.warehouse, movement.movementId), ...movement }, condition: 'attribute_not_exists(pk)' };
}

/** The ledger line of an order's step on one line: `<order>.<type><suffix>`. */
export function orderMovement(by: string, line: ReservedLine, orderCode: string, type: StockMovement['type'], deltas: { onHand: number; reserved: number }, at: string, suffix = ''): TenantWrite {
  return movementWrite({
    sku: line.sku,
    productCode: line.productCode,
    warehouse: line.warehouse,
    movementId: `${orderCode}.${type}${suffix}`,
    type,
    onHandDelta: deltas.onHand,
    reservedDelta: deltas.reserved,
    reason: `order ${orderCode}`,
    orderCode,
    by,
    at,
  });
}

/** Movement ids of a hold taken again carry its generation, so they never collide with the first hold's. */
export function stepSuffix(generation: number): string {
  return generation > 1 ? `.g${generation}` : '';
}

const WITHIN_ROOM = 'attribute_not_exists(units) OR units <= :room';

/** A check that a held-units counter holds at most `room` units now (absent: none). */
export function heldUnitsRoom(key: string, room: number): TenantWrite {
  return { check: key, condition: WITHIN_ROOM, values: { ':room': room } };
}

/**
 * Reason: a customer's units of one SKU in open orders stay within the shop's cap, atomically
 * with the hold; a guest's client's too (so new emails from one client gain nothing). One
 * counter per line for the holder, then one per line for the client.
 */
export function holdUnits(holder: Holder, lines: readonly ReservedLine[]): TenantWrite[] {
  const add = (key: string, max: number, line: ReservedLine): TenantWrite => ({
    update: key,
    set: 'SET units = if_not_exists(units, :zero) + :q',
    condition: WITHIN_ROOM,
    values: { ':zero': 0, ':q': line.quantity, ':room': max - line.quantity },
  });
  const client = holder.client;
  return [
    ...lines.map((line) => add(heldUnitsKey(holder.customerId, line.sku), holder.maxHeldUnitsPerSku, line)),
    ...(client ? lines.map((line) => add(clientHeldUnitsKey(client.key, line.sku), client.maxHeldUnitsPerSku, line)) : []),
  ];
}

/** The holder's (and client's) counters of what `reservation` holds of these lines, given back or sold. */
export function unholdUnits(reservation: Pick<Reservation, 'holder' | 'clientHolder'>, lines: readonly { sku: string; quantity: number }[]): TenantWrite[] {
  const { holder, clientHolder } = reservation;
  const keys = [...(holder ? [(sku: string) => heldUnitsKey(holder, sku)] : []), ...(clientHolder ? [(sku: string) => clientHeldUnitsKey(clientHolder, sku)] : [])];
  return keys.flatMap((key) => lines.map((line): TenantWrite => ({ update: key(line.sku), set: 'ADD units :minusQ', values: { ':minusQ': -line.quantity } })));
}

/**
 * A reservation born in `state` (one of the table's initial states: `held`, or `void` when a
 * cancel came first). Reason: one reservation per order; a replay or a cancel that came first finds it.
 */
export function reservationBorn(orderCode: string, state: ReservationState, lines: ReservedLine[], now: string, holder?: Holder): TenantWrite {
  if (!RESERVATION_MACHINE.initial.includes(state)) throw new Error(`a reservation is not born ${state}`);
  return {
    put: { sk: reservationKey(orderCode), orderCode, state, lines, ...(holder ? { holder: holder.customerId } : {}), ...(holder?.client ? { clientHolder: holder.client.key } : {}), updatedAt: now },
    condition: 'attribute_not_exists(pk)',
  };
}

/** A released hold taken again (generation 2) with the lines it holds now. */
export function reservationRetaken(orderCode: string, lines: ReservedLine[], now: string): TenantWrite {
  const from = reservationStateCondition('held');
  return {
    update: reservationKey(orderCode),
    set: 'SET #state = :held, #lines = :lines, generation = :two, updatedAt = :now',
    // Reason: a released hold is taken again once (the table's `retaken_once`), never a held or sold one.
    condition: `${from.condition} AND attribute_not_exists(generation)`,
    names: { ...from.names, '#lines': 'lines' },
    values: { ...from.values, ':held': 'held', ':lines': lines, ':two': 2, ':now': now },
  };
}

/** A hold given back (`released`) or sold (`deducted`). Reason: each reservation is released or deducted once. */
export function reservationMoved(orderCode: string, to: 'released' | 'deducted', now: string): TenantWrite {
  const from = reservationStateCondition(to);
  return { update: reservationKey(orderCode), set: 'SET #state = :next, updatedAt = :now', condition: from.condition, names: from.names, values: { ...from.values, ':next': to, ':now': now } };
}

/** A shipment that does not complete the order: the hold stays, and must still be one that may be deducted. */
export function reservationPartlyDeducted(orderCode: string, now: string): TenantWrite {
  const from = reservationStateCondition('deducted');
  return { update: reservationKey(orderCode), set: 'SET updatedAt = :now', condition: from.condition, names: from.names, values: { ...from.values, ':now': now } };
}
