import { TestSystem } from '../support/test-system';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectOk, storefrontShop } from '../support/storefront';
import { storefrontPage } from '../../src/modules/storefront';
import { handler as storefrontHtml } from '../../src/handlers/storefront-html';

/**
 * A shop's storefront domains (`storefront.domains`, each held by one shop through a claim
 * written in the same transaction as the settings) and the public GET /storefront/config that
 * maps a host (or, locally, a shop's code) to the shop and its publishable key.
 */
describe('storefront domains and config', () => {
  let system: TestSystem;
  let a: { admin: string; key: string };
  let b: { admin: string; key: string };

  beforeAll(async () => {
    system = await TestSystem.start();
    const shopA = await storefrontShop(system, 'front-a');
    const shopB = await storefrontShop(system, 'front-b');
    a = { admin: shopA.shop.admin(), key: shopA.key };
    b = { admin: shopB.shop.admin(), key: shopB.key };
  });
  afterAll(() => system.stop());

  const settingsOf = async (admin: string) => (await expectOk(system.request('GET', '/settings', { token: admin }))).body;
  const patch = async (admin: string, storefront: unknown) => system.request('PATCH', '/settings', { token: admin, body: { expectedVersion: (await settingsOf(admin)).version, storefront } });
  const config = (query: string) => system.request('GET', `/storefront/config${query}`);

  it('maps a host, and a shop by its code, to the shop and its publishable key (no token, no key)', async () => {
    const written = await expectOk(patch(a.admin, { domains: ['shop-a.example.com', 'localhost'], publishableKey: a.key }));
    expect(written.body.storefront).toEqual({ domains: ['shop-a.example.com', 'localhost'], publishableKey: a.key });
    const payment = {
      provider: 'test',
      onlineMethods: ['card'],
      offlineMethods: [
        { code: 'manual', name: 'Manual', kind: 'on_delivery' },
        { code: 'cash_on_delivery', name: 'Cash on delivery', kind: 'on_delivery' },
      ],
    };
    const expected = { tenant: 'front-a', publishableKey: a.key, name: 'Shop front-a', currency: 'EUR', payment };
    expect((await expectOk(config('?host=shop-a.example.com'))).body).toEqual(expected);
    expect((await expectOk(config('?host=localhost'))).body).toEqual(expected);
    expect((await expectOk(config('?tenant=front-a'))).body).toEqual(expected);
  });

  it("says how shoppers pay: the provider, the online methods and the offline ones with the shop's words; Stripe's publishable key only while the shop uses Stripe", async () => {
    await expectOk(patch(a.admin, { domains: ['shop-a.example.com'], publishableKey: a.key }));
    const instructions = 'Transfer the total to IBAN DE89 3704 0044 0532 0130 00 with your order number as the reference.';
    const methods = ['cash_on_delivery', { method: 'bank_transfer', kind: 'before_shipping', name: 'Bank transfer (SEPA)', instructions }, { method: 'invoice', kind: 'on_delivery' }];
    const settings = async (changes: object) => expectOk(system.request('PATCH', '/settings', { token: a.admin, body: { expectedVersion: (await settingsOf(a.admin)).version, ...changes } }));
    const written = await settings({ offlinePaymentMethods: methods, stripePublishableKey: 'pk_test_51AbCdEfGh' });
    expect(written.body).toMatchObject({ offlinePaymentMethods: methods, stripePublishableKey: 'pk_test_51AbCdEfGh' });
    const offlineMethods = [
      { code: 'cash_on_delivery', name: 'Cash on delivery', kind: 'on_delivery' },
      { code: 'bank_transfer', name: 'Bank transfer (SEPA)', kind: 'before_shipping', instructions },
      { code: 'invoice', name: 'Invoice', kind: 'on_delivery' },
    ];
    // The test provider: the Stripe key stays out of the answer.
    expect((await expectOk(config('?tenant=front-a'))).body.payment).toEqual({ provider: 'test', onlineMethods: ['card'], offlineMethods });
    await settings({ paymentProvider: 'stripe' });
    expect((await expectOk(config('?host=shop-a.example.com'))).body.payment).toEqual({ provider: 'stripe', onlineMethods: ['card'], offlineMethods, stripePublishableKey: 'pk_test_51AbCdEfGh' });
    // The newest settings count at once (read from the command table, not the lagging data table).
    await settings({ paymentProvider: 'test', offlinePaymentMethods: ['manual'] });
    expect((await expectOk(config('?tenant=front-a'))).body.payment).toEqual({ provider: 'test', onlineMethods: ['card'], offlineMethods: [{ code: 'manual', name: 'Manual', kind: 'on_delivery' }] });
  });

  it("refuses a Stripe secret key as the publishable key, and offline methods' words that are empty or too long, with 400 naming the field, writing nothing", async () => {
    const before = await settingsOf(a.admin);
    const refused = async (changes: object) => {
      const reply = await system.request('PATCH', '/settings', { token: a.admin, body: { expectedVersion: before.version, ...changes } });
      expect(reply.status).toBe(400);
      return reply.body.fields;
    };
    expect(await refused({ stripePublishableKey: 'sk_test_51AbCdEfGh' })).toEqual([{ field: 'stripePublishableKey', problem: expect.stringContaining('never a secret') }]);
    expect(await refused({ stripePublishableKey: 'rk_live_51AbCdEfGh' })).toEqual([{ field: 'stripePublishableKey', problem: expect.stringContaining('publishable key') }]);
    expect(await refused({ offlinePaymentMethods: [{ method: 'wire', kind: 'before_shipping', instructions: ' ' }] })).toEqual([{ field: 'offlinePaymentMethods', problem: expect.stringContaining('entry 0') }]);
    expect(await refused({ offlinePaymentMethods: ['manual', { method: 'wire', kind: 'before_shipping', name: 'x'.repeat(61) }] })).toEqual([{ field: 'offlinePaymentMethods', problem: expect.stringContaining('entry 1') }]);
    expect(await refused({ offlinePaymentMethods: [{ method: 'wire', kind: 'before_shipping', instructions: 'x'.repeat(1001) }] })).toEqual([{ field: 'offlinePaymentMethods', problem: expect.stringContaining('instructions') }]);
    expect(await settingsOf(a.admin)).toEqual(before);
  });

  it("carries the shop's time zone once it has one (absent before)", async () => {
    const zoned = await storefrontShop(system, 'front-zone');
    const admin = zoned.shop.admin();
    await expectOk(patch(admin, { domains: ['shop-zone.example.com'], publishableKey: zoned.key }));
    expect((await expectOk(config('?host=shop-zone.example.com'))).body.timeZone).toBeUndefined();
    await expectOk(system.request('PATCH', '/settings', { token: admin, body: { expectedVersion: (await settingsOf(admin)).version, timeZone: 'Pacific/Auckland' } }));
    const expected = { tenant: 'front-zone', publishableKey: zoned.key, name: 'Shop front-zone', currency: 'EUR', timeZone: 'Pacific/Auckland', payment: expect.any(Object) };
    expect((await expectOk(config('?host=shop-zone.example.com'))).body).toEqual(expected);
    expect((await expectOk(config('?tenant=front-zone'))).body).toEqual(expected);
  });

  it('refuses a domain another shop holds with 409 domain_taken naming it, and writes nothing', async () => {
    await expectOk(patch(a.admin, { domains: ['shop-a.example.com'], publishableKey: a.key }));
    const before = await settingsOf(b.admin);
    const taken = await patch(b.admin, { domains: ['shop-b.example.com', 'shop-a.example.com'], publishableKey: b.key });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ reason: 'domain_taken', domain: 'shop-a.example.com' });
    expect(await settingsOf(b.admin)).toEqual(before);
    // Nothing of b's list was claimed: the first domain is still free.
    expect((await config('?host=shop-b.example.com')).body).toMatchObject({ statusCode: 404, reason: 'unknown_host' });
    // A domain a shop drops is free for another at once.
    await expectOk(patch(a.admin, { domains: ['shop-a2.example.com'], publishableKey: a.key }));
    await expectOk(patch(b.admin, { domains: ['shop-a.example.com'], publishableKey: b.key }));
    expect((await expectOk(config('?host=shop-a.example.com'))).body).toMatchObject({ tenant: 'front-b', publishableKey: b.key });
    expect((await expectOk(config('?host=shop-a2.example.com'))).body).toMatchObject({ tenant: 'front-a', publishableKey: a.key });
  });

  it('answers 404 unknown_host for a host no shop has, and for a shop without its storefront enabled', async () => {
    for (const query of ['?host=nobody.example.com', '?tenant=nobody', '?tenant=front-c']) {
      const reply = await config(query);
      expect(reply.status).toBe(404);
      expect(reply.body.reason).toBe('unknown_host');
    }
    await storefrontShop(system, 'front-c'); // has keys, but no storefront set
    expect((await config('?tenant=front-c')).body.reason).toBe('unknown_host');
    // Domains without a key: the host is held, the storefront not yet enabled.
    await expectOk(system.request('PATCH', '/settings', { token: (await system.createTenant('front-d')).admin(), body: { expectedVersion: 0, storefront: { domains: ['shop-d.example.com'] } } }));
    expect((await config('?host=shop-d.example.com')).body.reason).toBe('unknown_host');
  });

  it("keeps shops apart: another shop's key is refused as a storefront key", async () => {
    const reply = await patch(b.admin, { domains: ['shop-b.example.com'], publishableKey: a.key });
    expect(reply.status).toBe(400);
    expect(reply.body.fields).toEqual([{ field: 'storefront.publishableKey', problem: "must be one of the shop's active publishable keys" }]);
    // A shop's answer never carries another shop's key.
    expect((await expectOk(config('?tenant=front-b'))).body.publishableKey).toBe(b.key);
    expect((await expectOk(config('?tenant=front-a'))).body.publishableKey).toBe(a.key);
  });

  it('refuses bad domains and queries with 400 naming the field', async () => {
    const field = async (reply: Promise<{ status: number; body: any }>) => {
      const answer = await reply;
      expect(answer.status).toBe(400);
      return answer.body.fields.map((f: { field: string }) => f.field);
    };
    expect(await field(patch(a.admin, { domains: ['Shop.Example.com'] }))).toEqual(['storefront.domains']);
    expect(await field(patch(a.admin, { domains: ['https://shop.example.com/'] }))).toEqual(['storefront.domains']);
    expect(await field(patch(a.admin, { domains: ['x.example.com', 'x.example.com'] }))).toEqual(['storefront.domains']);
    expect(await field(patch(a.admin, { domains: ['x.example.com'], extra: 1 }))).toEqual(['storefront.extra']);
    expect(await field(config(''))).toEqual(['host']);
    expect(await field(config('?host=a.example.com&tenant=front-a'))).toEqual(['tenant']);
    expect(await field(config('?host=A..b'))).toEqual(['host']);
  });

  describe('crawler pages of a storefront host', () => {
    const shell = '<!doctype html><html><head><title>Store</title></head><body><div id="root"></div></body></html>';

    it('writes the tags of a product of the shop the host belongs to; an unknown product is the plain shell with 404; no shop: nothing', async () => {
      await expectOk(patch(a.admin, { domains: ['shop-a2.example.com'], publishableKey: a.key }));
      const page = await storefrontPage(system.url, { path: '/products/TEE', host: 'shop-a2.example.com' }, shell);
      expect(page!.status).toBe(200);
      expect(page!.html).toContain('<title>T-shirt | Shop front-a</title>');
      expect(page!.html).toContain('"price":"20.00","priceCurrency":"EUR"');
      expect(page!.html).toContain('<link rel="canonical" href="https://shop-a2.example.com/products/TEE">');
      expect(await storefrontPage(system.url, { path: '/products/NOPE', host: 'shop-a2.example.com' }, shell)).toEqual({ status: 404, html: shell });
      expect(await storefrontPage(system.url, { path: '/products/TEE', host: 'nobody.example.com' }, shell)).toBeUndefined();
      expect(await storefrontPage(system.url, { path: '/cart', host: 'shop-a2.example.com' }, shell)).toBeUndefined();
      // Locally any shop by ?shop=, whatever the host.
      expect((await storefrontPage(system.url, { path: '/products/TEE', host: 'localhost:5176', shop: 'front-b' }, shell))!.html).toContain('<title>T-shirt | Shop front-b</title>');
    });

    it("a product page carries the shop's config, the product and its reviews as a visitor reads them, for the app to start from; an unknown product none", async () => {
      const data = (html: string) => JSON.parse(/<script type="application\/json" id="storefront-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
      const visitor = { headers: { 'x-publishable-key': a.key } };
      const before = Date.now();
      const page = await storefrontPage(system.url, { path: '/products/TEE', host: 'localhost:5176', shop: 'front-a' }, shell);
      const written = data(page!.html);
      expect(written).toEqual({
        path: '/products/TEE',
        at: expect.any(Number),
        shop: (await expectOk(config('?tenant=front-a'))).body,
        product: (await expectOk(system.request('GET', '/products/TEE', visitor))).body,
        reviews: (await expectOk(system.request('GET', '/products/TEE/reviews', visitor))).body,
      });
      expect(written.at).toBeGreaterThanOrEqual(before);
      expect(written.shop.publishableKey).toBe(a.key);
      expect(await storefrontPage(system.url, { path: '/products/NOPE', host: 'localhost:5176', shop: 'front-a' }, shell)).toEqual({ status: 404, html: shell });
      expect((await storefrontPage(system.url, { path: '/categories/none', host: 'localhost:5176', shop: 'front-a' }, shell))!.html).not.toContain('storefront-data');
    });

    it("a host no shop claims is the default shop's when the server has one, as the app falls back to it", async () => {
      const page = await storefrontPage(system.url, { path: '/products/TEE', host: '127.0.0.1:5176', defaultShop: 'front-b' }, shell);
      expect(page!.html).toContain('<title>T-shirt | Shop front-b</title>');
      expect(page!.html).toContain(`"publishableKey":"${b.key}"`);
      expect(await storefrontPage(system.url, { path: '/products/TEE', host: '127.0.0.1:5176' }, shell)).toBeUndefined();
    });

    it('the storefront-html function serves them with the shell it fetched, and the plain shell for any other page', async () => {
      const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(shell));
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      Object.assign(process.env, { API_URL: system.url, STOREFRONT_SHELL_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html` });
      try {
        const product = await storefrontHtml({ rawPath: '/products/TEE', headers: { 'x-forwarded-host': 'shop-a2.example.com', host: 'abc.lambda-url.us-east-1.on.aws' } });
        expect(product).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
        expect(product.body).toContain('<meta property="og:type" content="product">');
        expect((await storefrontHtml({ rawPath: '/products/NOPE', headers: { 'x-forwarded-host': 'shop-a2.example.com' } })).statusCode).toBe(404);
        expect(await storefrontHtml({ rawPath: '/products/TEE', headers: { 'x-forwarded-host': 'nobody.example.com' } })).toMatchObject({ statusCode: 200, body: shell });
      } finally {
        server.close();
      }
    });
  });
});
