import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../src/config';
import { dynamo } from '../../src/core/dynamo';
import { sortKey, tenantPk } from '../../src/core/keys';
import { handler as sweeper } from '../../src/handlers/sweeper';
import { customer, expectOk, guest, readyGuestCart, storefrontShop } from '../support/storefront';
import { TestSystem } from '../support/test-system';

/**
 * A signed-in customer claims the guest orders of their shop placed with their verified email
 * (`POST /me/claim-guest-orders`). Real DynamoDB Local, real stream handler, real JWTs.
 */
describe('claiming guest orders by verified email', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  async function guestOrder(key: string, email: string) {
    const cart = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 1 }], { email });
    const completed = await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: 'cash_on_delivery' }));
    return { code: completed.body.code as string, orderToken: completed.body.orderToken as string };
  }

  it("makes the guest orders of the customer's mailbox theirs (listed, readable, cancellable), leaves others' alone, keeps the order token working, and a repeat claims nothing new", async () => {
    const { shop, key } = await storefrontShop(system, 'claim-mine');
    const first = await guestOrder(key, 'ada@example.com');
    const second = await guestOrder(key, 'Ada+shop@Example.com');
    const bobs = await guestOrder(key, 'bob@example.com');
    await system.sync();

    const ada = customer(system, shop.customer('ada-sub', 'ada@example.com'));
    expect((await ada('GET', `/orders/${first.code}`)).status).toBe(404);
    const claimed = await expectOk(ada('POST', '/me/claim-guest-orders'));
    expect(claimed.body).toEqual({ claimed: [first.code, second.code], orders: [first.code, second.code] });
    await system.sync();

    const mine = await expectOk(ada('GET', '/orders'));
    expect(mine.body.items.map((o: { code: string }) => o.code).sort()).toEqual([first.code, second.code]);
    const read = await expectOk(ada('GET', `/orders/${first.code}`));
    expect(read.body.attributes).toMatchObject({ guest: true, claimedBy: 'ada-sub', customerEmail: 'ada@example.com', status: 'confirmed' });
    expect((await ada('GET', `/orders/${bobs.code}`)).status).toBe(404);
    // The guest's order token still opens it.
    await expectOk(guest(system, key)('GET', `/orders/${first.code}`, undefined, { 'x-order-token': first.orderToken }));

    const again = await expectOk(ada('POST', '/me/claim-guest-orders'));
    expect(again.body).toEqual({ claimed: [], orders: [first.code, second.code] });
    // Another account with the same email finds them taken.
    const twin = customer(system, shop.customer('ada-twin', 'ada@example.com'));
    expect((await expectOk(twin('POST', '/me/claim-guest-orders'))).body).toEqual({ claimed: [], orders: [] });
    expect((await twin('GET', `/orders/${first.code}`)).status).toBe(404);

    // The order is theirs to cancel now, as any early order of a customer.
    const secondVersion = (await expectOk(ada('GET', `/orders/${second.code}`))).body.version;
    const cancelled = await expectOk(ada('PATCH', `/orders/${second.code}/status`, { status: 'cancelled', expectedVersion: secondVersion }));
    expect(cancelled.body.attributes).toMatchObject({ status: 'cancelled', claimedBy: 'ada-sub' });

    const bob = customer(system, shop.customer('bob-sub', 'bob@example.com'));
    expect((await expectOk(bob('POST', '/me/claim-guest-orders'))).body).toEqual({ claimed: [bobs.code], orders: [bobs.code] });
  });

  it('lets the customer review what a claimed guest order held once it is delivered (the verified-buyer check follows the claim)', async () => {
    const { shop, key } = await storefrontShop(system, 'claim-review');
    const order = await guestOrder(key, 'di@example.com');
    await system.sync();
    const di = customer(system, shop.customer('di-sub', 'di@example.com'));
    expect((await expectOk(di('POST', '/me/claim-guest-orders'))).body.claimed).toEqual([order.code]);
    await system.sync();
    const admin = shop.admin();
    for (const move of [{ status: 'processing' }, { status: 'shipped', trackingNumber: 'TRK-CLAIM' }, { status: 'delivered' }]) {
      const { version } = (await expectOk(system.request('GET', `/orders/${order.code}`, { token: admin }))).body;
      await expectOk(system.request('PATCH', `/orders/${order.code}/status`, { token: admin, body: { ...move, expectedVersion: version } }));
      await system.sync();
    }
    await system.syncReadModel();
    const review = await di('POST', '/products/TEE/reviews', { rating: 5, title: 'Fits', body: 'Bought as a guest, reviewed as me.' });
    expect(review).toMatchObject({ status: 201, body: { attributes: { productCode: 'TEE', rating: 5 } } });
    // Someone else with no order of it is still refused.
    expect((await customer(system, shop.customer('eve-sub', 'eve@example.com'))('POST', '/products/TEE/reviews', { rating: 1, title: 'x', body: 'y' })).status).toBe(409);
  });

  it('refuses a token without a verified email (403 email_not_verified) and staff, and claims nothing', async () => {
    const { shop, key } = await storefrontShop(system, 'claim-unverified');
    const order = await guestOrder(key, 'ada@example.com');
    await system.sync();
    const unverified = await system.request('POST', '/me/claim-guest-orders', { token: shop.as('customer', 'ada-sub') });
    expect(unverified.status).toBe(403);
    expect(unverified.body.reason).toBe('email_not_verified');
    expect((await system.request('POST', '/me/claim-guest-orders', { token: shop.admin() })).status).toBe(403);
    const read = await expectOk(system.request('GET', `/orders/${order.code}`, { token: shop.admin() }));
    expect(read.body.attributes.claimedBy).toBeUndefined();
    // Another shop's customer with the same email claims nothing here.
    const other = await system.createTenant('claim-other');
    expect((await expectOk(system.request('POST', '/me/claim-guest-orders', { token: other.customer('ada-sub', 'ada@example.com') }))).body).toEqual({ claimed: [], orders: [] });
  });

  it('finds guest orders placed before their mailbox group existed once the backfill sweep has listed them (order.guest-email-index), once per shop', async () => {
    const { shop, key } = await storefrontShop(system, 'claim-backfill');
    const old = await guestOrder(key, 'cy@example.com');
    await system.sync();
    // What an order placed before the GUESTEMAIL group looks like: its data item has no owner index keys.
    const orderItem = { pk: tenantPk({ tenantCode: 'claim-backfill' }), sk: sortKey('ORDER', old.code) };
    await dynamo().send(new UpdateCommand({ TableName: config().tables.data, Key: orderItem, UpdateExpression: 'REMOVE gsi1pk, gsi1sk' }));
    const cy = customer(system, shop.customer('cy-sub', 'cy@example.com'));
    expect((await expectOk(cy('POST', '/me/claim-guest-orders'))).body).toEqual({ claimed: [], orders: [] });

    expect(await sweeper()).toMatchObject({ failures: 0 });
    const claimed = await expectOk(cy('POST', '/me/claim-guest-orders'));
    expect(claimed.body).toEqual({ claimed: [old.code], orders: [old.code] });
    await system.sync();
    expect((await expectOk(cy('GET', `/orders/${old.code}`))).body.attributes).toMatchObject({ guest: true, claimedBy: 'cy-sub' });

    // Done for this shop: a later order without keys is left alone (new orders get them when placed).
    const later = await guestOrder(key, 'dee@example.com');
    await system.sync();
    await dynamo().send(new UpdateCommand({ TableName: config().tables.data, Key: { ...orderItem, sk: sortKey('ORDER', later.code) }, UpdateExpression: 'REMOVE gsi1pk, gsi1sk' }));
    expect(await sweeper()).toMatchObject({ failures: 0 });
    const dee = customer(system, shop.customer('dee-sub', 'dee@example.com'));
    expect((await expectOk(dee('POST', '/me/claim-guest-orders'))).body).toEqual({ claimed: [], orders: [] });
  });
});
