import { ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { CartToken, RequestWithTenant, Roles } from '../../src/auth/auth.decorators';
import { AuthGuard } from '../../src/auth/auth.guard';
import { AccountStandings, GuestKeys, OrderTokens, TenantStatus } from '../../src/auth/caller-directory';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { loadConfig, resetConfig } from '../../src/config';
import { SYSTEM_TENANT } from '../../src/core/tenant-context';
import { createApp } from '../../src/app/create-app';
import { GUEST_ROUTES } from '../../src/http/browser-access';
import { PublishableKeyService } from '../../src/modules/tenant/publishable-key.service';
import { TenantDirectory } from '../../src/modules/tenant/tenant.directory';
import { tokenFor } from '../support/auth';
import { Reply, TenantTokens, TestSystem } from '../support/test-system';

type Operation = { security?: Record<string, unknown>[] };

/**
 * Guests: visitors of a shop known only by its publishable key (`x-publishable-key`). Real
 * DynamoDB Local, real stream handler, production defaults (the tenant cache included).
 */
describe('publishable keys and guest access', () => {
  let system: TestSystem;
  let shopA: TenantTokens;
  let shopB: TenantTokens;
  const sysadmin = () => tokenFor(SYSTEM_TENANT, 'system-admin');

  const asGuest = (key: string, method: string, path: string, body?: unknown): Promise<Reply> =>
    system.request(method, path, { headers: { 'x-publishable-key': key }, body });

  async function createKey(shop: TenantTokens, label = 'web storefront'): Promise<{ id: string; key: string }> {
    const created = await system.request('POST', '/publishable-keys', { token: shop.admin(), body: { label } });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function product(shop: TenantTokens, code: string, active = true): Promise<void> {
    const created = await system.request('POST', '/products', {
      token: shop.admin(),
      body: { code, name: `Product ${code}`, sku: `SKU-${code}`, price: { amount: 1500, currency: 'USD' }, active },
    });
    expect(created.status).toBe(201);
  }

  async function allKeys(shop: TenantTokens): Promise<Record<string, unknown>[]> {
    const listed = await system.request('GET', '/publishable-keys?limit=100', { token: shop.admin() });
    expect(listed.status).toBe(200);
    return listed.body.items;
  }

  beforeAll(async () => {
    system = await TestSystem.start();
    shopA = await system.createTenant('guest-a');
    shopB = await system.createTenant('guest-b');
    await product(shopA, 'MUG');
    await product(shopA, 'OLD', false);
    await product(shopB, 'TEE');
    await system.sync();
  });
  afterAll(() => system.stop());

  describe('key lifecycle', () => {
    it('shows a new key in full once, never in the list, and refuses it on the request after its revocation', async () => {
      const created = await system.request('POST', '/publishable-keys', { token: shopA.admin(), body: { label: 'main site' } });
      expect(created).toMatchObject({ status: 201, body: { label: 'main site', active: true, createdBy: 'admin-of-guest-a' } });
      const { id, key } = created.body;
      expect(key).toMatch(/^pk_guest-a_[0-9A-Za-z]{32}$/);
      expect(created.body.last4).toBe(key.slice(-4));
      expect(created.body).not.toHaveProperty('keyHash');

      const listed = await allKeys(shopA);
      expect(listed).toContainEqual({ id, label: 'main site', last4: key.slice(-4), active: true, createdAt: created.body.createdAt, createdBy: 'admin-of-guest-a' });
      const listText = JSON.stringify(listed);
      expect(listText).not.toContain(key);
      expect(listText).not.toContain(key.slice('pk_guest-a_'.length, -4));
      expect(listText).not.toContain('keyHash');

      expect((await asGuest(key, 'GET', '/products')).status).toBe(200);

      const revoked = await system.request('DELETE', `/publishable-keys/${id}`, { token: shopA.admin() });
      expect(revoked).toMatchObject({ status: 200, body: { id, active: false, revokedBy: 'admin-of-guest-a' } });
      expect(revoked.body).not.toHaveProperty('key');
      expect(await asGuest(key, 'GET', '/products')).toMatchObject({ status: 401, body: { message: 'invalid publishable key' } });

      // Revoking again changes nothing and answers the same.
      const again = await system.request('DELETE', `/publishable-keys/${id}`, { token: shopA.admin() });
      expect(again).toMatchObject({ status: 200, body: { id, active: false, revokedAt: revoked.body.revokedAt } });
      expect((await allKeys(shopA)).find((k) => k.id === id)).toMatchObject({ active: false, revokedAt: revoked.body.revokedAt });
    });

    it('answers 404 for revoking an unknown key, and for another tenant revoking one (which keeps working)', async () => {
      expect(await system.request('DELETE', '/publishable-keys/0123456789abcdef01234567', { token: shopA.admin() })).toMatchObject({ status: 404 });
      const { id, key } = await createKey(shopA);
      expect((await system.request('DELETE', `/publishable-keys/${id}`, { token: shopB.admin() })).status).toBe(404);
      expect((await asGuest(key, 'GET', '/products')).status).toBe(200);
      expect((await allKeys(shopB)).map((k) => k.id)).not.toContain(id);
    });

    it('is safe to retry: one Idempotency-Key creates one key and replays the same answer', async () => {
      const before = (await allKeys(shopA)).length;
      const send = () => system.request('POST', '/publishable-keys', { token: shopA.admin(), body: { label: 'retried' }, headers: { 'idempotency-key': 'create-key-0001' } });
      const first = await send();
      const retry = await send();
      expect(first.status).toBe(201);
      expect(retry).toMatchObject({ status: 201, body: first.body });
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect((await allKeys(shopA)).length).toBe(before + 1);
    });

    it('refuses a missing, blank or too long label, or an unknown field, and writes nothing', async () => {
      const before = await allKeys(shopA);
      for (const [body, field] of [
        [{}, 'label'],
        [{ label: '   ' }, 'label'],
        [{ label: 'x'.repeat(101) }, 'label'],
        [{ label: 7 }, 'label'],
        [{ label: 'ok', key: 'pk_guest-a_chosen' }, 'key'],
      ] as const) {
        const refused = await system.request('POST', '/publishable-keys', { token: shopA.admin(), body });
        expect(refused.status).toBe(400);
        expect(refused.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
      expect(await allKeys(shopA)).toEqual(before);
    });

    it('keeps at most 20 active keys per tenant, even when created concurrently; a revoked one frees a slot', async () => {
      const shop = await system.createTenant('guest-many');
      const replies = await Promise.all(Array.from({ length: 23 }, (_, i) => system.request('POST', '/publishable-keys', { token: shop.admin(), body: { label: `key ${i}` } })));
      const created = replies.filter((r) => r.status === 201);
      const refused = replies.filter((r) => r.status !== 201);
      expect(created).toHaveLength(20);
      expect(refused).toHaveLength(3);
      for (const reply of refused) expect(reply).toMatchObject({ status: 409, body: { limit: 'maxActivePublishableKeys' } });
      expect(await allKeys(shop)).toHaveLength(20);

      expect((await system.request('DELETE', `/publishable-keys/${created[0].body.id}`, { token: shop.admin() })).status).toBe(200);
      // A second revoke of the same key must not free a second slot.
      expect((await system.request('DELETE', `/publishable-keys/${created[0].body.id}`, { token: shop.admin() })).status).toBe(200);
      expect((await system.request('POST', '/publishable-keys', { token: shop.admin(), body: { label: 'replacement' } })).status).toBe(201);
      expect((await system.request('POST', '/publishable-keys', { token: shop.admin(), body: { label: 'one too many' } })).status).toBe(409);
    });

    it('lets only tenant admins manage keys: customers, guests and the system admin are refused', async () => {
      const { id, key } = await createKey(shopA);
      for (const token of [shopA.customer(), sysadmin()]) {
        expect((await system.request('POST', '/publishable-keys', { token, body: { label: 'mine' } })).status).toBe(403);
        expect((await system.request('GET', '/publishable-keys', { token })).status).toBe(403);
        expect((await system.request('DELETE', `/publishable-keys/${id}`, { token })).status).toBe(403);
      }
      expect((await asGuest(key, 'POST', '/publishable-keys', { label: 'mine' })).status).toBe(403);
      expect((await asGuest(key, 'DELETE', `/publishable-keys/${id}`)).status).toBe(403);
      expect((await asGuest(key, 'GET', '/products')).status).toBe(200);
    });
  });

  describe('what a guest may do', () => {
    let keyA: string;
    beforeAll(async () => {
      keyA = (await createKey(shopA)).key;
    });

    it('reads active products of its shop, never inactive ones', async () => {
      const listed = await asGuest(keyA, 'GET', '/products');
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((p: { code: string }) => p.code)).toEqual(['MUG']);
      const askedForInactive = await asGuest(keyA, 'GET', '/products?active=false');
      expect(askedForInactive.body.items.map((p: { code: string }) => p.code)).toEqual(['MUG']);
      expect(await asGuest(keyA, 'GET', '/products/MUG')).toMatchObject({ status: 200, body: { code: 'MUG', attributes: { active: true } } });
      expect((await asGuest(keyA, 'GET', '/products/OLD')).status).toBe(404);
    });

    it('sees no storage keys, no staff ids and no X-Powered-By; staff still see who changed what', async () => {
      const read = await asGuest(keyA, 'GET', '/products/MUG');
      expect(read).toMatchObject({ status: 200, body: { code: 'MUG', version: 1 } });
      expect(Object.keys(read.body).sort()).toEqual(['attributes', 'code', 'name', 'updatedAt', 'version']);
      expect(read.headers.get('x-powered-by')).toBeNull();
      const listed = await asGuest(keyA, 'GET', '/products');
      expect(listed.body.items[0]).not.toHaveProperty('updatedBy');
      expect(listed.body.items[0]).not.toHaveProperty('pk');
      const customer = await system.request('GET', '/products/MUG', { token: shopA.customer() });
      expect(customer.body).not.toHaveProperty('updatedBy');
      const admin = await system.request('GET', '/products/MUG', { token: shopA.admin() });
      expect(admin.body).toMatchObject({ code: 'MUG', updatedBy: 'admin-of-guest-a' });
      expect(admin.body).not.toHaveProperty('pk');
      expect(admin.body).not.toHaveProperty('sk');
      expect(JSON.stringify(admin.body)).not.toContain('TENANT#');
      expect((await system.request('GET', '/nowhere')).headers.get('x-powered-by')).toBeNull();
    });

    // Public routes need no key at all: health, the providers' webhooks, /auth (nobody has a token yet) and the storefront's config (it finds the key).
    it('gets 403 on every documented route that does not list guests', async () => {
      const document = (await system.request('GET', '/docs/openapi.json')).body as { paths: Record<string, Record<string, Operation>> };
      const others = Object.entries(document.paths)
        .flatMap(([path, byMethod]) => Object.keys(byMethod).map((method) => ({ method: method.toUpperCase(), path })))
        .filter(({ method, path }) => path !== '/health' && path !== '/storefront/config' && !path.startsWith('/webhooks/') && !path.startsWith('/auth/') && !(GUEST_ROUTES as readonly string[]).includes(`${method} ${path}`));
      const families = new Set(others.map(({ path }) => path.split('/')[1]));
      expect([...families].sort()).toEqual(expect.arrayContaining(['inventory', 'notifications', 'orders', 'products', 'publishable-keys', 'tenants']));
      for (const { method, path } of others) {
        const concrete = path.replace(/\{[^}]+\}/g, 'MUG');
        const reply = await asGuest(keyA, method, concrete, method === 'GET' || method === 'DELETE' ? undefined : {});
        expect({ route: `${method} ${path}`, status: reply.status }).toEqual({ route: `${method} ${path}`, status: 403 });
      }
    });

    it('refuses malformed, unknown, altered and other-tenant-format keys with one message', async () => {
      const secret = keyA.slice('pk_guest-a_'.length);
      const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
      const refusedKeys = [
        '',
        'nonsense',
        keyA.toUpperCase(),
        `pk_guest-a_${secret.slice(0, 24)}`,
        `pk_guest-a_${secret}x`,
        `pk_guest-a_${flipped}`,
        `pk_guest-a_${'0'.repeat(32)}`,
        `pk_guest-b_${secret}`,
        `pk_no-such-shop_${secret}`,
        `pk_system_${secret}`,
        `pk_GUEST-A_${secret}`,
        `pk_guest_a_${secret}`,
        `sk_guest-a_${secret}`,
      ];
      for (const key of refusedKeys) {
        const reply = await asGuest(key, 'GET', '/products');
        expect({ key, status: reply.status, message: reply.body.message }).toEqual({ key, status: 401, message: 'invalid publishable key' });
      }
    });

    it("never shows tenant A's data to tenant B's key", async () => {
      const keyB = (await createKey(shopB)).key;
      const listed = await asGuest(keyB, 'GET', '/products');
      expect(listed.body.items.map((p: { code: string }) => p.code)).toEqual(['TEE']);
      expect((await asGuest(keyB, 'GET', '/products/MUG')).status).toBe(404);
      expect((await asGuest(keyA, 'GET', '/products/TEE')).status).toBe(404);
    });

    it("refuses a disabled tenant's key on the next request, and takes it again once re-enabled", async () => {
      const shop = await system.createTenant('guest-off');
      await product(shop, 'CAP');
      const { key } = await createKey(shop);
      expect((await asGuest(key, 'GET', '/products/CAP')).status).toBe(200);
      expect((await system.request('PATCH', '/tenants/guest-off', { token: sysadmin(), body: { expectedVersion: 1, enabled: false } })).status).toBe(200);
      expect(await asGuest(key, 'GET', '/products/CAP')).toMatchObject({ status: 401, body: { message: 'invalid publishable key' } });
      expect((await system.request('PATCH', '/tenants/guest-off', { token: sysadmin(), body: { expectedVersion: 2, enabled: true } })).status).toBe(200);
      expect((await asGuest(key, 'GET', '/products/CAP')).status).toBe(200);
      await system.sync();
    });

    it("lets the token decide when both are sent: the key's tenant and validity are ignored", async () => {
      const withBadKey = await system.request('GET', '/products', { token: shopB.customer(), headers: { 'x-publishable-key': 'nonsense' } });
      expect(withBadKey.body.items.map((p: { code: string }) => p.code)).toEqual(['TEE']);
      const adminWithKey = await system.request('GET', '/products?active=false', { token: shopA.admin(), headers: { 'x-publishable-key': keyA } });
      expect(adminWithKey.body.items.map((p: { code: string }) => p.code)).toEqual(['OLD']);
      const badTokenGoodKey = await system.request('GET', '/products', { token: 'not.a.token', headers: { 'x-publishable-key': keyA } });
      expect(badTokenGoodKey).toMatchObject({ status: 401, body: { message: 'invalid token' } });
    });

    it("refuses a JWT claiming the role 'guest' (401 invalid token), with or without a key", async () => {
      const guestToken = tokenFor('guest-a', 'guest', 'visitor-1');
      expect(await system.request('GET', '/products', { token: guestToken })).toMatchObject({ status: 401, body: { message: 'invalid token' } });
      expect(await system.request('GET', '/products', { token: guestToken, headers: { 'x-publishable-key': keyA } })).toMatchObject({ status: 401, body: { message: 'invalid token' } });
    });

    it('answers a request with neither token nor key 401, as before', async () => {
      expect(await system.request('GET', '/products')).toMatchObject({ status: 401, body: { message: 'missing bearer token' } });
    });
  });

  describe('the guard, on a route without @Roles', () => {
    class Routes {
      open() {}
      @Roles('guest')
      guestsOnly() {}
    }
    const contextOf = (handler: keyof Routes, headers: Record<string, string>) => {
      const request: { headers: Record<string, string>; method: string; path: string } & RequestWithTenant = { headers, method: 'GET', path: `/${handler}` };
      const context = {
        getHandler: () => Routes.prototype[handler],
        getClass: () => Routes,
        switchToHttp: () => ({ getRequest: () => request }),
      } as unknown as ExecutionContext;
      return { context, request };
    };
    const guard = () =>
      new AuthGuard(new Reflector(), system.app.get(TokenVerifier), system.app.get(TenantStatus), system.app.get(GuestKeys), system.app.get(OrderTokens), system.app.get(AccountStandings));

    it('accepts any role a token carries, but never a guest', async () => {
      const { key } = await createKey(shopA);
      for (const token of [shopA.customer(), shopA.admin()]) {
        const { context, request } = contextOf('open', { authorization: `Bearer ${token}` });
        await expect(guard().canActivate(context)).resolves.toBe(true);
        expect(request.tenantContext?.tenantCode).toBe('guest-a');
      }
      await expect(guard().canActivate(contextOf('open', { 'x-publishable-key': key }).context)).rejects.toMatchObject({ status: 403 });
      await expect(guard().canActivate(contextOf('guestsOnly', { authorization: `Bearer ${shopA.customer()}` }).context)).rejects.toMatchObject({ status: 403 });
    });

    it("gives a guest the key's tenant, userId guest, the role guest, no email, the address it calls from and the key's id", async () => {
      const { key, id } = await createKey(shopB);
      const { context, request } = contextOf('guestsOnly', { 'x-publishable-key': key, 'x-request-id': 'req-guest-1', 'x-forwarded-for': '198.51.100.1' });
      Object.assign(request, { socket: { remoteAddress: '203.0.113.9' } });
      await expect(guard().canActivate(context)).resolves.toBe(true);
      expect(request.tenantContext).toEqual({ tenantCode: 'guest-b', userId: 'guest', roles: ['guest'], requestId: 'req-guest-1', source: 'http:GET /guestsOnly', client: '203.0.113.9', publishableKeyId: id });
    });
  });

  it('reads the cart token from x-cart-token, and nothing else', () => {
    class Carts {
      show(_token: string | undefined) {}
    }
    CartToken()(Carts.prototype, 'show', 0);
    const [{ factory }] = Object.values(Reflect.getMetadata(ROUTE_ARGS_METADATA, Carts, 'show')) as { factory: (data: unknown, ctx: ExecutionContext) => unknown }[];
    const read = (headers: Record<string, string>, query: Record<string, string> = {}) =>
      factory(undefined, { switchToHttp: () => ({ getRequest: () => ({ headers, query }) }) } as unknown as ExecutionContext);
    expect(read({ 'x-cart-token': 'ct_secret' })).toBe('ct_secret');
    expect(read({})).toBeUndefined();
    expect(read({ 'x-cart-token': '' })).toBeUndefined();
    expect(read({}, { cartToken: 'ct_secret', 'x-cart-token': 'ct_secret' })).toBeUndefined();
  });

  describe('OpenAPI', () => {
    it('documents the publishable-key, cart-token and order-token schemes, and exactly the guest routes take the key (beside bearer)', async () => {
      const document = (await system.request('GET', '/docs/openapi.json')).body as {
        paths: Record<string, Record<string, Operation>>;
        components: { securitySchemes: Record<string, unknown> };
      };
      expect(document.components.securitySchemes).toMatchObject({
        bearer: { type: 'http', scheme: 'bearer' },
        'publishable-key': { type: 'apiKey', in: 'header', name: 'x-publishable-key' },
        'cart-token': { type: 'apiKey', in: 'header', name: 'x-cart-token' },
        'order-token': { type: 'apiKey', in: 'header', name: 'x-order-token' },
      });
      const withKey = Object.entries(document.paths).flatMap(([path, byMethod]) =>
        Object.entries(byMethod)
          .filter(([, operation]) => (operation.security ?? []).some((s) => 'publishable-key' in s))
          .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, security: operation.security })),
      );
      expect(withKey.map((o) => o.route).sort()).toEqual([...GUEST_ROUTES].sort());
      // A guest cart's routes take the key together with the cart's token, a guest order's with the order's token.
      const guestHolds = (route: string) => (route.includes('/carts/{id}') ? { 'cart-token': [] } : route.includes('/orders/{code}') ? { 'order-token': [] } : {});
      for (const { route, security } of withKey) {
        expect({ route, security }).toEqual({ route, security: [{ bearer: [] }, { 'publishable-key': [], ...guestHolds(route) }] });
      }
    });
  });

  describe('CORS for browser storefronts', () => {
    it('answers a preflight allowing the storefront headers, and lets the browser read Idempotent-Replayed', async () => {
      const preflight = await fetch(`${system.url}/products`, {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-publishable-key,x-cart-token,idempotency-key,content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').split(',');
      expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'x-publishable-key', 'x-cart-token', 'x-request-id']));
      expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');

      const { key } = await createKey(shopA);
      const read = await fetch(`${system.url}/products`, { headers: { origin: 'https://shop.example', 'x-publishable-key': key } });
      expect(read.status).toBe(200);
      expect(read.headers.get('access-control-allow-origin')).toBe('*');
      expect(read.headers.get('access-control-expose-headers')).toContain('idempotent-replayed');
    });

    it('allows only the origins CORS_ORIGINS lists, when it lists some', async () => {
      expect(loadConfig({}).corsOrigins).toEqual(['*']);
      expect(loadConfig({ CORS_ORIGINS: 'https://shop-a.example, https://www.shop-b.example' }).corsOrigins).toEqual(['https://shop-a.example', 'https://www.shop-b.example']);

      process.env.CORS_ORIGINS = 'https://shop-a.example,https://www.shop-b.example';
      resetConfig();
      const app = await createApp({ docs: 'none' });
      try {
        await app.listen(0, '127.0.0.1');
        const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
        const preflight = (origin: string) =>
          fetch(`${url}/products`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-publishable-key' } });
        expect((await preflight('https://www.shop-b.example')).headers.get('access-control-allow-origin')).toBe('https://www.shop-b.example');
        expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
      } finally {
        await app.close();
        delete process.env.CORS_ORIGINS;
        resetConfig();
      }
    });
  });
});
