import { DynamoCallCounter } from '../../scripts/lib/dynamo-calls';
import { CommandService } from '../../src/core/command.service';
import { SYSTEM_TENANT, TenantContext } from '../../src/core/tenant-context';
import { CART_ENTITY } from '../../src/modules/cart/cart.keys';
import { CartService } from '../../src/modules/cart/cart.service';
import { tokenFor } from '../support/auth';
import { berlin, customer, expectOk, guest, storefrontShop } from '../support/storefront';
import { TestSystem } from '../support/test-system';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/**
 * What a cart costs: its history in pages, its newest version read as one item however long
 * it grew, a cap on changes per minute, and a priced read in at most 3 sequential round trips
 * (counted by the SDK middleware: calls that overlap in time are one round trip).
 */
describe('cart cost: history pages, one version read, changes per minute, round trips (DynamoDB Local + real stream handlers)', () => {
  let system: TestSystem;
  let calls: DynamoCallCounter;
  beforeAll(async () => {
    system = await TestSystem.start();
    calls = DynamoCallCounter.attach();
  });
  afterAll(() => system.stop());

  /** A guest cart with `changes` changes after its creation (email set again and again). */
  const cartWithChanges = async (key: string, changes: number) => {
    const { id, cartToken } = (await expectOk(guest(system, key)('POST', '/carts'))).body;
    const call = guest(system, key, cartToken);
    await expectOk(call('POST', `/carts/${id}/lines`, { sku: 'TEE-M', quantity: 1 }));
    for (let i = 1; i < changes; i++) await expectOk(call('PUT', `/carts/${id}/email`, { email: `shopper${i}@example.com` }));
    return { id, cartToken: cartToken as string, call };
  };

  it('pages the history with limit and cursor, oldest first, every version exactly once', async () => {
    const { key } = await storefrontShop(system, 'cost-history');
    const { id, call } = await cartWithChanges(key, 12);

    const versions: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await expectOk(call('GET', `/carts/${id}/history?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      expect(page.body.versions.length).toBeLessThanOrEqual(5);
      versions.push(...page.body.versions.map((v: { version: number }) => v.version));
      cursor = page.body.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(versions).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(pages).toBe(3);

    const first = await expectOk(call('GET', `/carts/${id}/history`));
    expect(first.body.versions.map((v: { change: { action: string } }) => v.change.action).slice(0, 3)).toEqual(['created', 'line_added', 'email_set']);
    expect(first.body.cursor).toBeUndefined();
    const bad = await call('GET', `/carts/${id}/history?cursor=not-a-cursor`);
    expect(bad).toMatchObject({ status: 400, body: { fields: [{ field: 'cursor' }] } });
    const tooMany = await call('GET', `/carts/${id}/history?limit=101`);
    expect(tooMany).toMatchObject({ status: 400, body: { fields: [{ field: 'limit' }] } });
  });

  it('reads one version of a cart however many it has: a read costs the same at 3 versions and at 30', async () => {
    const { key } = await storefrontShop(system, 'cost-long');
    const short = await cartWithChanges(key, 2);
    const long = await cartWithChanges(key, 29);
    const read = (c: { id: string; call: ReturnType<typeof guest> }) => calls.during(async () => expect((await c.call('GET', `/carts/${c.id}`)).status).toBe(200));
    const [atThree, atThirty] = [await read(short), await read(long)];
    expect((await short.call('GET', `/carts/${short.id}`)).body.version).toBe(3);
    expect((await long.call('GET', `/carts/${long.id}`)).body.version).toBe(30);
    expect(atThirty.itemsRead).toBe(atThree.itemsRead);
    expect(atThirty.total).toBe(atThree.total);

    // The core's newest-version read itself: one call, one item.
    const ctx: TenantContext = { tenantCode: 'cost-long', userId: 'test', roles: ['tenant-admin'], requestId: 'r', source: 'test' };
    const commands = system.app.get(CommandService);
    let newest: number | undefined;
    const cost = await calls.during(async () => {
      newest = (await commands.getLatest(ctx, CART_ENTITY, long.id))?.version;
    });
    expect(newest).toBe(30);
    expect(cost).toMatchObject({ total: 1, itemsRead: 1 });
  });

  it('caps changes of one cart per minute: 429 with the limit and retryAfterSeconds, and the refused change writes nothing', async () => {
    const { key } = await storefrontShop(system, 'cost-cap');
    await expectOk(system.request('PATCH', '/tenants/cost-cap', { token: tokenFor(SYSTEM_TENANT, 'system-admin'), body: { expectedVersion: 1, limits: { cartChangesPerMinute: 3 } } }));
    const { id, cartToken } = (await expectOk(guest(system, key)('POST', '/carts'))).body;
    const call = guest(system, key, cartToken);
    // A fixed window: a minute's boundary between two changes gives a fresh window, so at most
    // twice the limit pass before one is refused.
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    let accepted = 0;
    for (let i = 0; i < 7 && !refused; i++) {
      const reply = await call('POST', `/carts/${id}/lines`, { sku: 'TEE-M', quantity: 1 });
      if (reply.status === 429) refused = reply;
      else {
        expect(reply.status).toBe(201);
        accepted++;
      }
    }
    expect(refused).toMatchObject({ status: 429, body: { limit: 'cartChangesPerMinute', retryAfterSeconds: expect.any(Number) } });
    expect(accepted).toBeGreaterThanOrEqual(3);
    const cart = await expectOk(call('GET', `/carts/${id}`));
    expect(cart.body.version).toBe(accepted + 1);
    expect(cart.body.lines[0].quantity).toBe(accepted);
    // Reads are not changes, and another cart has a minute of its own.
    const other = (await expectOk(guest(system, key)('POST', '/carts'))).body;
    await expectOk(guest(system, key, other.cartToken)('POST', `/carts/${other.id}/lines`, { sku: 'TEE-M', quantity: 1 }));
  });

  it("reads a guest's cart in at most 3 sequential round trips, the publishable-key check included, and prices a SKU moved to another product from the product that holds it now", async () => {
    const { shop, key } = await storefrontShop(system, 'cost-guest');
    const admin = shop.admin();
    const { id, cartToken } = (await expectOk(guest(system, key)('POST', '/carts'))).body;
    const call = guest(system, key, cartToken);
    await expectOk(call('POST', `/carts/${id}/lines`, { sku: 'TEE-L', quantity: 1 }));
    await expectOk(call('POST', `/carts/${id}/lines`, { sku: 'BOOK-1', quantity: 1 }));
    await expectOk(call('GET', `/carts/${id}`));
    // The key, then the cart beside the shop's rules, then the products its lines came from.
    const cost = await calls.during(async () => expect((await call('GET', `/carts/${id}`)).status).toBe(200));
    expect(cost.roundTrips).toBeLessThanOrEqual(3);

    // TEE-L leaves the T-shirt and becomes a product of its own: the line's product no longer
    // holds it, so its claim says where it went, and the cart is priced from there.
    const tee = await expectOk(system.request('GET', '/products/TEE', { token: admin }));
    await expectOk(
      system.request('PATCH', '/products/TEE', {
        token: admin,
        body: { expectedVersion: tee.body.version, options: [{ name: 'Size', values: ['M'] }], variants: [{ sku: 'TEE-M', options: { Size: 'M' }, weightGrams: 200 }] },
      }),
    );
    await expectOk(system.request('POST', '/products', { token: admin, body: { code: 'LONGTEE', name: 'Long T-shirt', sku: 'TEE-L', price: eur(3000), weightGrams: 220 } }));
    const moved = (await expectOk(call('GET', `/carts/${id}`))).body;
    expect(moved.priceChanges).toEqual([{ lineId: 'l1', sku: 'TEE-L', reviewed: eur(2200), current: eur(3000) }]);
    expect(moved.problems).toEqual([]);
  });

  it('prices a cart in at most 3 sequential round trips (lines of two products, a category coupon, an address and a method), and a price change is seen by the next read and refused at completion', async () => {
    const { shop, key } = await storefrontShop(system, 'cost-trips');
    const admin = shop.admin();
    const post = (path: string, body: unknown) => expectOk(system.request('POST', path, { token: admin, body }));
    // A tree three deep: a coupon on the top category discounts a product of the bottom one.
    await post('/categories', { code: 'clothing', name: 'Clothing', slug: 'clothing' });
    await post('/categories', { code: 'tops', name: 'Tops', slug: 'tops', parentCode: 'clothing' });
    await post('/categories', { code: 'tees', name: 'Tees', slug: 'tees', parentCode: 'tops' });
    const tee = await expectOk(system.request('GET', '/products/TEE', { token: admin }));
    const moved = await expectOk(system.request('PATCH', '/products/TEE', { token: admin, body: { expectedVersion: tee.body.version, categoryCodes: ['tees'] } }));
    expect(moved.body.attributes.categoryPath).toEqual(['tees', 'tops', 'clothing']);
    await post('/coupons', { code: 'CLOTHES10', kind: 'percentage', value: 1000, currency: 'EUR', categoryCodes: ['clothing'], usageLimit: 100 });
    await system.sync();

    const me = customer(system, shop.customer('trip-taker'));
    const { id } = (await expectOk(me('POST', '/carts'))).body;
    await expectOk(me('POST', `/carts/${id}/lines`, { sku: 'TEE-M', quantity: 1 }));
    await expectOk(me('POST', `/carts/${id}/lines`, { sku: 'BOOK-1', quantity: 1 }));
    await expectOk(me('PUT', `/carts/${id}/addresses`, { shippingAddress: berlin }));
    await expectOk(me('PUT', `/carts/${id}/shipping-method`, { methodCode: 'standard' }));
    const reviewed = (await expectOk(me('POST', `/carts/${id}/coupons`, { code: 'clothes10' }))).body;
    // 10 % of the T-shirt only: the book is in no category.
    expect(reviewed).toMatchObject({ discount: eur(200), problems: [] });

    const ctx: TenantContext = { tenantCode: 'cost-trips', userId: 'trip-taker', roles: ['customer'], email: 'buyer@example.com', requestId: 'r', source: 'test' };
    const carts = system.app.get(CartService);
    let total: unknown;
    const cost = await calls.during(async () => {
      total = (await carts.read(ctx, id, undefined)).priced?.totals.total;
    });
    expect(total).toEqual(reviewed.total);
    expect(cost.roundTrips).toBeLessThanOrEqual(3);
    // The cart; settings, rates, zones, methods; the two products, the coupon, its counters.
    expect(cost.total).toBeLessThanOrEqual(10);

    // The T-shirt costs more now: the next read says so, and completing the reviewed version is refused.
    const current = await expectOk(system.request('GET', '/products/TEE', { token: admin }));
    await expectOk(system.request('PATCH', '/products/TEE', { token: admin, body: { expectedVersion: current.body.version, price: eur(2500) } }));
    const seen = (await expectOk(me('GET', `/carts/${id}`))).body;
    expect(seen.priceChanges).toEqual([{ lineId: 'l1', sku: 'TEE-M', reviewed: eur(2000), current: eur(2500) }]);
    const refused = await me('POST', `/carts/${id}/complete`, { expectedVersion: reviewed.version, paymentMethod: 'cash_on_delivery' });
    expect(refused).toMatchObject({ status: 409, body: { reason: 'prices_changed' } });
  });
});
