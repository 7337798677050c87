import { ConflictError, FieldProblem, ValidationFailedError } from '../../core/errors';
import { OrderAmounts, unitsBySku } from './order-amounts';
import { OrderAttributes, OrderUnits, Shipment } from './order.model';

/**
 * Shipment arithmetic on an order's attributes, pure: what is shipped and left, what the next
 * shipment carries and captures, whether it completes the order. The money shares come from
 * `OrderAmounts` (running totals, shipping with the first shipment), so the captures add up to
 * the total exactly.
 */
type ShippedOrder = Pick<OrderAttributes, 'items' | 'total' | 'shipments'>;

/** What a shipment is asked to carry (no lines: all units not yet shipped), and how it travels. */
export interface ShipmentOrder {
  lines?: OrderUnits[];
  carrier: string;
  trackingNumber: string;
}

/** Units of each SKU in the order's shipments so far. */
export function shippedUnits(order: Pick<OrderAttributes, 'shipments'>): Map<string, number> {
  return unitsBySku((order.shipments ?? []).map((s) => s.lines));
}

/** Units of each SKU still to ship (SKUs with none left are not listed). */
export function unitsLeftToShip(order: ShippedOrder, amounts = new OrderAmounts(order)): OrderUnits[] {
  const shipped = shippedUnits(order);
  return amounts
    .ordered()
    .map(({ sku, quantity }) => ({ sku, quantity: quantity - (shipped.get(sku) ?? 0) }))
    .filter((u) => u.quantity > 0);
}

/** What a shipment of `lines` captures: its units' share of the total, plus shipping on the first shipment. */
export function shipmentAmount(order: ShippedOrder, lines: readonly OrderUnits[], amounts = new OrderAmounts(order)): number {
  const first = !order.shipments?.length;
  return amounts.unitsAmount(lines, shippedUnits(order)) + (first ? amounts.shipping : 0);
}

/** Whether shipping `lines` after the shipments so far ships every ordered unit. */
export function completesOrder(order: ShippedOrder, lines: readonly OrderUnits[], amounts = new OrderAmounts(order)): boolean {
  const all = unitsBySku([...(order.shipments ?? []).map((s) => s.lines), lines]);
  return amounts.ordered().every(({ sku, quantity }) => (all.get(sku) ?? 0) >= quantity);
}

/**
 * The next shipment of `order`, shipped by `by` at `at`: the units asked for (all not yet
 * shipped when none are named), each within what is left to ship (400 naming the line
 * otherwise; 409 when nothing is left), and its share of the money. The order becomes
 * `shipped` when it carries the last units, else `partially_shipped`.
 */
export function nextShipment(order: ShippedOrder & Pick<OrderAttributes, 'status'>, request: ShipmentOrder, by: string, at: string): { shipment: Shipment; status: 'partially_shipped' | 'shipped' } {
  const amounts = new OrderAmounts(order);
  const left = unitsLeftToShip(order, amounts);
  const lines = request.lines?.length ? request.lines : left;
  const problems = shipmentProblems(lines, left, amounts);
  if (problems.length) throw new ValidationFailedError(problems);
  if (!lines.length) throw new ConflictError('every unit of this order is shipped already', { status: order.status });
  const shipment: Shipment = {
    id: `S${(order.shipments?.length ?? 0) + 1}`,
    lines: lines.map(({ sku, quantity }) => ({ sku, quantity })),
    carrier: request.carrier,
    trackingNumber: request.trackingNumber,
    amount: { amount: shipmentAmount(order, lines, amounts), currency: order.total.currency },
    shippedAt: at,
    by,
  };
  return { shipment, status: completesOrder(order, lines, amounts) ? 'shipped' : 'partially_shipped' };
}

/** Each line of a shipment names a SKU of the order once, and at most the units left of it. */
function shipmentProblems(lines: readonly OrderUnits[], left: readonly OrderUnits[], amounts: OrderAmounts): FieldProblem[] {
  const seen = new Set<string>();
  return lines.flatMap(({ sku, quantity }, i) => {
    const remaining = left.find((u) => u.sku === sku)?.quantity ?? 0;
    if (seen.has(sku)) return [{ field: `lines.${i}.sku`, problem: `${sku} is named twice` }];
    seen.add(sku);
    if (!amounts.quantityOf(sku)) return [{ field: `lines.${i}.sku`, problem: `${sku} is not in order` }];
    if (quantity > remaining) return [{ field: `lines.${i}.quantity`, problem: `only ${remaining} of ${sku} left to ship` }];
    return [];
  });
}

/**
 * The shipments an order version added to the previous one, each with whether it is the
 * order's final one (the order is `shipped` and it is the last): the final one closes the
 * reservation and makes the final capture.
 */
export function newShipments(previous: Pick<OrderAttributes, 'shipments'>, order: Pick<OrderAttributes, 'shipments' | 'status'>): { shipment: Shipment; final: boolean }[] {
  const all = order.shipments ?? [];
  return all.slice(previous.shipments?.length ?? 0).map((shipment) => ({ shipment, final: order.status === 'shipped' && shipment === all[all.length - 1] }));
}
