import { customer, expectOk, guest, readyGuestCart, storefrontShop } from '../support/storefront';
import { TenantTokens, TestSystem } from '../support/test-system';

/**
 * `GET /me/returns`: a customer's returns across their orders, newest first, one owner-index
 * Query per page. Real DynamoDB Local, real stream handler, real JWTs.
 */
describe('a customer lists their returns (GET /me/returns)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  const codesOf = (body: { items: { code: string }[] }) => body.items.map((i) => i.code);

  /** Staff take a confirmed order through processing and one full shipment to delivered. */
  async function deliver(shop: TenantTokens, code: string): Promise<void> {
    const as = (method: string, path: string, body: unknown) => expectOk(system.request(method, path, { token: shop.admin(), body }));
    const order = (await expectOk(system.request('GET', `/orders/${code}`, { token: shop.admin() }))).body;
    expect(order.attributes.status).toBe('confirmed');
    const processing = await as('PATCH', `/orders/${code}/status`, { status: 'processing', expectedVersion: order.version });
    const shipped = await as('POST', `/orders/${code}/shipments`, { expectedVersion: processing.body.version, carrier: 'DHL', trackingNumber: `DHL-${code}` });
    await as('PATCH', `/orders/${code}/status`, { status: 'delivered', expectedVersion: shipped.body.version });
  }

  /** A customer's order paid on delivery (2 x TEE-M, 1 x BOOK-1), confirmed by the stream and delivered. */
  async function deliveredOrder(shop: TenantTokens, token: string): Promise<string> {
    const call = customer(system, token);
    const cart = (await expectOk(call('POST', '/carts'))).body;
    await expectOk(call('POST', `/carts/${cart.id}/lines`, { sku: 'TEE-M', quantity: 2 }));
    await expectOk(call('POST', `/carts/${cart.id}/lines`, { sku: 'BOOK-1', quantity: 1 }));
    await expectOk(call('PUT', `/carts/${cart.id}/addresses`, { shippingAddress: { name: 'Ada', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' } }));
    const ready = (await expectOk(call('PUT', `/carts/${cart.id}/shipping-method`, { methodCode: 'standard' }))).body;
    const order = (await expectOk(call('POST', `/carts/${cart.id}/complete`, { expectedVersion: ready.version, paymentMethod: 'cash_on_delivery' }))).body;
    await system.sync({ twice: true });
    await deliver(shop, order.code);
    return order.code as string;
  }

  it('lists them across orders newest first in keyset pages, follows their state, and keeps them out of the order lists; nobody else sees them', async () => {
    const { shop, key } = await storefrontShop(system, 'myret');
    const adaToken = shop.customer('ada', 'ada@example.com');
    const ada = customer(system, adaToken);
    const first = await deliveredOrder(shop, adaToken);
    const second = await deliveredOrder(shop, adaToken);
    await system.sync({ twice: true });
    await expectOk(ada('POST', `/orders/${first}/returns`, { lines: [{ sku: 'TEE-M', quantity: 1 }], reason: 'too small' }));
    await expectOk(ada('POST', `/orders/${second}/returns`, { lines: [{ sku: 'BOOK-1', quantity: 1 }], reason: 'read it' }));
    const newest = await expectOk(ada('POST', `/orders/${first}/returns`, { lines: [{ sku: 'TEE-M', quantity: 1 }], reason: 'too big' }));
    expect(newest.body.attributes).toMatchObject({ customerId: 'ada', requestedAt: newest.body.attributes.change.at });
    await system.sync({ twice: true });

    const page1 = await expectOk(ada('GET', '/me/returns?limit=2'));
    expect(codesOf(page1.body)).toEqual([`${first}-R2`, `${second}-R1`]);
    expect(page1.body.cursor).toEqual(expect.any(String));
    expect(page1.body.items[1].attributes).toMatchObject({ orderCode: second, state: 'requested', lines: [{ sku: 'BOOK-1', quantity: 1 }], reason: 'read it' });
    const page2 = await expectOk(ada('GET', `/me/returns?limit=2&cursor=${page1.body.cursor}`));
    expect(codesOf(page2.body)).toEqual([`${first}-R1`]);
    expect(page2.body.cursor).toBeUndefined();

    // The customer's group holds orders and returns: each list reads only its own.
    expect(codesOf((await expectOk(ada('GET', '/orders'))).body).sort()).toEqual([first, second]);
    const adaId = (await expectOk(ada('PATCH', '/me', { expectedVersion: 0, name: 'Ada' }))).body.id as string;
    await system.sync();
    const detail = await expectOk(system.request('GET', `/customers/${adaId}`, { token: shop.admin() }));
    expect(detail.body.recentOrders.map((o: { code: string }) => o.code).sort()).toEqual([first, second]);

    // A staff move shows in the list once the stream applied it, still in its place.
    await expectOk(system.request('PATCH', `/returns/${second}-R1`, { token: shop.admin(), body: { state: 'accepted', expectedVersion: 1 } }));
    await system.sync({ twice: true });
    const after = await expectOk(ada('GET', '/me/returns'));
    expect(after.body.items.map((r: { code: string; attributes: { state: string } }) => `${r.code}:${r.attributes.state}`)).toEqual([`${first}-R2:requested`, `${second}-R1:accepted`, `${first}-R1:requested`]);
    // Received, then refunded by the stream (nothing was paid online: a refund of 0): still listed, in its place.
    await expectOk(system.request('PATCH', `/returns/${second}-R1`, { token: shop.admin(), body: { state: 'received', expectedVersion: 2 } }));
    await system.sync({ twice: true });
    const refunded = await expectOk(ada('GET', '/me/returns'));
    expect(refunded.body.items.map((r: { code: string; attributes: { state: string } }) => `${r.code}:${r.attributes.state}`)).toEqual([`${first}-R2:requested`, `${second}-R1:refunded`, `${first}-R1:requested`]);

    // Another customer of the shop, the same subject in another shop: none. Staff and guests: not their route.
    expect((await expectOk(customer(system, shop.customer('bob', 'bob@example.com'))('GET', '/me/returns'))).body).toEqual({ items: [] });
    const other = await storefrontShop(system, 'myret-other');
    expect((await expectOk(customer(system, other.shop.customer('ada', 'ada@example.com'))('GET', '/me/returns'))).body).toEqual({ items: [] });
    expect((await system.request('GET', '/me/returns', { token: shop.admin() })).status).toBe(403);
    expect((await guest(system, key)('GET', '/me/returns')).status).toBe(403);

    // Bad paging: 400 naming the field.
    expect((await ada('GET', '/me/returns?limit=0')).body).toMatchObject({ statusCode: 400, fields: [{ field: 'limit' }] });
    expect((await ada('GET', '/me/returns?cursor=nonsense')).body).toMatchObject({ statusCode: 400, fields: [{ field: 'cursor' }] });
  }, 180_000); // a busy shared machine: two orders delivered and five stream drains

  it("lists a claimed guest order's returns asked for after the claim; one asked for while it was a guest's stays on the order's page only", async () => {
    const { shop, key } = await storefrontShop(system, 'myret-claim');
    const cart = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 2 }], { email: 'cleo@example.com' });
    const placed = await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: 'cash_on_delivery' }));
    const code = placed.body.code as string;
    await system.sync({ twice: true });
    await deliver(shop, code);
    const asGuest = (method: string, path: string, body?: unknown) => guest(system, key)(method, path, body, { 'x-order-token': placed.body.orderToken });
    const beforeClaim = await expectOk(asGuest('POST', `/orders/${code}/returns`, { lines: [{ sku: 'TEE-M', quantity: 1 }], reason: 'too small' }));
    expect(beforeClaim.body.attributes.customerId).toBe('guest');
    await system.sync({ twice: true });

    const cleo = customer(system, shop.customer('cleo', 'cleo@example.com'));
    expect((await expectOk(cleo('POST', '/me/claim-guest-orders'))).body.claimed).toEqual([code]);
    await system.sync({ twice: true });
    const afterClaim = await expectOk(cleo('POST', `/orders/${code}/returns`, { lines: [{ sku: 'TEE-M', quantity: 1 }], reason: 'wrong colour' }));
    expect(afterClaim.body.attributes.customerId).toBe('cleo');
    await system.sync({ twice: true });

    expect(codesOf((await expectOk(cleo('GET', '/me/returns'))).body)).toEqual([`${code}-R2`]);
    expect(codesOf((await expectOk(cleo('GET', `/orders/${code}/returns`))).body)).toEqual([`${code}-R1`, `${code}-R2`]);
    expect(codesOf((await expectOk(cleo('GET', '/orders'))).body)).toEqual([code]);
  });
});
