import fc from 'fast-check';
import { ConflictError, ValidationFailedError } from '../../src/core/errors';
import { completesOrder, newShipments, nextShipment, shipmentAmount, shippedUnits, unitsLeftToShip } from '../../src/modules/order/order-shipments';
import { OrderAttributes, OrderLine, OrderUnits, Shipment } from '../../src/modules/order/order.model';

/** Shipment arithmetic on order attributes, without DynamoDB: units shipped and left, amounts, completion. */
type ShippableOrder = Pick<OrderAttributes, 'items' | 'total' | 'shipments' | 'status'>;

const eur = (amount: number) => ({ amount, currency: 'EUR' });
function line(sku: string, quantity: number, total?: number): OrderLine {
  return { productCode: `P-${sku}`, sku, name: sku, quantity, unitPrice: eur(100), lineTotal: eur(100 * quantity), ...(total !== undefined ? { total: eur(total) } : {}) };
}
/** A checkout order: 3 x A for 1000, 1 x B for 500, shipping 200. */
const order = (shipments?: Shipment[]): ShippableOrder => ({ items: [line('A', 3, 1000), line('B', 1, 500)], total: eur(1700), status: shipments?.length ? 'partially_shipped' : 'processing', ...(shipments ? { shipments } : {}) });
const ship = (o: ShippableOrder, lines?: OrderUnits[]) => nextShipment(o, { ...(lines ? { lines } : {}), carrier: 'DHL', trackingNumber: 'T1' }, 'admin', '2026-12-06T00:00:00.000Z');
const after = (o: ShippableOrder, lines?: OrderUnits[]): ShippableOrder => {
  const { shipment, status } = ship(o, lines);
  return { ...o, status, shipments: [...(o.shipments ?? []), shipment] };
};

function refused(run: () => unknown): { fields?: string[]; conflict?: boolean } {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationFailedError) return { fields: error.problems.map((p) => p.field) };
    if (error instanceof ConflictError) return { conflict: true };
    throw error;
  }
  throw new Error('not refused');
}

describe('order shipments', () => {
  it('counts units shipped and left per SKU', () => {
    const one = after(order(), [{ sku: 'A', quantity: 1 }]);
    expect([...shippedUnits(one)]).toEqual([['A', 1]]);
    expect(unitsLeftToShip(order())).toEqual([{ sku: 'A', quantity: 3 }, { sku: 'B', quantity: 1 }]);
    expect(unitsLeftToShip(one)).toEqual([{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }]);
    expect(unitsLeftToShip(after(one))).toEqual([]);
  });

  it('captures each shipment its units share by running totals, shipping with the first', () => {
    const first = ship(order(), [{ sku: 'A', quantity: 1 }]);
    expect(first.shipment).toEqual({ id: 'S1', lines: [{ sku: 'A', quantity: 1 }], carrier: 'DHL', trackingNumber: 'T1', amount: eur(333 + 200), shippedAt: '2026-12-06T00:00:00.000Z', by: 'admin' });
    expect(first.status).toBe('partially_shipped');
    const one = after(order(), [{ sku: 'A', quantity: 1 }]);
    expect(shipmentAmount(one, [{ sku: 'A', quantity: 2 }])).toBe(667);
    const second = ship(one);
    expect(second.shipment).toMatchObject({ id: 'S2', lines: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }], amount: eur(667 + 500) });
    expect(second.status).toBe('shipped');
  });

  it('says whether a shipment completes the order', () => {
    expect(completesOrder(order(), [{ sku: 'A', quantity: 3 }])).toBe(false);
    expect(completesOrder(order(), [{ sku: 'A', quantity: 3 }, { sku: 'B', quantity: 1 }])).toBe(true);
    expect(completesOrder(after(order(), [{ sku: 'B', quantity: 1 }]), [{ sku: 'A', quantity: 3 }])).toBe(true);
  });

  it('refuses lines naming a SKU twice, one not in the order, or more than is left (400 naming the line)', () => {
    expect(refused(() => ship(order(), [{ sku: 'A', quantity: 1 }, { sku: 'A', quantity: 1 }]))).toEqual({ fields: ['lines.1.sku'] });
    expect(refused(() => ship(order(), [{ sku: 'Z', quantity: 1 }]))).toEqual({ fields: ['lines.0.sku'] });
    expect(refused(() => ship(after(order(), [{ sku: 'A', quantity: 2 }]), [{ sku: 'B', quantity: 1 }, { sku: 'A', quantity: 2 }]))).toEqual({ fields: ['lines.1.quantity'] });
  });

  it('refuses a shipment when every unit is shipped already (409)', () => {
    expect(refused(() => ship(after(order())))).toEqual({ conflict: true });
  });

  it('spreads the total of an older order (no line totals) by line value', () => {
    const older: ShippableOrder = { items: [line('A', 2), line('B', 1)], total: eur(330), status: 'processing' };
    expect(shipmentAmount(older, [{ sku: 'A', quantity: 1 }])).toBe(110);
    expect(shipmentAmount(older, [{ sku: 'B', quantity: 1 }])).toBe(110);
  });

  it('lists the shipments a version added, the last of a shipped order being final', () => {
    const one = after(order(), [{ sku: 'A', quantity: 1 }]);
    const done = after(one);
    expect(newShipments(order(), one)).toEqual([{ shipment: one.shipments![0], final: false }]);
    expect(newShipments(one, done)).toEqual([{ shipment: done.shipments![1], final: true }]);
    expect(newShipments(order(), done).map((s) => s.final)).toEqual([false, true]);
    expect(newShipments(done, done)).toEqual([]);
  });

  it('captures exactly the order total over any split into shipments', () => {
    const arbitrary = fc.record({
      lines: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 7 }), total: fc.integer({ min: 0, max: 100000 }) }), { minLength: 1, maxLength: 4 }),
      shipping: fc.integer({ min: 0, max: 5000 }),
      cuts: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 12 }),
    });
    fc.assert(
      fc.property(arbitrary, ({ lines, shipping, cuts }) => {
        const items = lines.map((l, i) => line(`S${i}`, l.quantity, l.total));
        let o: ShippableOrder = { items, total: eur(lines.reduce((sum, l) => sum + l.total, shipping)), status: 'processing' };
        for (const cut of cuts) {
          const left = unitsLeftToShip(o);
          if (!left.length) break;
          o = after(o, [{ sku: left[0].sku, quantity: Math.min(cut, left[0].quantity) }]);
        }
        if (unitsLeftToShip(o).length) o = after(o);
        expect(o.status).toBe('shipped');
        expect(o.shipments!.reduce((sum, s) => sum + s.amount.amount, 0)).toBe(o.total.amount);
        expect(o.shipments!.every((s) => s.amount.amount >= 0)).toBe(true);
      }),
    );
  });
});
