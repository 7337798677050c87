import fc from 'fast-check';
import { handler as sweeper } from '../../src/handlers/sweeper';
import { expectOk, readyGuestCart, stockLevel, storefrontShop } from '../support/storefront';
import { TestSystem } from '../support/test-system';

type Step =
  | { kind: 'checkout'; lines: { sku: 0 | 1; quantity: number }[]; coupon: boolean; online: boolean }
  | { kind: 'cancel'; order: number }
  | { kind: 'expire' }
  | { kind: 'restock'; sku: 0 | 1; by: number };

const SKUS = ['TEE-M', 'TEE-L'];
const HOLDING = ['awaiting_payment', 'confirmed', 'processing'];

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('checkout' as const),
      lines: fc.uniqueArray(fc.record({ sku: fc.constantFrom(0 as const, 1 as const), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 2, selector: (l) => l.sku }),
      coupon: fc.boolean(),
      online: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), order: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const)}) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restock' as const), sku: fc.constantFrom(0 as const, 1 as const), by: fc.integer({ min: 1, max: 3 }) }) },
);

/**
 * Checkouts (with and without a coupon of 3 uses, paid offline or left awaiting payment), hold
 * expiries, shop cancels and restocks race each other; the stream runs in parallel, sometimes
 * twice. Afterwards: on-hand = available + reserved, available >= 0, reserved is exactly what
 * orders holding stock asked for, redemptions <= the limit, and redemptions = the orders
 * holding the coupon.
 */
describe('checkout holds: stock and coupon redemptions stay consistent under any interleaving (property, DynamoDB Local)', () => {
  let system: TestSystem;
  let run = 0;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  it('keeps every stock and redemption invariant', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 3 }), fc.boolean(), async (rounds, twice) => {
        const { shop, key } = await storefrontShop(system, `sfprop-${++run}`, { onHand: 4, holdSeconds: 30 });
        const admin = shop.admin();
        await expectOk(system.request('POST', '/coupons', { token: admin, body: { code: 'LIM3', kind: 'fixed', value: 100, currency: 'EUR', usageLimit: 3 } }));
        for (const round of rounds) {
          await Promise.all(round.map((s) => perform(system, shop.admin(), key, s)));
          await system.sync({ parallel: 4, twice });
        }
        await system.sync();

        const orders = (await system.request('GET', '/orders?limit=100', { token: admin })).body.items as {
          attributes: { status: string; items: { sku: string; quantity: number }[]; checkout?: { coupons: { code: string }[] } };
        }[];
        expect(orders.every((o) => o.attributes.status !== 'pending')).toBe(true);
        const holding = orders.filter((o) => HOLDING.includes(o.attributes.status));
        for (const sku of SKUS) {
          const level = await stockLevel(system, shop, sku);
          expect(level.available).toBeGreaterThanOrEqual(0);
          expect(level.onHand).toBe(level.available + level.reserved);
          const held = holding.flatMap((o) => o.attributes.items).filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity, 0);
          expect(level.reserved).toBe(held);
        }
        const redeemed = (await system.request('GET', '/coupons/LIM3', { token: admin })).body.redeemed ?? 0;
        expect(redeemed).toBeLessThanOrEqual(3);
        expect(redeemed).toBe(holding.filter((o) => o.attributes.checkout?.coupons.some((c) => c.code === 'LIM3')).length);
      }),
      { numRuns: 4, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31) },
    );
  });
});

async function perform(system: TestSystem, admin: string, key: string, s: Step): Promise<void> {
  if (s.kind === 'checkout') {
    const lines = s.lines.map((l) => ({ sku: SKUS[l.sku], quantity: l.quantity }));
    const cart = await readyGuestCart(system, key, lines, { coupons: s.coupon ? ['LIM3'] : [] }).catch(() => undefined);
    if (cart) await cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: s.online ? 'card' : 'manual' });
  } else if (s.kind === 'cancel') {
    const code = `ORD-${String(s.order).padStart(6, '0')}`;
    const order = await system.request('GET', `/orders/${code}`, { token: admin });
    if (order.status === 200) await system.request('PATCH', `/orders/${code}/status`, { token: admin, body: { status: 'cancelled', expectedVersion: order.body.version } });
  } else if (s.kind === 'expire') {
    await sweeper({ time: new Date(Date.now() + 31_000).toISOString() });
  } else {
    const sku = SKUS[s.sku];
    const level = await system.request('GET', `/inventory/${sku}`, { token: admin });
    await system.request('PATCH', `/inventory/${sku}`, { token: admin, body: { expectedVersion: level.body.warehouses[0].version, adjustBy: s.by, reason: 'restock' } });
  }
}
