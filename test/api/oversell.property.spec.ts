import fc from 'fast-check';
import { ledger, orderBody, stockedProduct, sum } from '../support/shop';
import { TenantTokens, TestSystem } from '../support/test-system';

type Step =
  | { kind: 'order'; lines: { product: 0 | 1; quantity: number }[]; customer: number }
  | { kind: 'cancel'; order: number; customer: number }
  | { kind: 'restock'; product: 0 | 1; by: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('order' as const), lines: fc.array(fc.record({ product: fc.constantFrom(0 as const, 1 as const), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 2 }), customer: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), order: fc.integer({ min: 1, max: 12 }), customer: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restock' as const), product: fc.constantFrom(0 as const, 1 as const), by: fc.integer({ min: 1, max: 3 }) }) },
);

/**
 * Invariant 1 under random interleavings: orders, customer cancels and restocks race each
 * other (each round's requests run concurrently), and the stream is delivered over parallel
 * handler calls, sometimes twice. Afterwards, for every stock level: available >= 0,
 * on-hand = available + reserved, the ledger sums to both, and reserved is exactly what the
 * orders still holding stock asked for.
 */
describe('never oversell, under any interleaving of orders, cancels and restocks (property, DynamoDB Local)', () => {
  let system: TestSystem;
  let run = 0;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  it('keeps every stock invariant', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(step, { minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 4 }), fc.boolean(), async (rounds, twice) => {
        const shop = await system.createTenant(`prop-${++run}`);
        const products = ['P0', 'P1'];
        await stockedProduct(system, shop, 'P0', { onHand: 4 });
        await stockedProduct(system, shop, 'P1', { onHand: 2 });
        const versions = new Map<string, number>([['P0', 1], ['P1', 1]]);
        for (const round of rounds) {
          await Promise.all(round.map((s) => perform(system, shop, products, versions, s)));
          await system.sync({ parallel: 4, twice });
        }
        await system.sync();

        const orders = (await system.request('GET', '/orders?limit=100', { token: shop.admin() })).body.items as {
          attributes: { status: string; items: { productCode: string; quantity: number }[] };
        }[];
        for (const code of products) {
          const level = (await system.request('GET', `/inventory/${code}`, { token: shop.admin() })).body.warehouses[0];
          const movements = await ledger(system, shop, code);
          const held = orders
            .filter((o) => ['confirmed', 'processing'].includes(o.attributes.status))
            .flatMap((o) => o.attributes.items)
            .filter((line) => line.productCode === code)
            .reduce((total, line) => total + line.quantity, 0);
          expect(level.available).toBeGreaterThanOrEqual(0);
          expect(level.onHand).toBe(level.available + level.reserved);
          expect(sum(movements, 'onHandDelta')).toBe(level.onHand);
          expect(sum(movements, 'reservedDelta')).toBe(level.reserved);
          expect(level.reserved).toBe(held);
        }
        expect(orders.every((o) => o.attributes.status !== 'pending')).toBe(true);
      }),
      { numRuns: 6, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31) },
    );
  });
});

async function perform(system: TestSystem, shop: TenantTokens, products: string[], versions: Map<string, number>, s: Step): Promise<void> {
  if (s.kind === 'order') {
    const items = s.lines.map((line) => ({ productCode: products[line.product], quantity: line.quantity }));
    await system.request('POST', '/orders', { token: shop.customer(`c${s.customer}`), body: orderBody(items) });
  } else if (s.kind === 'cancel') {
    const code = `ORD-${String(s.order).padStart(6, '0')}`;
    const token = shop.customer(`c${s.customer}`);
    const order = await system.request('GET', `/orders/${code}`, { token });
    if (order.status === 200) await system.request('PATCH', `/orders/${code}/status`, { token, body: { status: 'cancelled', expectedVersion: order.body.version } });
  } else {
    const code = products[s.product];
    const reply = await system.request('PATCH', `/inventory/${code}`, { token: shop.admin(), body: { expectedVersion: versions.get(code), adjustBy: s.by, reason: 'restock' } });
    if (reply.status === 200) versions.set(code, reply.body.version);
  }
}
