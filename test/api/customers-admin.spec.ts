import { systemActorContext } from '../../src/core/tenant-context';
import { AccountService } from '../../src/modules/identity';
import { berlin, customer, expectOk, readyGuestCart, storefrontShop } from '../support/storefront';
import { TestSystem } from '../support/test-system';

/** Staff manage a shop's customers (`/customers`). Real DynamoDB Local, real stream handler, real JWTs. */
describe('customers for staff: the list and detail from the read model, status reaches the account the guard reads (DynamoDB Local)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  it("PATCH /customers/:id {status} sets the customer's ACCOUNT status too (disable, then enable); a retry writes the account nothing new", async () => {
    const shop = await system.createTenant('cadm-status');
    const ctx = systemActorContext(shop.code, 'test', 'cadm-status');
    const accounts = system.app.get(AccountService);
    // A customer who signed up: their account (what the guard reads) and their profile.
    await accounts.open(ctx, 'ada-sub', { kind: 'customer', username: 'cadm-status#ada', email: 'ada@example.com', status: 'active', roles: ['customer'] });
    const ada = shop.customer('ada-sub', 'ada@example.com');
    await expectOk(system.request('PATCH', '/me', { token: ada, body: { expectedVersion: 0, name: 'Ada' } }));

    const disabled = await expectOk(system.request('PATCH', '/customers/ada-sub', { token: shop.admin(), body: { expectedVersion: 1, status: 'disabled' } }));
    expect(disabled.body).toMatchObject({ version: 2, status: 'disabled' });
    expect(await accounts.standingOf(ctx, 'ada-sub')).toEqual({ status: 'disabled', roles: ['customer'], version: 2 });

    // Notes alone leave the account as it is; the same status again writes no new account version.
    await expectOk(system.request('PATCH', '/customers/ada-sub', { token: shop.admin(), body: { expectedVersion: 2, notes: 'called us' } }));
    await expectOk(system.request('PATCH', '/customers/ada-sub', { token: shop.admin(), body: { expectedVersion: 3, status: 'disabled' } }));
    expect((await accounts.standingOf(ctx, 'ada-sub'))?.version).toBe(2);

    await expectOk(system.request('PATCH', '/customers/ada-sub', { token: shop.admin(), body: { expectedVersion: 4, status: 'active' } }));
    expect(await accounts.standingOf(ctx, 'ada-sub')).toEqual({ status: 'active', roles: ['customer'], version: 3 });
  });

  it('a customer with no account (a token of `npm run token`) keeps none: only the profile status changes; a stale version changes neither', async () => {
    const shop = await system.createTenant('cadm-noacct');
    const ctx = systemActorContext(shop.code, 'test', 'cadm-noacct');
    const accounts = system.app.get(AccountService);
    const bob = shop.customer('bob', 'bob@example.com');
    await expectOk(system.request('PATCH', '/me', { token: bob, body: { expectedVersion: 0, name: 'Bob' } }));
    const disabled = await expectOk(system.request('PATCH', '/customers/bob', { token: shop.admin(), body: { expectedVersion: 1, status: 'disabled' } }));
    expect(disabled.body.status).toBe('disabled');
    expect(await accounts.standingOf(ctx, 'bob')).toBeUndefined();

    await accounts.open(ctx, 'bob', { kind: 'customer', username: 'cadm-noacct#bob', email: 'bob@example.com', status: 'active', roles: ['customer'] });
    const stale = await system.request('PATCH', '/customers/bob', { token: shop.admin(), body: { expectedVersion: 1, status: 'disabled' } });
    expect(stale.body).toMatchObject({ statusCode: 409, currentVersion: 2 });
    expect((await accounts.standingOf(ctx, 'bob'))?.status).toBe('active');
  });

  /** A signed-in customer's checkout (paid on delivery: confirmed once the stream held the stock); answers the order. */
  async function customerOrder(token: string, quantity = 1) {
    const me = customer(system, token);
    const id = (await expectOk(me('POST', '/carts'))).body.id as string;
    await expectOk(me('POST', `/carts/${id}/lines`, { sku: 'TEE-M', quantity }));
    await expectOk(me('PUT', `/carts/${id}/addresses`, { shippingAddress: berlin }));
    const cart = await expectOk(me('PUT', `/carts/${id}/shipping-method`, { methodCode: 'standard' }));
    const order = await expectOk(me('POST', `/carts/${id}/complete`, { expectedVersion: cart.body.version, paymentMethod: 'cash_on_delivery' }), [201]);
    await system.sync();
    return { code: order.body.code as string, total: order.body.attributes.total.amount as number };
  }

  it('GET /customers: profiles and order-only customers with their facts; search, filters, sorts and cursor pages', async () => {
    const { shop, key } = await storefrontShop(system, 'cadm-list');
    const admin = shop.admin();
    const list = async (query: string) => (await expectOk(system.request('GET', `/customers${query}`, { token: admin }))).body;
    const ids = (page: { items: { id: string }[] }) => page.items.map((c) => c.id);

    const ada = shop.customer('ada', 'ada@example.com');
    await expectOk(system.request('PATCH', '/me', { token: ada, body: { expectedVersion: 0, name: 'Ada Lovelace', marketingConsent: { granted: true, source: 'account' } } }));
    const bob = shop.customer('bob', 'bob@example.org');
    await expectOk(system.request('PATCH', '/me', { token: bob, body: { expectedVersion: 0, name: 'Bob Builder' } }));
    const first = await customerOrder(ada, 1);
    const second = await customerOrder(ada, 2);
    // Carol never wrote a profile: she is known from her order.
    const carols = await customerOrder(shop.customer('carol', 'carol@example.com'), 1);
    const guestCart = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 1 }], { email: 'walk-in@example.com' });
    await expectOk(guestCart.call('POST', `/carts/${guestCart.id}/complete`, { expectedVersion: guestCart.version, paymentMethod: 'cash_on_delivery' }));
    await system.syncReadModel();

    const all = await list('');
    expect(ids(all)).toEqual(['carol', 'bob', 'ada']);
    const [carol, bobRow, adaRow] = all.items;
    expect(adaRow).toEqual({ id: 'ada', hasProfile: true, name: 'Ada Lovelace', email: 'ada@example.com', status: 'active', marketingConsent: true, createdAt: expect.any(String), ordersCount: 2, lifetimeValue: [{ currency: 'EUR', amount: first.total + second.total }], lastOrder: { code: second.code, placedAt: expect.any(String) } });
    expect(bobRow).toMatchObject({ id: 'bob', hasProfile: true, ordersCount: 0, lifetimeValue: [] });
    expect(bobRow.lastOrder).toBeUndefined();
    expect(carol).toMatchObject({ id: 'carol', hasProfile: false, email: 'carol@example.com', status: 'active', ordersCount: 1, lastOrder: { code: carols.code } });

    expect(ids(await list('?q=LOVE'))).toEqual(['ada']);
    expect(ids(await list('?q=example.org'))).toEqual(['bob']);
    expect(ids(await list('?q=%25_'))).toEqual([]);
    expect(ids(await list('?hasOrders=true'))).toEqual(['carol', 'ada']);
    expect(ids(await list('?hasOrders=false'))).toEqual(['bob']);
    expect(ids(await list('?marketingConsent=true'))).toEqual(['ada']);
    expect(ids(await list('?sort=lifetimeValue'))).toEqual(['ada', 'carol', 'bob']);
    expect(ids(await list('?sort=lastOrderAt'))).toEqual(['carol', 'ada', 'bob']);

    for (const sort of ['createdAt', 'lastOrderAt', 'lifetimeValue']) {
      const walked: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list(`?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(1);
        walked.push(...ids(page));
        cursor = page.cursor;
      } while (cursor);
      expect(walked).toEqual(ids(await list(`?sort=${sort}`)));
    }

    const bobProfile = await expectOk(system.request('GET', '/customers/bob', { token: admin }));
    await expectOk(system.request('PATCH', '/customers/bob', { token: admin, body: { expectedVersion: bobProfile.body.version, status: 'disabled' } }));
    await system.syncReadModel();
    expect(ids(await list('?status=disabled'))).toEqual(['bob']);

    const bad = await system.request('GET', '/customers?sort=name&limit=500&hasOrders=yes&q=a', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['hasOrders', 'limit', 'q', 'sort']);
    const wrongCursor = await system.request('GET', `/customers?sort=lifetimeValue&cursor=${all.cursor ?? 'bm90LWEtY3Vyc29y'}`, { token: admin });
    expect(wrongCursor.body.fields.map((f: { field: string }) => f.field)).toEqual(['cursor']);
    // Support reads customers; a customer does not; another shop sees none of these.
    await expectOk(system.request('GET', '/customers', { token: shop.as('support', 'sam') }));
    expect((await system.request('GET', '/customers', { token: ada })).status).toBe(403);
    const other = await system.createTenant('cadm-list-other');
    expect((await expectOk(system.request('GET', '/customers', { token: other.admin() }))).body.items).toEqual([]);
  });

  it("GET /customers/:id adds the newest orders, order count, lifetime value and last order (claimed guest orders included)", async () => {
    const { shop, key } = await storefrontShop(system, 'cadm-detail');
    const ada = shop.customer('ada', 'ada@example.com');
    await expectOk(system.request('PATCH', '/me', { token: ada, body: { expectedVersion: 0, name: 'Ada' } }));
    const placed = await customerOrder(ada, 1);
    const guestCart = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 2 }], { email: 'ada@example.com' });
    const guestOrder = await expectOk(guestCart.call('POST', `/carts/${guestCart.id}/complete`, { expectedVersion: guestCart.version, paymentMethod: 'cash_on_delivery' }));
    await system.sync();
    await expectOk(system.request('POST', '/me/claim-guest-orders', { token: ada }));
    await system.syncReadModel();

    const detail = await expectOk(system.request('GET', '/customers/ada', { token: shop.admin() }));
    const claimed = guestOrder.body.code as string;
    expect(detail.body).toMatchObject({ id: 'ada', version: 1, name: 'Ada', ordersCount: 2, lifetimeValue: [{ currency: 'EUR', amount: placed.total + guestOrder.body.attributes.total.amount }], lastOrder: { code: claimed } });
    expect(detail.body.recentOrders).toEqual([
      { code: claimed, status: 'confirmed', total: guestOrder.body.attributes.total, placedAt: expect.any(String) },
      { code: placed.code, status: 'confirmed', total: { amount: placed.total, currency: 'EUR' }, placedAt: expect.any(String) },
    ]);
    // No orders yet: zeroes, no last order.
    const bob = shop.customer('bob', 'bob@example.com');
    await expectOk(system.request('PATCH', '/me', { token: bob, body: { expectedVersion: 0, name: 'Bob' } }));
    const empty = await expectOk(system.request('GET', '/customers/bob', { token: shop.admin() }));
    expect(empty.body).toMatchObject({ ordersCount: 0, lifetimeValue: [], recentOrders: [] });
    expect(empty.body.lastOrder).toBeUndefined();
  });

  it("GET /customers/:id lists the returns of the customer's newest orders (issue 20: profile, orders, returns), as GET /orders/{code}/returns shows them", async () => {
    const { shop } = await storefrontShop(system, 'cadm-returns');
    const cy = shop.customer('cy', 'cy@example.com');
    await expectOk(system.request('PATCH', '/me', { token: cy, body: { expectedVersion: 0, name: 'Cy' } }));
    const kept = await customerOrder(cy, 1);
    const sent = await customerOrder(cy, 2);
    const staff = (method: string, path: string, body?: unknown) => system.request(method, path, { token: shop.admin(), body });
    const order = await expectOk(staff('GET', `/orders/${sent.code}`));
    const processing = await expectOk(staff('PATCH', `/orders/${sent.code}/status`, { status: 'processing', expectedVersion: order.body.version }));
    const shipped = await expectOk(staff('POST', `/orders/${sent.code}/shipments`, { expectedVersion: processing.body.version, carrier: 'DHL', trackingNumber: 'DHL-1' }));
    await expectOk(staff('PATCH', `/orders/${sent.code}/status`, { status: 'delivered', expectedVersion: shipped.body.version }));
    await system.sync({ twice: true });
    await expectOk(system.request('POST', `/orders/${sent.code}/returns`, { token: cy, body: { lines: [{ sku: 'TEE-M', quantity: 1 }], reason: 'too small' } }));
    await expectOk(staff('PATCH', `/returns/${sent.code}-R1`, { state: 'accepted', expectedVersion: 1 }));
    await system.syncReadModel();

    const detail = await expectOk(staff('GET', '/customers/cy'));
    expect(detail.body.recentOrders.map((o: { code: string }) => o.code)).toEqual([sent.code, kept.code]);
    const ofOrder = await expectOk(staff('GET', `/orders/${sent.code}/returns`));
    expect(detail.body.returns).toEqual(ofOrder.body.items);
    expect(detail.body.returns).toEqual([expect.objectContaining({ code: `${sent.code}-R1`, version: 2, attributes: expect.objectContaining({ orderCode: sent.code, state: 'accepted', lines: [{ sku: 'TEE-M', quantity: 1 }] }) })]);
    // Another customer's detail shows none of them.
    const dee = shop.customer('dee', 'dee@example.com');
    await expectOk(system.request('PATCH', '/me', { token: dee, body: { expectedVersion: 0, name: 'Dee' } }));
    expect((await expectOk(staff('GET', '/customers/dee'))).body.returns).toEqual([]);
  });
});
