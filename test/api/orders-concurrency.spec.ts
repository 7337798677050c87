import { ledger, orderBody, stockedProduct, stockOf, sum } from '../support/shop';
import { TestSystem } from '../support/test-system';

/**
 * Never oversell: 50 customers order the last 10 units at once. The POSTs race each other for
 * order numbers; the stream is delivered over 8 concurrent handler calls, so reservations race
 * each other on the same stock item.
 */
describe('50 concurrent orders for 10 units (DynamoDB Local + real stream handlers)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  it('confirms exactly 10, cancels 40 as out_of_stock, and leaves stock and ledger consistent', async () => {
    const shop = await system.createTenant('rush-shop');
    await stockedProduct(system, shop, 'HOT', { onHand: 10 });

    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => system.request('POST', '/orders', { token: shop.customer(`buyer-${i}`), body: orderBody([{ productCode: 'HOT', quantity: 1 }]) })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(201));
    const codes = replies.map((r) => r.body.code).sort();
    expect(codes).toEqual(Array.from({ length: 50 }, (_, i) => `ORD-${String(i + 1).padStart(6, '0')}`));

    await system.sync({ parallel: 8 });

    const orders = [];
    let cursor: string | undefined;
    do {
      const page = await system.request('GET', `/orders?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: shop.admin() });
      orders.push(...page.body.items);
      cursor = page.body.cursor;
    } while (cursor);
    const confirmed = orders.filter((o) => o.attributes.status === 'confirmed');
    const cancelled = orders.filter((o) => o.attributes.status === 'cancelled');
    expect(orders).toHaveLength(50);
    expect(confirmed).toHaveLength(10);
    expect(cancelled).toHaveLength(40);
    expect(cancelled.every((o) => o.attributes.cancelReason === 'out_of_stock' && o.attributes.outOfStockSkus[0] === 'SKU-HOT')).toBe(true);

    expect(await stockOf(system, shop, 'HOT')).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
    const movements = await ledger(system, shop, 'HOT');
    expect(movements.filter((m) => m.type === 'reserve').map((m) => m.orderCode).sort()).toEqual(confirmed.map((o) => o.code).sort());
    expect(sum(movements, 'onHandDelta')).toBe(10);
    expect(sum(movements, 'reservedDelta')).toBe(10);
  });
});
