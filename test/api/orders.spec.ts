import { commandCount } from '../support/commands';
import { ledger, mailsOf, orderBody, stockedProduct, stockOf, sum } from '../support/shop';
import { TenantTokens, TestSystem } from '../support/test-system';

describe('orders and inventory: the seed 001 flow on the core (DynamoDB Local + real stream handlers)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  it('runs the whole flow: order, reserve and confirm, ship with tracking, deliver; stock, ledger, history and mails match', async () => {
    const shop = await system.createTenant('flow-shop', { contactEmail: 'owner@flow.example' });
    await stockedProduct(system, shop, 'PRD-001', { price: 2999, onHand: 10, threshold: 3 });
    // No tax rates in this shop: every line is taxed at the tenant's one rate (10 % unless set), as seed 001 does.
    const buyer = shop.customer('cust-1');

    const placed = await system.request('POST', '/orders', {
      token: buyer,
      body: { ...orderBody([{ productCode: 'PRD-001', quantity: 2 }]), items: [{ productCode: 'PRD-001', quantity: 2, expectedUnitPrice: { amount: 2999, currency: 'USD' } }] },
    });
    expect(placed).toMatchObject({
      status: 201,
      body: {
        code: 'ORD-000001',
        version: 1,
        attributes: {
          status: 'pending',
          customerId: 'cust-1',
          items: [{ productCode: 'PRD-001', sku: 'SKU-PRD-001', quantity: 2, unitPrice: { amount: 2999, currency: 'USD' }, lineTotal: { amount: 5998 } }],
          subtotal: { amount: 5998, currency: 'USD' },
          tax: { amount: 600, currency: 'USD' }, // 10% of 59.98 = 5.998, rounded half up
          total: { amount: 6598, currency: 'USD' },
        },
      },
    });

    await system.sync();
    const confirmed = await system.request('GET', '/orders/ORD-000001', { token: buyer });
    expect(confirmed.body).toMatchObject({ version: 2, attributes: { status: 'confirmed' } });
    expect(await stockOf(system, shop, 'PRD-001')).toMatchObject({ onHand: 10, reserved: 2, available: 8 });

    const admin = shop.admin();
    expect((await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status: 'processing', expectedVersion: 2 } })).status).toBe(200);
    const noTracking = await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status: 'shipped', expectedVersion: 3 } });
    expect(noTracking).toMatchObject({ status: 409, body: { message: 'trackingNumber is required to ship' } });
    const shipped = await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status: 'shipped', expectedVersion: 3, trackingNumber: 'TRK-42' } });
    expect(shipped).toMatchObject({ status: 200, body: { version: 4, attributes: { status: 'shipped', trackingNumber: 'TRK-42' } } });
    await system.sync();
    expect(await stockOf(system, shop, 'PRD-001')).toMatchObject({ onHand: 8, reserved: 0, available: 8 });

    expect((await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status: 'delivered', expectedVersion: 4 } })).status).toBe(200);
    await system.sync();

    const history = await system.request('GET', '/orders/ORD-000001/history', { token: buyer });
    expect(history.body.versions.map((v: { version: number; fromStatus?: string; toStatus: string }) => [v.version, v.fromStatus, v.toStatus])).toEqual([
      [1, undefined, 'pending'],
      [2, 'pending', 'confirmed'],
      [3, 'confirmed', 'processing'],
      [4, 'processing', 'shipped'],
      [5, 'shipped', 'delivered'],
    ]);
    expect(history.body.versions[1].by).toBe('shopstream');
    expect(history.body.versions[3].by).toBe('admin-of-flow-shop');

    const movements = await ledger(system, shop, 'PRD-001');
    expect(movements.map((m) => [m.type, m.onHandDelta, m.reservedDelta])).toEqual(
      expect.arrayContaining([
        ['restock', 10, 0],
        ['reserve', 0, 2],
        ['sale', -2, -2],
      ]),
    );
    expect(movements).toHaveLength(3);
    expect(sum(movements, 'onHandDelta')).toBe(8);
    expect(sum(movements, 'reservedDelta')).toBe(0);

    const mails = mailsOf('flow-shop');
    expect([...mails.keys()].filter((id) => id.startsWith('ORD-')).sort()).toEqual(['ORD-000001.v1', 'ORD-000001.v2', 'ORD-000001.v3', 'ORD-000001.v4', 'ORD-000001.v5']);
    expect(mails.get('ORD-000001.v2')).toContain('Subject: Your order ORD-000001 is confirmed');
    expect(mails.get('ORD-000001.v2')).toContain('To: buyer@example.com');
    expect(mails.get('ORD-000001.v4')).toContain('Tracking number: TRK-42');
    expect(mails.get('ORD-000001.v5')).toContain('was delivered');
    const outbox = await system.request('GET', '/notifications', { token: admin });
    expect(outbox.body.items.filter((m: { topic: string }) => m.topic.startsWith('order.')).map((m: { status: string }) => m.status)).toEqual(Array(5).fill('sent'));
  });

  it('alerts the admins once when available falls below the threshold, and again after a restock', async () => {
    const shop = await system.createTenant('alert-shop', { contactEmail: 'owner@alert.example' });
    await stockedProduct(system, shop, 'LOW', { onHand: 5, threshold: 3 });
    for (const quantity of [1, 2, 1]) {
      await system.request('POST', '/orders', { token: shop.customer(), body: orderBody([{ productCode: 'LOW', quantity }]) });
      await system.sync();
    }
    let alerts = [...mailsOf('alert-shop').entries()].filter(([id]) => id.startsWith('low-stock.'));
    expect(alerts.map(([id]) => id)).toEqual(['low-stock.SKU-LOW.main.v1']);
    expect(alerts[0][1]).toContain('To: owner@alert.example');
    expect(alerts[0][1]).toContain('Available: 2');

    await system.request('PATCH', '/inventory/LOW', { token: shop.admin(), body: { expectedVersion: 1, adjustBy: 1, reason: 'restock' } });
    await system.request('POST', '/orders', { token: shop.customer(), body: orderBody([{ productCode: 'LOW', quantity: 1 }]) });
    await system.sync();
    alerts = [...mailsOf('alert-shop').entries()].filter(([id]) => id.startsWith('low-stock.'));
    expect(alerts.map(([id]) => id).sort()).toEqual(['low-stock.SKU-LOW.main.v1', 'low-stock.SKU-LOW.main.v2']);
  });

  it('reserves nothing at all when one line of a multi-line order lacks stock', async () => {
    const shop = await system.createTenant('multi-shop');
    await stockedProduct(system, shop, 'A', { onHand: 5 });
    await stockedProduct(system, shop, 'B', { onHand: 1 });
    await system.request('POST', '/orders', { token: shop.customer(), body: orderBody([{ productCode: 'A', quantity: 2 }, { productCode: 'B', quantity: 3 }]) });
    await system.sync();

    const order = await system.request('GET', '/orders/ORD-000001', { token: shop.admin() });
    expect(order.body.attributes).toMatchObject({ status: 'cancelled', cancelReason: 'out_of_stock', outOfStockSkus: ['SKU-B'] });
    expect(await stockOf(system, shop, 'A')).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect(await stockOf(system, shop, 'B')).toMatchObject({ onHand: 1, reserved: 0, available: 1 });
    expect((await ledger(system, shop, 'A')).map((m) => m.type)).toEqual(['restock']);
    expect(mailsOf('multi-shop').get('ORD-000001.v2')).toContain('out of stock (SKU-B)');
  });

  it('ends in the same state with every stream record delivered twice: inventory, ledger, orders, one mail per status change', async () => {
    const shop = await system.createTenant('twice-shop');
    await stockedProduct(system, shop, 'T', { onHand: 5 });
    const admin = shop.admin();
    const customer = shop.customer('cust-twice');
    await system.request('POST', '/orders', { token: customer, body: orderBody([{ productCode: 'T', quantity: 2 }]) });
    await system.request('POST', '/orders', { token: customer, body: orderBody([{ productCode: 'T', quantity: 1 }]) });
    await system.request('POST', '/orders', { token: customer, body: orderBody([{ productCode: 'T', quantity: 9 }]) });
    await system.sync({ twice: true });
    await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status: 'processing', expectedVersion: 2 } });
    await system.request('PATCH', '/orders/ORD-000002/status', { token: customer, body: { status: 'cancelled', expectedVersion: 2, reason: 'changed my mind' } });
    await system.sync({ twice: true });
    await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status: 'shipped', expectedVersion: 3, trackingNumber: 'TRK-2' } });
    await system.sync({ twice: true });
    // And the whole stream once more from the start, as a replay after a crash would.
    await system.stream.deliver(system.stream.seen);
    await system.stream.deliver(system.stream.seen);

    const statuses = await Promise.all(['ORD-000001', 'ORD-000002', 'ORD-000003'].map(async (code) => (await system.request('GET', `/orders/${code}`, { token: admin })).body));
    expect(statuses.map((o) => [o.version, o.attributes.status])).toEqual([
      [4, 'shipped'],
      [3, 'cancelled'],
      [2, 'cancelled'],
    ]);
    expect(await stockOf(system, shop, 'T')).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    const movements = await ledger(system, shop, 'T');
    expect(movements.map((m) => `${m.orderCode ?? 'admin'}:${m.type}`).sort()).toEqual(['ORD-000001:reserve', 'ORD-000001:sale', 'ORD-000002:release', 'ORD-000002:reserve', 'admin:restock']);
    expect(sum(movements, 'onHandDelta')).toBe(3);
    expect(sum(movements, 'reservedDelta')).toBe(0);
    const orderMails = [...mailsOf('twice-shop').keys()].filter((id) => id.startsWith('ORD-')).sort();
    expect(orderMails).toEqual(['ORD-000001.v1', 'ORD-000001.v2', 'ORD-000001.v3', 'ORD-000001.v4', 'ORD-000002.v1', 'ORD-000002.v2', 'ORD-000002.v3', 'ORD-000003.v1', 'ORD-000003.v2']);
    const outbox = await system.request('GET', '/notifications?limit=100', { token: admin });
    expect(outbox.body.items).toHaveLength(9);
  });

  it('moves orders only along the state machine, and lets customers cancel only their own early orders', async () => {
    const shop = await system.createTenant('machine-shop');
    await stockedProduct(system, shop, 'M', { onHand: 10 });
    const alice = shop.customer('alice');
    const bob = shop.customer('bob');
    const admin = shop.admin();
    await system.request('POST', '/orders', { token: alice, body: orderBody([{ productCode: 'M', quantity: 1 }]) });
    await system.request('POST', '/orders', { token: alice, body: orderBody([{ productCode: 'M', quantity: 3 }]) });
    await system.sync();

    // Bob cannot see, list or cancel Alice's orders: not found, never forbidden.
    expect((await system.request('GET', '/orders/ORD-000001', { token: bob })).status).toBe(404);
    expect((await system.request('GET', '/orders/ORD-000001/history', { token: bob })).status).toBe(404);
    expect((await system.request('GET', '/orders', { token: bob })).body.items).toEqual([]);
    expect((await system.request('PATCH', '/orders/ORD-000001/status', { token: bob, body: { status: 'cancelled', expectedVersion: 2 } })).status).toBe(404);
    expect((await system.request('GET', '/orders', { token: alice })).body.items).toHaveLength(2);
    expect((await system.request('GET', '/orders?status=confirmed', { token: admin })).body.items).toHaveLength(2);

    // Alice cancels her confirmed order: the stock comes back.
    expect(await stockOf(system, shop, 'M')).toMatchObject({ reserved: 4, available: 6 });
    expect((await system.request('PATCH', '/orders/ORD-000002/status', { token: alice, body: { status: 'cancelled', expectedVersion: 2 } })).status).toBe(200);
    await system.sync();
    expect(await stockOf(system, shop, 'M')).toMatchObject({ onHand: 10, reserved: 1, available: 9 });

    // Nobody confirms by hand, customers do not ship, and nothing leaves a terminal status.
    expect((await system.request('PATCH', '/orders/ORD-000001/status', { token: alice, body: { status: 'processing', expectedVersion: 2 } })).status).toBe(409);
    await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status: 'processing', expectedVersion: 2 } });
    expect((await system.request('PATCH', '/orders/ORD-000001/status', { token: alice, body: { status: 'cancelled', expectedVersion: 3 } })).body.message).toBe(
      'customers may only cancel a pending, awaiting_payment or confirmed order',
    );
    await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status: 'shipped', expectedVersion: 3, trackingNumber: 'T-1' } });
    const cancelAfterShip = await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status: 'cancelled', expectedVersion: 4 } });
    expect(cancelAfterShip).toMatchObject({ status: 409, body: { message: 'Cannot transition from shipped to cancelled' } });
    const stale = await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status: 'delivered', expectedVersion: 3 } });
    expect(stale).toMatchObject({ status: 409, body: { currentVersion: 4 } });
    expect((await system.request('PATCH', '/orders/ORD-000002/status', { token: admin, body: { status: 'confirmed', expectedVersion: 3 } })).status).toBe(409);

    // The rest of the table: a step skipped is refused in its words, and completed is final.
    const skipped = await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status: 'completed', expectedVersion: 4 } });
    expect(skipped).toMatchObject({ status: 409, body: { message: 'Cannot transition from shipped to completed', status: 'shipped', currentVersion: 4 } });
    expect((await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status: 'delivered', expectedVersion: 4 } })).status).toBe(200);
    expect((await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status: 'completed', expectedVersion: 5 } })).status).toBe(200);
    for (const status of ['cancelled', 'processing', 'delivered']) {
      const after = await system.request('PATCH', '/orders/ORD-000001/status', { token: admin, body: { status, expectedVersion: 6 } });
      expect(after).toMatchObject({ status: 409, body: { message: `Cannot transition from completed to ${status}`, status: 'completed', currentVersion: 6 } });
    }
    await system.sync();
    const history = await system.request('GET', '/orders/ORD-000001/history', { token: admin });
    expect(history.body.versions.map((v: { toStatus: string }) => v.toStatus)).toEqual(['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'completed']);
  });

  it("keeps tenant B out of tenant A's orders, products, inventory and mails", async () => {
    const shopA = await system.createTenant('iso-a');
    const shopB = await system.createTenant('iso-b');
    await stockedProduct(system, shopA, 'ISO', { onHand: 3 });
    await system.request('POST', '/orders', { token: shopA.customer(), body: orderBody([{ productCode: 'ISO', quantity: 1 }]) });
    await system.sync();

    // A customer of A cannot use A's admin routes either.
    for (const [method, path] of [['GET', '/inventory/ISO'], ['GET', '/inventory/ISO/movements'], ['GET', '/notifications']]) {
      expect((await system.request(method, path, { token: shopA.customer() })).status).toBe(403);
    }
    const b = shopB.admin();
    expect((await system.request('GET', '/orders/ORD-000001', { token: b })).status).toBe(404);
    expect((await system.request('GET', '/orders/ORD-000001/history', { token: b })).status).toBe(404);
    expect((await system.request('GET', '/orders', { token: b })).body.items).toEqual([]);
    expect((await system.request('PATCH', '/orders/ORD-000001/status', { token: b, body: { status: 'processing', expectedVersion: 2 } })).status).toBe(404);
    expect((await system.request('GET', '/products/ISO', { token: b })).status).toBe(404);
    expect((await system.request('GET', '/inventory/ISO', { token: b })).status).toBe(404);
    expect((await system.request('GET', '/inventory/ISO/movements', { token: b })).status).toBe(404);
    expect((await system.request('PATCH', '/inventory/ISO', { token: b, body: { expectedVersion: 1, adjustBy: 5, reason: 'restock' } })).status).toBe(404);
    expect((await system.request('GET', '/notifications', { token: b })).body.items).toEqual([]);
    // B's customers ordering A's product code find nothing to buy.
    const crossOrder = await system.request('POST', '/orders', { token: shopB.customer(), body: orderBody([{ productCode: 'ISO', quantity: 1 }]) });
    expect(crossOrder).toMatchObject({ status: 400, body: { fields: [{ field: 'items.0.productCode' }] } });
    expect(await stockOf(system, shopA, 'ISO')).toMatchObject({ onHand: 3, reserved: 1, available: 2, version: 1 });
  });

  describe('bad input writes nothing', () => {
    let shop: TenantTokens;
    beforeAll(async () => {
      shop = await system.createTenant('bad-shop');
      await stockedProduct(system, shop, 'OK', { onHand: 5, price: 500 });
    });

    it.each([
      ['quantity 0', [{ productCode: 'OK', quantity: 0 }], 'items.0.quantity'],
      ['negative quantity', [{ productCode: 'OK', quantity: -2 }], 'items.0.quantity'],
      ['fractional quantity', [{ productCode: 'OK', quantity: 1.5 }], 'items.0.quantity'],
      ['unknown product', [{ productCode: 'NOPE', quantity: 1 }], 'items.0.productCode'],
      ['no lines', [], 'items'],
      ['26 lines, over the cap of 25', Array.from({ length: 26 }, () => ({ productCode: 'OK', quantity: 1 })), 'items'],
      ['a line with an unknown field', [{ productCode: 'OK', quantity: 1, price: 1 }], 'items.0.price'],
    ])('refuses %s with 400 naming the field', async (_case, items, field) => {
      const reply = await system.request('POST', '/orders', { token: shop.customer(), body: orderBody(items as never) });
      expect(reply.status).toBe(400);
      expect(reply.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(await commandCount('bad-shop', 'ORDER#')).toBe(0);
    });

    it('refuses a price the customer saw that is no longer current with 409 and the current price', async () => {
      const reply = await system.request('POST', '/orders', {
        token: shop.customer(),
        body: { ...orderBody([]), items: [{ productCode: 'OK', quantity: 1, expectedUnitPrice: { amount: 450, currency: 'USD' } }] },
      });
      expect(reply).toMatchObject({ status: 409, body: { prices: [{ productCode: 'OK', current: { amount: 500, currency: 'USD' } }] } });
      expect(await commandCount('bad-shop', 'ORDER#')).toBe(0);
    });

    it('numbers the first valid order ORD-000001: refused orders took no number', async () => {
      const reply = await system.request('POST', '/orders', { token: shop.customer(), body: orderBody([{ productCode: 'OK', quantity: 1 }]) });
      expect(reply).toMatchObject({ status: 201, body: { code: 'ORD-000001' } });
    });

    it('guards stock edits: admins only, expected version, never below reserved', async () => {
      await system.sync();
      expect((await system.request('PATCH', '/inventory/OK', { token: shop.customer(), body: { expectedVersion: 1, adjustBy: 1, reason: 'restock' } })).status).toBe(403);
      const stale = await system.request('PATCH', '/inventory/OK', { token: shop.admin(), body: { expectedVersion: 0, onHand: 9, reason: 'count' } });
      expect(stale).toMatchObject({ status: 409, body: { currentVersion: 1 } });
      const belowReserved = await system.request('PATCH', '/inventory/OK', { token: shop.admin(), body: { expectedVersion: 1, onHand: 0, reason: 'count' } });
      expect(belowReserved.status).toBe(409);
      const badReason = await system.request('PATCH', '/inventory/OK', { token: shop.admin(), body: { expectedVersion: 1, adjustBy: 1, reason: 'because' } });
      expect(badReason).toMatchObject({ status: 400, body: { fields: [{ field: 'reason' }] } });
      const nothing = await system.request('PATCH', '/inventory/OK', { token: shop.admin(), body: { expectedVersion: 1, reason: 'count' } });
      expect(nothing).toMatchObject({ status: 400, body: { fields: [{ field: 'onHand', problem: expect.stringContaining('exactly one of onHand and adjustBy') }, { field: 'adjustBy' }] } });
      const both = await system.request('PATCH', '/inventory/OK', { token: shop.admin(), body: { expectedVersion: 1, onHand: 6, adjustBy: 1, reason: 'count' } });
      expect(both).toMatchObject({ status: 400, body: { fields: [{ field: 'adjustBy', problem: 'cannot be given together with onHand' }] } });
      expect(await stockOf(system, shop, 'OK')).toMatchObject({ onHand: 5, reserved: 1, available: 4, version: 1 });
      const counted = await system.request('PATCH', '/inventory/OK', { token: shop.admin(), body: { expectedVersion: 1, onHand: 7, reason: 'count', note: 'shelf count' } });
      expect(counted).toMatchObject({ status: 200, body: { onHand: 7, reserved: 1, available: 6, version: 2 } });
      expect(sum(await ledger(system, shop, 'OK'), 'onHandDelta')).toBe(7);
    });
  });
});
