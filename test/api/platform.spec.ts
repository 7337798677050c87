import { commandCount } from '../support/commands';
import { SYSTEM_TENANT } from '../../src/core/tenant-context';
import { tokenFor } from '../support/auth';
import { TenantTokens, TestSystem } from '../support/test-system';

const product = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: `Product ${code}`,
  sku: `SKU-${code}`,
  price: { amount: 1250, currency: 'USD' },
  ...extra,
});

describe('platform API: auth, tenancy, validation, products (DynamoDB Local + real stream handler)', () => {
  let system: TestSystem;
  let shopA: TenantTokens;
  let shopB: TenantTokens;

  beforeAll(async () => {
    system = await TestSystem.start();
    shopA = await system.createTenant('shop-a');
    shopB = await system.createTenant('shop-b');
  });
  afterAll(() => system.stop());

  describe('authentication and roles', () => {
    it('answers 401 without a token, with a malformed one, and with a forged signature', async () => {
      expect((await system.request('GET', '/products')).status).toBe(401);
      expect((await system.request('GET', '/products', { token: 'not-a-jwt' })).status).toBe(401);
      const [header, , signature] = shopA.admin().split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ 'custom:tenant': 'shop-b', 'cognito:groups': ['tenant-admin'] })).toString('base64url');
      const forged = await system.request('GET', '/products', { token: `${header}.${forgedPayload}.${signature}` });
      expect(forged.status).toBe(401);
    });

    it('answers 403 when the role does not fit the route', async () => {
      const byCustomer = await system.request('POST', '/products', { token: shopA.customer(), body: product('P-403') });
      expect(byCustomer.status).toBe(403);
      expect((await system.request('GET', '/tenants', { token: shopA.admin() })).status).toBe(403);
      // A system-admin role on a shop's token is not honoured.
      expect((await system.request('GET', '/tenants', { token: tokenFor('shop-a', 'system-admin') })).status).toBe(401);
      expect(await commandCount('shop-a')).toBe(0);
    });

    it('lets the system admin list and read tenants, and nobody else', async () => {
      const sysadmin = tokenFor(SYSTEM_TENANT, 'system-admin');
      const listed = await system.request('GET', '/tenants', { token: sysadmin });
      expect(listed.body.items.map((t: { code: string }) => t.code)).toEqual(expect.arrayContaining(['shop-a', 'shop-b']));
      expect(await system.request('GET', '/tenants/shop-a', { token: sysadmin })).toMatchObject({ status: 200, body: { code: 'shop-a', version: 1, attributes: { enabled: true, taxRateBps: 1000 } } });
      expect((await system.request('GET', '/tenants/no-such', { token: sysadmin })).status).toBe(404);
      expect((await system.request('GET', '/tenants/shop-a', { token: shopA.admin() })).status).toBe(403);
      expect((await system.request('GET', '/tenants/shop-a', { token: shopA.customer() })).status).toBe(403);
    });

    it('refuses calls for an unknown tenant, and for a disabled one until it is enabled again', async () => {
      expect((await system.request('GET', '/products', { token: tokenFor('no-such-shop', 'tenant-admin') })).status).toBe(403);

      const shopC = await system.createTenant('shop-c');
      const sysadmin = tokenFor(SYSTEM_TENANT, 'system-admin');
      const disabled = await system.request('PATCH', '/tenants/shop-c', { token: sysadmin, body: { expectedVersion: 1, enabled: false } });
      expect(disabled.status).toBe(200);
      await system.sync();
      expect((await system.request('GET', '/products', { token: shopC.admin() })).status).toBe(403);

      const stale = await system.request('PATCH', '/tenants/shop-c', { token: sysadmin, body: { expectedVersion: 1, enabled: true } });
      expect(stale).toMatchObject({ status: 409, body: { currentVersion: 2 } });
      await system.request('PATCH', '/tenants/shop-c', { token: sysadmin, body: { expectedVersion: 2, enabled: true } });
      await system.sync();
      expect((await system.request('GET', '/products', { token: shopC.admin() })).status).toBe(200);
    });
  });

  describe('bad input writes nothing', () => {
    it('names every unknown field, wrong type and out-of-range value', async () => {
      const reply = await system.request('POST', '/products', {
        token: shopA.admin(),
        body: product('P-BAD', { price: { amount: 12.5, currency: 'usd' }, colour: 'red', images: ['not a url'], name: 7 }),
      });
      expect(reply.status).toBe(400);
      const fields = reply.body.fields.map((f: { field: string }) => f.field);
      expect(fields).toEqual(expect.arrayContaining(['colour', 'price.amount', 'price.currency', 'images', 'name']));
      expect(reply.body.fields).toContainEqual({ field: 'colour', problem: 'is not an accepted field' });

      const negative = await system.request('POST', '/products', { token: shopA.admin(), body: product('P-NEG', { price: { amount: -1, currency: 'USD' } }) });
      expect(negative.status).toBe(400);
      expect(negative.body.fields).toContainEqual({ field: 'price.amount', problem: 'must not be less than 0' });
      expect(await commandCount('shop-a')).toBe(0);
    });

    it('answers 400 to malformed JSON and 413 to a body over the limit', async () => {
      const malformed = await system.request('POST', '/products', { token: shopA.admin(), raw: '{"code": "P-1",' });
      expect(malformed).toMatchObject({ status: 400, body: { fields: [{ field: 'body', problem: 'is not valid JSON' }] } });
      const huge = await system.request('POST', '/products', { token: shopA.admin(), body: product('P-BIG', { description: 'x'.repeat(200_000) }) });
      expect(huge.status).toBe(413);
      expect(await commandCount('shop-a')).toBe(0);
    });

    it('answers an unknown route 404 with the API\'s own error name, like every other 404', async () => {
      const unknown = await system.request('GET', '/no-such-route', { token: shopA.admin() });
      expect(unknown).toMatchObject({ status: 404, body: { statusCode: 404, error: 'NotFoundError', message: 'Cannot GET /no-such-route' } });
      expect((await system.request('POST', '/products/P-1/no-such-action', { token: shopA.admin(), body: {} })).body).toMatchObject({ statusCode: 404, error: 'NotFoundError' });
      expect((await system.request('GET', '/products/NO-SUCH', { token: shopA.admin() })).body.error).toBe('NotFoundError');
    });

    it('answers 415 naming the content type to a body that is not sent as JSON, and writes nothing', async () => {
      const body = JSON.stringify(product('P-TXT'));
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'text/plain; charset=utf-8']) {
        const reply = await system.request('POST', '/products', { token: shopA.admin(), raw: body, headers: { 'content-type': type } });
        expect(reply).toMatchObject({ status: 415, body: { statusCode: 415, error: 'UnsupportedMediaTypeError', message: expect.stringContaining(`content-type ${type} is not accepted`) } });
      }
      const latin1 = await system.request('POST', '/products', { token: shopA.admin(), raw: body, headers: { 'content-type': 'application/json; charset=latin1' } });
      expect(latin1).toMatchObject({ status: 415, body: { error: 'UnsupportedMediaTypeError', message: expect.stringContaining('charset') } });
      expect(await commandCount('shop-a')).toBe(0);
      // JSON in any case and with utf-8 is read; no body needs no content type.
      expect((await system.request('POST', '/products', { token: shopA.admin(), raw: '{}', headers: { 'content-type': 'Application/JSON; charset=UTF-8' } })).status).toBe(400);
      expect((await system.request('POST', '/products', { token: shopA.admin() })).status).toBe(400);
      expect((await system.request('DELETE', '/publishable-keys/nope', { token: shopA.admin() })).status).not.toBe(415);
    });

    it('refuses a tenant the registry cannot hold, naming the field, and the reserved code', async () => {
      const sysadmin = tokenFor(SYSTEM_TENANT, 'system-admin');
      const bad = await system.request('POST', '/tenants', { token: sysadmin, body: { code: 'Not A Code', name: '', taxRateBps: 20000 } });
      expect(bad.status).toBe(400);
      expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['code', 'name', 'taxRateBps']);
      expect((await system.request('POST', '/tenants', { token: sysadmin, body: { code: 'system', name: 'Me' } })).status).toBe(409);
      expect((await system.request('POST', '/tenants', { token: sysadmin, body: { code: 'shop-a', name: 'Again' } })).body).toMatchObject({ currentVersion: 1 });
    });

    it('refuses a path code that could not be a key, and a cursor it did not hand out', async () => {
      const badCode = await system.request('GET', '/products/a%23b', { token: shopA.admin() });
      expect(badCode).toMatchObject({ status: 400, body: { fields: [{ field: 'code' }] } });
      const badCursor = await system.request('GET', '/products?cursor=Zm9v', { token: shopA.admin() });
      expect(badCursor).toMatchObject({ status: 400, body: { fields: [{ field: 'cursor' }] } });
      const badLimit = await system.request('GET', '/products?limit=1000', { token: shopA.admin() });
      expect(badLimit).toMatchObject({ status: 400, body: { fields: [{ field: 'limit' }] } });
    });
  });

  describe('products through the write path and the stream', () => {
    it('creates version 1, updates with the expected version, and answers 409 with the current version when stale', async () => {
      const created = await system.request('POST', '/products', { token: shopA.admin(), body: product('P-1') });
      expect(created).toMatchObject({ status: 201, body: { code: 'P-1', version: 1, updatedBy: 'admin-of-shop-a' } });
      expect((await system.request('POST', '/products', { token: shopA.admin(), body: product('P-1') })).status).toBe(409);

      // Right after the create, before any sync: the update reads the command table.
      const updated = await system.request('PATCH', '/products/P-1', { token: shopA.admin(), body: { expectedVersion: 1, price: { amount: 1500, currency: 'USD' } } });
      expect(updated).toMatchObject({ status: 200, body: { version: 2, attributes: { price: { amount: 1500 }, sku: 'SKU-P-1' } } });
      const stale = await system.request('PATCH', '/products/P-1', { token: shopA.admin(), body: { expectedVersion: 1, name: 'Late' } });
      expect(stale).toMatchObject({ status: 409, body: { currentVersion: 2, expectedVersion: 1 } });

      await system.sync();
      const read = await system.request('GET', '/products/P-1', { token: shopA.customer() });
      expect(read).toMatchObject({ status: 200, body: { version: 2, name: 'Product P-1', attributes: { price: { amount: 1500, currency: 'USD' } } } });
    });

    it('shows customers active products only, and pages with an opaque cursor', async () => {
      for (const code of ['L-1', 'L-2', 'L-3', 'L-4']) {
        await system.request('POST', '/products', { token: shopA.admin(), body: product(code, { active: code !== 'L-2' }) });
      }
      await system.sync();
      expect((await system.request('GET', '/products/L-2', { token: shopA.customer() })).status).toBe(404);
      expect((await system.request('GET', '/products/L-2', { token: shopA.admin() })).status).toBe(200);

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await system.request('GET', `/products?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: shopA.customer() });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((p: { code: string }) => p.code));
        cursor = page.body.cursor;
      } while (cursor);
      expect(seen).toEqual(['L-1', 'L-3', 'L-4', 'P-1']);

      const inactive = await system.request('GET', '/products?active=false', { token: shopA.admin() });
      expect(inactive.body.items.map((p: { code: string }) => p.code)).toEqual(['L-2']);
    });

    it("never lets tenant B read, list or change tenant A's products", async () => {
      expect((await system.request('GET', '/products/P-1', { token: shopB.admin() })).status).toBe(404);
      expect((await system.request('GET', '/products', { token: shopB.admin() })).body.items).toEqual([]);
      const change = await system.request('PATCH', '/products/P-1', { token: shopB.admin(), body: { expectedVersion: 2, name: 'Stolen' } });
      expect(change.status).toBe(404);
      // Creating the same code in B makes B's own product; A's is untouched.
      expect((await system.request('POST', '/products', { token: shopB.admin(), body: product('P-1', { name: 'Mine' }) })).status).toBe(201);
      await system.sync();
      expect((await system.request('GET', '/products/P-1', { token: shopA.admin() })).body).toMatchObject({ version: 2, name: 'Product P-1' });
      expect((await system.request('GET', '/products/P-1', { token: shopB.admin() })).body).toMatchObject({ version: 1, name: 'Mine' });
    });
  });

  it('reports DynamoDB reachability on /health without a token', async () => {
    const health = await system.request('GET', '/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', dynamodb: { reachable: true } } });
  });
});
