import { DynamoCallCounter } from '../support/dynamo-calls';
import { orderBody, stockedProduct } from '../support/shop';
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
    // Warm: the tenant directory's cache, as on a busy instance.
    await system.request('GET', '/products?limit=1', { token: shop.customer() });
    const items = Array.from({ length: lines }, (_, i) => ({ productCode: `P${i}`, quantity: 1 }));
    const counted = await calls.during(async () => {
      const placed = await system.request('POST', '/orders', { token: shop.customer(), body: orderBody(items), headers });
      expect(placed.status).toBe(201);
      await system.sync();
      const order = await system.request('GET', `/orders/${placed.body.code}`, { token: shop.customer() });
      expect(order.body.attributes.status).toBe('confirmed');
    });
    return counted;
  };

  it('prints the cost of a single-line order, a three-line order and one with an Idempotency-Key', async () => {
    const single = await cost('calls-1', 1);
    const three = await cost('calls-3', 3);
    const keyed = await cost('calls-key', 1, { 'idempotency-key': 'calls-key-0001' });
    process.stdout.write(`calls per order: ${JSON.stringify({ single, three, keyed })}\n`);
    expect(single.total).toBeGreaterThan(0);
  });
});
