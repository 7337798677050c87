import { injectHotItemFaults } from '../support/faults';
import { ledger, orderBody, stockedProduct, stockOf, sum } from '../support/shop';
import { TestSystem } from '../support/test-system';

/**
 * A hot SKU in real DynamoDB: transactions on its stock item are cancelled by conflicting ones
 * and throttled. Injected here (DynamoDB Local never does either): reservations, releases and
 * their orders' moves must retry and lose nothing, and never oversell.
 */
describe('hot SKU under injected TransactionConflict and throttling (DynamoDB Local + real stream handlers)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  it('confirms exactly what stock allows, releases what cancels give back, and keeps stock and ledger whole', async () => {
    const shop = await system.createTenant('hot-shop');
    await stockedProduct(system, shop, 'HOT', { onHand: 15 });
    const faults = injectHotItemFaults({ touching: 'INVENTORY#SKU-HOT#', conflictEvery: 3, throttleEvery: 7 });

    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) => system.request('POST', '/orders', { token: shop.customer(`buyer-${i}`), body: orderBody([{ productCode: 'HOT', quantity: 1 }]) })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(30).fill(201));
    await system.sync({ parallel: 8 });

    const orders = await Promise.all(replies.map(async (r) => (await system.request('GET', `/orders/${r.body.code}`, { token: shop.admin() })).body));
    const confirmed = orders.filter((o) => o.attributes.status === 'confirmed');
    expect(confirmed).toHaveLength(15);
    expect(orders.filter((o) => o.attributes.cancelReason === 'out_of_stock')).toHaveLength(15);

    // Five buyers change their minds: each release meets the same faults.
    await Promise.all(confirmed.slice(0, 5).map((o, i) => system.request('PATCH', `/orders/${o.code}/status`, { token: shop.customer(`buyer-${replies.findIndex((r) => r.body.code === o.code)}`), body: { status: 'cancelled', expectedVersion: o.version } }).then((reply) => expect([i, reply.status]).toEqual([i, 200]))));
    await system.sync({ parallel: 8 });
    faults.stop();

    expect(faults.conflicts).toBeGreaterThan(0);
    expect(faults.throttles).toBeGreaterThan(0);
    expect(await stockOf(system, shop, 'HOT')).toMatchObject({ onHand: 15, reserved: 10, available: 5 });
    const movements = await ledger(system, shop, 'HOT');
    expect(movements.filter((m) => m.type === 'reserve')).toHaveLength(15);
    expect(movements.filter((m) => m.type === 'release')).toHaveLength(5);
    expect(sum(movements, 'onHandDelta')).toBe(15);
    expect(sum(movements, 'reservedDelta')).toBe(10);
  });
});
