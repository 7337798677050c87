import { DynamoCallCounter } from '../../scripts/lib/dynamo-calls';
import { mailsOf, orderBody, stockedProduct } from '../support/shop';
import { TestSystem } from '../support/test-system';

/**
 * What one order costs in DynamoDB calls, from POST /orders to its confirmation mail, counted by
 * an SDK middleware (deterministic, unlike timings). The budget is the target.
 */
describe('DynamoDB calls per order (DynamoDB Local + real stream handlers)', () => {
  let system: TestSystem;
  let calls: DynamoCallCounter;
  beforeAll(async () => {
    system = await TestSystem.start();
    calls = DynamoCallCounter.attach();
  });
  afterAll(() => system.stop());

  const cost = async (shopCode: string, lines: number, headers: Record<string, string> = {}) => {
    const shop = await system.createTenant(shopCode);
    for (let i = 0; i < lines; i++) await stockedProduct(system, shop, `P${i}`, { onHand: 10 });
    const items = Array.from({ length: lines }, (_, i) => ({ productCode: `P${i}`, quantity: 1 }));
    // A first order warms what a busy instance has warm: the tenant directory, the SKU's levels.
    await system.request('POST', '/orders', { token: shop.customer('first-buyer'), body: orderBody(items) });
    await system.sync();
    let code = '';
    const counted = await calls.during(async () => {
      const placed = await system.request('POST', '/orders', { token: shop.customer(), body: orderBody(items), headers });
      expect(placed.status).toBe(201);
      code = placed.body.code;
      await system.sync();
    });
    const order = await system.request('GET', `/orders/${code}`, { token: shop.customer() });
    expect(order.body.attributes.status).toBe('confirmed');
    expect(mailsOf(shopCode).get(`${code}.v2`)).toContain('is confirmed');
    return counted;
  };

  it('places, reserves, confirms and mails a single-line order in at most 12 calls and two transactions', async () => {
    const single = await cost('calls-1', 1);
    // POST: the caller's account standing (the guard, issue 20: 1), the shop's rules (settings,
    // tax rates, zones, methods) come from the per-tenant snapshot the first order left
    // (TENANT_CACHE_SECONDS), the product (1), the order number (1), one transaction of version 1
    // + the customer's action counter + the held-units check (1). Sync of v1: apply, reserve (the
    // second transaction), version 2, mail (4). Sync of v2: apply, history, mail (3). 11 measured;
    // the budget leaves room for a cold snapshot's read.
    expect(single.byCommand.TransactWriteItems).toBe(2);
    expect(single.total).toBeLessThanOrEqual(12);
    // Each more line is one more product read; its stock goes into the same transactions.
    const three = await cost('calls-3', 3);
    expect(three.byCommand.TransactWriteItems).toBe(2);
    expect(three.total).toBeLessThanOrEqual(single.total + 2);
    // An Idempotency-Key claims the key and records the response.
    const keyed = await cost('calls-key', 1, { 'idempotency-key': 'calls-key-0001' });
    expect(keyed.total).toBeLessThanOrEqual(single.total + 2);
  });

  it('prices an order in at most 3 sequential round trips after the guard, its reads side by side', async () => {
    const shop = await system.createTenant('calls-trips');
    await stockedProduct(system, shop, 'P0', { onHand: 10 });
    const items = [{ productCode: 'P0', quantity: 1 }];
    // Cold: the shop's rules are read (4 queries) beside the product, not after it.
    const cold = await calls.during(async () => {
      expect((await system.request('POST', '/orders', { token: shop.customer('cold'), body: orderBody(items) })).status).toBe(201);
    });
    // The guard's account standing (1, before the route runs), rules and product (1), the number
    // (1), version 1 (1).
    expect(cold.roundTrips).toBeLessThanOrEqual(4);
    expect(cold.byCommand.TransactWriteItems).toBe(1);
    await system.sync();
  });
});
