import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../src/config';
import { dynamo } from '../../src/core/dynamo';
import { SYSTEM_TENANT } from '../../src/core/tenant-context';
import { signClaims, tokenFor, validClaims } from '../support/auth';
import { commandCount } from '../support/commands';
import { DynamoCallCounter } from '../../scripts/lib/dynamo-calls';
import { mailsOf, orderBody, stockedProduct } from '../support/shop';
import { Reply, TenantTokens, TestSystem } from '../support/test-system';

/**
 * The findings of the attack run (issue "Hardening"), one test or more each. Every setting has
 * its production default here (the tenant cache included) unless a test says otherwise.
 */
describe('hardening: read-your-writes and the attack findings (DynamoDB Local + real stream handler)', () => {
  let system: TestSystem;
  let calls: DynamoCallCounter;
  const sysadmin = () => tokenFor(SYSTEM_TENANT, 'system-admin');

  beforeAll(async () => {
    system = await TestSystem.start();
    calls = DynamoCallCounter.attach();
  });
  afterAll(() => system.stop());

  const product = (code: string, amount = 1000, extra: Record<string, unknown> = {}) => ({
    code,
    name: `Product ${code}`,
    sku: `SKU-${code}`,
    price: { amount, currency: 'USD' },
    ...extra,
  });

  describe('what you write is what you read', () => {
    it('serves a new tenant on the very next request: product, stock and order before the stream ran', async () => {
      const created = await system.request('POST', '/tenants', { token: sysadmin(), body: { code: 'fresh-shop', name: 'Fresh' } });
      expect(created.status).toBe(201);
      const shop = new TenantTokens('fresh-shop');
      expect((await system.request('POST', '/products', { token: shop.admin(), body: product('NEW') })).status).toBe(201);
      expect(await system.request('GET', '/products/NEW', { token: shop.admin() })).toMatchObject({ status: 200, body: { code: 'NEW', version: 1 } });
      const stock = await system.request('PATCH', '/inventory/NEW', { token: shop.admin(), body: { expectedVersion: 0, onHand: 5, reason: 'restock' } });
      expect(stock.status).toBe(200);
      const order = await system.request('POST', '/orders', { token: shop.customer(), body: orderBody([{ productCode: 'NEW', quantity: 1 }]) });
      expect(order).toMatchObject({ status: 201, body: { attributes: { status: 'pending', total: { amount: 1100 } } } }); // no tax rates in this shop: its one 10 % rate
      expect(await system.request('GET', `/orders/${order.body.code}`, { token: shop.customer() })).toMatchObject({ status: 200, body: { version: 1 } });
      await system.sync();
    });

    it('prices an order from the price changed a moment ago, and refuses a product deactivated a moment ago', async () => {
      const shop = await system.createTenant('price-shop');
      await stockedProduct(system, shop, 'CUP', { price: 1000, onHand: 10 });
      const repriced = await system.request('PATCH', '/products/CUP', { token: shop.admin(), body: { expectedVersion: 1, price: { amount: 99999, currency: 'USD' } } });
      expect(repriced).toMatchObject({ status: 200, body: { version: 2 } });
      const order = await system.request('POST', '/orders', { token: shop.customer(), body: orderBody([{ productCode: 'CUP', quantity: 1 }]) });
      expect(order.body.attributes.items[0].unitPrice).toEqual({ amount: 99999, currency: 'USD' });

      expect((await system.request('PATCH', '/products/CUP', { token: shop.admin(), body: { expectedVersion: 2, active: false } })).status).toBe(200);
      const refused = await system.request('POST', '/orders', { token: shop.customer(), body: orderBody([{ productCode: 'CUP', quantity: 1 }]) });
      expect(refused).toMatchObject({ status: 400, body: { fields: [{ field: 'items.0.productCode', problem: 'no longer for sale: SKU-CUP' }] } });
      expect(await commandCount('price-shop', 'ORDER#')).toBe(1);
      await system.sync();
    });

    it('refuses a disabled tenant on the next request in the process that disabled it, before the stream ran', async () => {
      const shop = await system.createTenant('off-shop');
      expect((await system.request('GET', '/products', { token: shop.admin() })).status).toBe(200);
      expect((await system.request('PATCH', '/tenants/off-shop', { token: sysadmin(), body: { expectedVersion: 1, enabled: false } })).status).toBe(200);
      const refused = await system.request('GET', '/products', { token: shop.admin() });
      expect(refused).toMatchObject({ status: 403, body: { message: 'this tenant is unknown or disabled' } });
      await system.sync();
    });
  });

  describe('listings cost the same whatever the shop holds', () => {
    it("reads a customer's orders from their own index: a few calls, not one per order of the shop", async () => {
      const shop = await system.createTenant('busy-shop');
      await stockedProduct(system, shop, 'B', { onHand: 100 });
      for (let i = 0; i < 30; i++) {
        const placed = await system.request('POST', '/orders', { token: shop.customer(`regular-${i % 3}`), body: orderBody([{ productCode: 'B', quantity: 1 }]) });
        expect(placed.status).toBe(201);
      }
      await system.sync();

      let empty: Reply | undefined;
      const stranger = await calls.during(async () => {
        empty = await system.request('GET', '/orders?limit=1', { token: shop.customer('newcomer') });
      });
      expect(empty).toMatchObject({ status: 200, body: { items: [] } });
      // The tenant check, the caller's account standing (the guard, issue 20), the index query; the
      // old filtered scan made one query per order of the shop.
      expect(stranger.byCommand.Query ?? 0).toBeLessThanOrEqual(3);
      expect(stranger.total).toBeLessThanOrEqual(4);

      let page: Reply | undefined;
      const regular = await calls.during(async () => {
        page = await system.request('GET', '/orders?limit=4', { token: shop.customer('regular-1') });
      });
      expect(page!.body.items).toHaveLength(4);
      expect(page!.body.items.every((o: { attributes: { customerId: string } }) => o.attributes.customerId === 'regular-1')).toBe(true);
      expect(page!.body.cursor).toEqual(expect.any(String));
      expect(regular.total).toBeLessThanOrEqual(4);

      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const next = await system.request('GET', `/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: shop.customer('regular-1') });
        all.push(...next.body.items.map((o: { code: string }) => o.code));
        cursor = next.body.cursor;
      } while (cursor);
      expect(all).toHaveLength(10);
      // Newest first from the same index: the account's order list; any other sort stays the staff's.
      const newest = await system.request('GET', '/orders?limit=10&sort=-createdAt', { token: shop.customer('regular-1') });
      expect(newest.body.items.map((o: { code: string }) => o.code)).toEqual([...all].reverse());
      const byTotal = await system.request('GET', '/orders?sort=-total', { token: shop.customer('regular-1') });
      expect(byTotal).toMatchObject({ status: 400, body: { fields: [expect.objectContaining({ field: 'sort' })] } });

      const filtered = await calls.during(() => system.request('GET', '/orders?limit=1&status=cancelled', { token: shop.admin() }));
      expect(filtered.byCommand.Query ?? 0).toBeLessThanOrEqual(2);
    });

    it('lists active products to customers in one query per page, however many inactive ones there are', async () => {
      const shop = await system.createTenant('dusty-shop');
      for (let i = 0; i < 25; i++) {
        expect((await system.request('POST', '/products', { token: shop.admin(), body: product(`OLD-${String(i).padStart(2, '0')}`, 100, { active: false }) })).status).toBe(201);
      }
      await system.request('POST', '/products', { token: shop.admin(), body: product('ZZ-LIVE') });
      await system.sync();
      let first: Reply | undefined;
      const cost = await calls.during(async () => {
        first = await system.request('GET', '/products?limit=1', { token: shop.customer() });
      });
      // The page's query and the caller's account standing (the guard, issue 20).
      expect(cost.byCommand.Query ?? 0).toBeLessThanOrEqual(3);
      expect(first!.body.items.map((p: { code: string }) => p.code)).toEqual(['ZZ-LIVE']);
    });
  });

  describe('who may learn what', () => {
    it("answers 404, not 409 with a version, to a customer touching another customer's order", async () => {
      const shop = await system.createTenant('nosy-shop');
      await stockedProduct(system, shop, 'N', { onHand: 5 });
      const placed = await system.request('POST', '/orders', { token: shop.customer('alice'), body: orderBody([{ productCode: 'N', quantity: 1 }]) });
      await system.sync();
      for (const expectedVersion of [1, 2, 99]) {
        const probe = await system.request('PATCH', `/orders/${placed.body.code}/status`, { token: shop.customer('bob'), body: { status: 'cancelled', expectedVersion } });
        expect(probe).toMatchObject({ status: 404, body: { message: `order ${placed.body.code} not found` } });
      }
      expect((await system.request('PATCH', '/orders/ORD-999999/status', { token: shop.customer('bob'), body: { status: 'cancelled', expectedVersion: 99 } })).status).toBe(404);
      // The owner still hears about their stale version, in words without keys.
      const stale = await system.request('PATCH', `/orders/${placed.body.code}/status`, { token: shop.customer('alice'), body: { status: 'cancelled', expectedVersion: 1 } });
      expect(stale).toMatchObject({ status: 409, body: { currentVersion: 2, message: `order ${placed.body.code} is at version 2, not 1` } });
    });

    it('mails only the verified email of the token, and says why an order was cancelled in fixed words', async () => {
      const shop = await system.createTenant('mail-shop');
      await stockedProduct(system, shop, 'M', { onHand: 5 });
      const typed = await system.request('POST', '/orders', { token: shop.customer('mallory'), body: { ...orderBody([{ productCode: 'M', quantity: 1 }]), contactEmail: 'victim@example.com' } });
      expect(typed).toMatchObject({ status: 400, body: { fields: [{ field: 'contactEmail', problem: 'is not an accepted field' }] } });

      const unverified = signClaims(validClaims('mail-shop', 'customer', { sub: 'mallory', email: 'victim@example.com', email_verified: false }));
      const placed = await system.request('POST', '/orders', { token: unverified, body: orderBody([{ productCode: 'M', quantity: 1 }]) });
      expect(placed.status).toBe(201);
      expect(placed.body.attributes.customerEmail).toBeUndefined();
      await system.sync();
      const cancelled = await system.request('PATCH', `/orders/${placed.body.code}/status`, {
        token: unverified,
        body: { status: 'cancelled', expectedVersion: 2, reason: 'Your account is locked, log in at http://evil.example' },
      });
      expect(cancelled).toMatchObject({ status: 200, body: { attributes: { cancelReason: 'by_customer' } } });
      await system.sync();
      expect([...mailsOf('mail-shop').values()].join('\n')).not.toContain('victim@example.com');

      const verified = shop.customer('carol', 'carol@example.com');
      const own = await system.request('POST', '/orders', { token: verified, body: orderBody([{ productCode: 'M', quantity: 1 }]) });
      await system.sync();
      await system.request('PATCH', `/orders/${own.body.code}/status`, { token: verified, body: { status: 'cancelled', expectedVersion: 2, reason: 'Click http://evil.example' } });
      await system.sync();
      const mail = mailsOf('mail-shop').get(`${own.body.code}.v3`)!;
      expect(mail).toContain('To: carol@example.com');
      expect(mail).toContain('Reason: cancelled at your request');
      expect(mail).not.toContain('evil.example');
      // The note stays in the history, for the shop and the customer.
      const history = await system.request('GET', `/orders/${own.body.code}/history`, { token: verified });
      expect(history.body.versions[2]).toMatchObject({ toStatus: 'cancelled', reason: 'Click http://evil.example' });
    });

    it("limits one customer's mail-sending actions per hour (429 naming the limit), not the shop's admins", async () => {
      const shop = await system.createTenant('quiet-shop', { limits: { customerActionsPerHour: 3 } });
      await stockedProduct(system, shop, 'Q', { onHand: 50 });
      const buyer = shop.customer('spammer');
      for (let i = 0; i < 3; i++) expect((await system.request('POST', '/orders', { token: buyer, body: orderBody([{ productCode: 'Q', quantity: 1 }]) })).status).toBe(201);
      const fourth = await system.request('POST', '/orders', { token: buyer, body: orderBody([{ productCode: 'Q', quantity: 1 }]) });
      expect(fourth).toMatchObject({ status: 429, body: { limit: 'customerActionsPerHour', retryAfterSeconds: expect.any(Number) } });
      expect(await commandCount('quiet-shop', 'ORDER#')).toBe(3);
      await system.sync();
      const cancel = await system.request('PATCH', '/orders/ORD-000001/status', { token: buyer, body: { status: 'cancelled', expectedVersion: 2 } });
      expect(cancel.status).toBe(429);
      expect((await system.request('POST', '/orders', { token: shop.customer('someone-else'), body: orderBody([{ productCode: 'Q', quantity: 1 }]) })).status).toBe(201);
      expect((await system.request('PATCH', '/orders/ORD-000001/status', { token: shop.admin(), body: { status: 'cancelled', expectedVersion: 2 } })).status).toBe(200);
      await system.sync();
    });
  });

  describe("nobody holds a shop's stock hostage", () => {
    it('refuses a line or an order over the unit caps, naming the limit, and writes nothing', async () => {
      const shop = await system.createTenant('cap-shop');
      await stockedProduct(system, shop, 'C', { onHand: 5000 });
      const bigLine = await system.request('POST', '/orders', { token: shop.customer(), body: orderBody([{ productCode: 'C', quantity: 101 }]) });
      expect(bigLine).toMatchObject({ status: 400, body: { fields: [{ field: 'items.0.quantity', problem: expect.stringContaining('maxLineQuantity') }] } });
      const manyLines = await system.request('POST', '/orders', { token: shop.customer(), body: orderBody(Array.from({ length: 6 }, () => ({ productCode: 'C', quantity: 100 }))) });
      expect(manyLines).toMatchObject({ status: 400, body: { fields: [{ field: 'items', problem: expect.stringContaining('maxOrderUnits') }] } });
      expect(await commandCount('cap-shop', 'ORDER#')).toBe(0);
    });

    it('caps the units of one SKU a customer holds at once: 409 up front, and atomically when orders race', async () => {
      const shop = await system.createTenant('hold-shop', { limits: { maxHeldUnitsPerSku: 5 } });
      await stockedProduct(system, shop, 'H', { onHand: 100 });
      const hoarder = shop.customer('hoarder');
      expect((await system.request('POST', '/orders', { token: hoarder, body: orderBody([{ productCode: 'H', quantity: 3 }]) })).status).toBe(201);
      await system.sync();
      const over = await system.request('POST', '/orders', { token: hoarder, body: orderBody([{ productCode: 'H', quantity: 3 }]) });
      expect(over).toMatchObject({ status: 409, body: { limit: 'maxHeldUnitsPerSku', skus: ['SKU-H'] } });

      // Two orders sent together both pass the early check; the reservation lets only one hold.
      const raced = await Promise.all([1, 2].map(() => system.request('POST', '/orders', { token: shop.customer('racer'), body: orderBody([{ productCode: 'H', quantity: 4 }]) })));
      expect(raced.map((r) => r.status)).toEqual([201, 201]);
      await system.sync();
      const outcomes = await Promise.all(raced.map(async (r) => (await system.request('GET', `/orders/${r.body.code}`, { token: shop.admin() })).body.attributes));
      expect(outcomes.map((o) => o.status).sort()).toEqual(['cancelled', 'confirmed']);
      expect(outcomes.find((o) => o.status === 'cancelled')).toMatchObject({ cancelReason: 'held_limit', heldLimitSkus: ['SKU-H'] });

      // Giving units back (a cancel) makes room again.
      await system.request('PATCH', '/orders/ORD-000001/status', { token: hoarder, body: { status: 'cancelled', expectedVersion: 2 } });
      await system.sync();
      expect((await system.request('POST', '/orders', { token: hoarder, body: orderBody([{ productCode: 'H', quantity: 5 }]) })).status).toBe(201);
      await system.sync();
    });
  });

  describe('tokens', () => {
    const refused = async (token: string) => {
      const reply = await system.request('GET', '/products', { token });
      expect(reply).toMatchObject({ status: 401, body: { message: 'invalid token' } });
    };

    it('refuses a tenant claim that is not a tenant code with 401, not 500', async () => {
      for (const tenant of ['demo#x', 'TENANT#demo', 'a'.repeat(200), '']) await refused(signClaims(validClaims(tenant, 'tenant-admin')));
    });

    it('refuses tokens without exp or without sub', async () => {
      const { exp: _exp, ...noExp } = validClaims('shop-x', 'customer');
      await refused(signClaims(noExp));
      const { sub: _sub, ...noSub } = validClaims('shop-x', 'customer');
      await refused(signClaims(noSub));
    });

    it('says only "invalid token": no issuer, audience, or fetched key url, even for an unknown key id', async () => {
      await refused(signClaims(validClaims('shop-x', 'customer', { iss: 'https://elsewhere.example' })));
      await refused(signClaims(validClaims('shop-x', 'customer', { aud: 'someone-else' })));
      await refused(signClaims(validClaims('shop-x', 'customer'), { alg: 'RS256', typ: 'JWT', kid: 'unknown-key' }));
    });
  });

  describe('input the API never takes', () => {
    it('answers 400 to a body nested thousands of levels deep', async () => {
      const shop = await system.createTenant('deep-shop');
      const raw = `{"code":"D","name":"d","sku":"D","price":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
      const reply = await system.request('POST', '/products', { token: shop.admin(), raw });
      expect(reply).toMatchObject({ status: 400, body: { fields: [{ field: 'body', problem: 'is nested deeper than 32 levels' }] } });
    });

    it('takes only ISO 4217 currencies, and only the shop currency', async () => {
      const shop = await system.createTenant('usd-shop');
      const zzz = await system.request('POST', '/products', { token: shop.admin(), body: { ...product('Z'), price: { amount: 100, currency: 'ZZZ' } } });
      expect(zzz).toMatchObject({ status: 400, body: { fields: [{ field: 'price.currency' }] } });
      const eur = await system.request('POST', '/products', { token: shop.admin(), body: { ...product('E'), price: { amount: 100, currency: 'EUR' } } });
      expect(eur).toMatchObject({ status: 400, body: { fields: [{ field: 'price.currency', problem: 'must be the shop currency USD' }] } });
      const tenant = await system.request('POST', '/tenants', { token: sysadmin(), body: { code: 'zzz-shop', name: 'Z', currency: 'ZZZ' } });
      expect(tenant).toMatchObject({ status: 400, body: { fields: [{ field: 'currency' }] } });
      expect(await commandCount('usd-shop')).toBe(0);
    });

    it('keeps a plain x-request-id and replaces an oversized one', async () => {
      const shop = await system.createTenant('rid-shop');
      await system.request('POST', '/products', { token: shop.admin(), body: product('R1'), headers: { 'x-request-id': 'trace-123' } });
      await system.request('POST', '/products', { token: shop.admin(), body: product('R2'), headers: { 'x-request-id': 'x'.repeat(8000) } });
      const stored = async (code: string) =>
        (await dynamo().send(new GetCommand({ TableName: config().tables.command, Key: { pk: 'TENANT#rid-shop', sk: `PRODUCT#${code}@1` } }))).Item!.requestId as string;
      expect(await stored('R1')).toBe('trace-123');
      expect((await stored('R2')).length).toBeLessThanOrEqual(64);
    });

    it('holds the on-hand cap on every path, adjustBy included', async () => {
      const shop = await system.createTenant('cap-stock-shop');
      await stockedProduct(system, shop, 'S', { onHand: 9_999_999 });
      const over = await system.request('PATCH', '/inventory/S', { token: shop.admin(), body: { expectedVersion: 1, adjustBy: 5, reason: 'restock' } });
      expect(over).toMatchObject({ status: 400, body: { fields: [{ field: 'adjustBy', problem: expect.stringContaining('10000000') }] } });
      const stale = await system.request('PATCH', '/inventory/S', { token: shop.admin(), body: { expectedVersion: 7, adjustBy: -5, reason: 'count' } });
      expect(stale).toMatchObject({ status: 409, body: { message: 'stock of SKU-S in main is at version 1, not 7' } });
      expect(stale.body.message).not.toContain('#');
    });
  });
});
