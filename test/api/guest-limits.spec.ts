import type { Context } from 'aws-lambda';
import { resetConfig } from '../../src/config';
import { handler as api, HttpResult } from '../../src/handlers/api';
import { commandCount } from '../support/commands';
import { mailsOf } from '../support/shop';
import { expectOk, guest, readyGuestCart, stockLevel, storefrontShop } from '../support/storefront';
import { TenantTokens, TestSystem } from '../support/test-system';

/**
 * Issue 18, finding 2 (guest checkout as an open mail relay), the per-client half of finding 3
 * and finding 8: what one guest, one client (network address) or one order may do, against the
 * real API and the real stream handlers.
 */
describe('guest limits: per mailbox, per client, per key, per recipient, per order (DynamoDB Local + real stream handlers)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  /**
   * The limits count in fixed windows: a test that needs `seconds` inside one window starts at
   * the next window when the current one has less left (waiting, never asserting on time).
   */
  const withinOneWindow = async (windowSeconds: number, seconds: number) => {
    const left = windowSeconds * 1000 - (Date.now() % (windowSeconds * 1000));
    if (left < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  };
  const setLimits = async (shop: TenantTokens, limits: Record<string, number>) => {
    const registry = await system.request('GET', `/tenants/${shop.code}`, { token: systemAdmin() });
    await expectOk(system.request('PATCH', `/tenants/${shop.code}`, { token: systemAdmin(), body: { expectedVersion: registry.body.version, limits } }));
  };
  const systemAdmin = () => new TenantTokens('system').as('system-admin', 'root');

  it("answers a guest's 61st order in an hour per normalized email (case and +tag variants are one mailbox) with 429, limit and retryAfterSeconds, and writes nothing; another mailbox still orders", async () => {
    const { shop, key } = await storefrontShop(system, 'gl-mailbox', { onHand: 100 });
    await withinOneWindow(3600, 90);
    const spellings = (i: number) => [`ada@example.com`, `Ada@Example.COM`, `ada+shop${i}@example.com`, `ADA+${i}@EXAMPLE.com`][i % 4];
    for (let batch = 0; batch < 60; batch += 10) {
      const carts = await Promise.all(Array.from({ length: 10 }, (_, i) => readyGuestCart(system, key, [{ sku: 'BOOK-1', quantity: 1 }], { email: spellings(batch + i) })));
      await Promise.all(carts.map((c) => expectOk(c.call('POST', `/carts/${c.id}/complete`, { expectedVersion: c.version, paymentMethod: 'manual' }))));
    }
    const sixtyFirst = await readyGuestCart(system, key, [{ sku: 'BOOK-1', quantity: 1 }], { email: 'ada+one-more@Example.com' });
    const refused = await sixtyFirst.call('POST', `/carts/${sixtyFirst.id}/complete`, { expectedVersion: sixtyFirst.version, paymentMethod: 'manual' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ limit: 'customerActionsPerHour', retryAfterSeconds: expect.any(Number) });
    expect(refused.body.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.body.retryAfterSeconds).toBeLessThanOrEqual(3600);
    // Nothing written: no order, the cart still active at the version reviewed.
    expect(await commandCount('gl-mailbox', 'ORDER#')).toBe(60);
    const cart = await sixtyFirst.call('GET', `/carts/${sixtyFirst.id}`);
    expect([cart.body.status, cart.body.version]).toEqual(['active', sixtyFirst.version]);

    const other = await readyGuestCart(system, key, [{ sku: 'BOOK-1', quantity: 1 }], { email: 'bob@example.com' });
    expect((await other.call('POST', `/carts/${other.id}/complete`, { expectedVersion: other.version, paymentMethod: 'manual' })).status).toBe(201);
    await system.sync();
    expect((await stockLevel(system, shop, 'BOOK-1')).reserved).toBe(61);
    // 61 guest carts filled and completed: a few seconds on a quiet machine, much more on a busy one.
  }, 300_000);

  it('limits the carts, completions and payment starts of one client (429 naming the limit); a retried completion is not counted again', async () => {
    const { shop, key } = await storefrontShop(system, 'gl-client');
    await setLimits(shop, { guestCartsPerClientPerMinute: 3, guestCheckoutsPerClientPerMinute: 2, guestPaymentsPerClientPerMinute: 1 });
    await withinOneWindow(60, 20);
    const carts: Awaited<ReturnType<typeof readyGuestCart>>[] = [];
    for (let i = 0; i < 3; i++) carts.push(await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 1 }], { email: `shopper${i}@example.com` }));
    const fourth = await guest(system, key)('POST', '/carts');
    expect(fourth.status).toBe(429);
    expect(fourth.body).toMatchObject({ limit: 'guestCartsPerClientPerMinute', retryAfterSeconds: expect.any(Number) });
    expect(fourth.body.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await commandCount('gl-client', 'CART#')).toBe(3 * 5);

    const complete = (c: Awaited<ReturnType<typeof readyGuestCart>>) => c.call('POST', `/carts/${c.id}/complete`, { expectedVersion: c.version, paymentMethod: 'card' });
    expect((await complete(carts[0])).status).toBe(201);
    expect((await complete(carts[1])).status).toBe(201);
    const third = await complete(carts[2]);
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ limit: 'guestCheckoutsPerClientPerMinute', retryAfterSeconds: expect.any(Number) });
    expect(await commandCount('gl-client', 'ORDER#')).toBe(2);
    // A retry of a completion that succeeded gets its order: retries are safe, not new actions.
    expect((await complete(carts[0])).status).toBe(200);

    await system.sync();
    expect((await expectOk(carts[0].call('POST', `/carts/${carts[0].id}/payments`, {}))).status).toBe(201);
    const secondPayment = await carts[1].call('POST', `/carts/${carts[1].id}/payments`, {});
    expect(secondPayment.status).toBe(429);
    expect(secondPayment.body).toMatchObject({ limit: 'guestPaymentsPerClientPerMinute', retryAfterSeconds: expect.any(Number) });
    expect((await carts[1].call('GET', `/carts/${carts[1].id}/payments`)).body.items).toEqual([]);
  });

  it("caps a publishable key's guest actions per minute, whatever the clients: the shop's ceiling", async () => {
    const { shop, key } = await storefrontShop(system, 'gl-key');
    await setLimits(shop, { guestActionsPerKeyPerMinute: 2 });
    await withinOneWindow(60, 10);
    expect((await guest(system, key)('POST', '/carts')).status).toBe(201);
    expect((await guest(system, key)('POST', '/carts')).status).toBe(201);
    const third = await guest(system, key)('POST', '/carts');
    expect(third).toMatchObject({ status: 429, body: { limit: 'guestActionsPerKeyPerMinute', retryAfterSeconds: expect.any(Number) } });
    // Another key of the same shop has its own ceiling; customers are not guests.
    const other = (await expectOk(system.request('POST', '/publishable-keys', { token: shop.admin(), body: { label: 'kiosk' } }))).body.key;
    expect((await guest(system, other)('POST', '/carts')).status).toBe(201);
    expect((await system.request('POST', '/carts', { token: shop.customer('carla') })).status).toBe(201);
  });

  it('knows a guest by the HTTP API event\'s source IP, behind CloudFront (BEHIND_CLOUDFRONT=true) by the viewer address, an IPv6 guest by its /64, and never by X-Forwarded-For', async () => {
    const { shop, key } = await storefrontShop(system, 'gl-address');
    await setLimits(shop, { guestCartsPerClientPerMinute: 1 });
    await withinOneWindow(60, 20);
    const context = { getRemainingTimeInMillis: () => 29_000 } as Context;
    const openCart = async (sourceIp: string, headers: Record<string, string> = {}) => {
      const event = {
        version: '2.0',
        routeKey: '$default',
        rawPath: '/carts',
        rawQueryString: '',
        headers: { 'x-publishable-key': key, ...headers },
        requestContext: { http: { method: 'POST', path: '/carts', protocol: 'HTTP/1.1', sourceIp, userAgent: 'jest' }, requestId: `req-${Math.random()}`, stage: '$default', timeEpoch: Date.now() },
        isBase64Encoded: false,
      };
      const result: HttpResult = await api(event, context);
      return { status: result.statusCode, body: JSON.parse(result.body ?? '{}') };
    };
    expect((await openCart('203.0.113.10')).status).toBe(201);
    // The same address, whatever it claims to forward for: refused.
    const forwarded = await openCart('203.0.113.10', { 'x-forwarded-for': '198.51.100.77', 'cloudfront-viewer-address': '198.51.100.78:443' });
    expect(forwarded).toMatchObject({ status: 429, body: { limit: 'guestCartsPerClientPerMinute' } });
    expect((await openCart('203.0.113.11')).status).toBe(201);
    expect((await openCart('2001:db8:aa:bb::1')).status).toBe(201);
    expect((await openCart('2001:db8:aa:bb:ffff::2')).status).toBe(429);

    process.env.BEHIND_CLOUDFRONT = 'true';
    resetConfig();
    try {
      // CloudFront's own addresses are the source: the viewer's address decides.
      expect((await openCart('130.176.1.1', { 'cloudfront-viewer-address': '192.0.2.50:51234' })).status).toBe(201);
      expect((await openCart('130.176.1.2', { 'cloudfront-viewer-address': '192.0.2.50:40000' })).status).toBe(429);
      expect((await openCart('130.176.1.2', { 'cloudfront-viewer-address': '192.0.2.51:40000' })).status).toBe(201);
      expect((await openCart('130.176.1.3', { 'cloudfront-viewer-address': '2001:db8:cc:dd::7:443' })).status).toBe(201);
      expect((await openCart('130.176.1.3', { 'cloudfront-viewer-address': '2001:db8:cc:dd:1::8:443' })).status).toBe(429);
    } finally {
      delete process.env.BEHIND_CLOUDFRONT;
      resetConfig();
    }
  });

  it('caps the mails to one guest address per hour (by normalized mailbox): past the cap they are recorded skipped with the reason, never sent; other addresses get theirs', async () => {
    const { shop, key } = await storefrontShop(system, 'gl-mails');
    await setLimits(shop, { mailsPerRecipientPerHour: 3 });
    await withinOneWindow(3600, 30);
    // Each offline order mails twice: placed (pending) and confirmed.
    for (const email of ['eve@example.com', 'Eve+again@example.com', 'zoe@example.com']) {
      const c = await readyGuestCart(system, key, [{ sku: 'BOOK-1', quantity: 1 }], { email });
      await expectOk(c.call('POST', `/carts/${c.id}/complete`, { expectedVersion: c.version, paymentMethod: 'manual' }));
      await system.sync();
    }
    const outbox: { to?: string; status: string; skippedReason?: string }[] = (await expectOk(system.request('GET', '/notifications', { token: shop.admin() }))).body.items;
    const toEve = outbox.filter((m) => m.to?.toLowerCase().startsWith('eve'));
    expect(toEve).toHaveLength(4);
    expect(toEve.filter((m) => m.status === 'sent')).toHaveLength(3);
    expect(toEve.filter((m) => m.status === 'skipped')).toEqual([expect.objectContaining({ skippedReason: expect.stringContaining('mailsPerRecipientPerHour') })]);
    const sentFiles = [...mailsOf('gl-mails').values()];
    expect(sentFiles.filter((m) => /To: eve/i.test(m))).toHaveLength(3);
    expect(outbox.filter((m) => m.to === 'zoe@example.com').map((m) => m.status)).toEqual(['sent', 'sent']);
  });

  it('holds at most guestHeldUnitsPerSkuPerClient units of one SKU for the guests of one client, whatever emails they give; a cancel gives the room back', async () => {
    const { shop, key } = await storefrontShop(system, 'gl-held', { onHand: 100 });
    await setLimits(shop, { guestHeldUnitsPerSkuPerClient: 10 });
    const orders: string[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 3 }], { email: `hoarder${i}@example.com` });
      orders.push((await expectOk(c.call('POST', `/carts/${c.id}/complete`, { expectedVersion: c.version, paymentMethod: 'manual' }))).body.code);
      await system.sync();
    }
    const states = await Promise.all(orders.map(async (code) => (await system.request('GET', `/orders/${code}`, { token: shop.admin() })).body.attributes));
    expect(states.map((o) => o.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'cancelled', 'cancelled', 'cancelled']);
    expect(states.slice(3).every((o) => o.cancelReason === 'held_limit' && o.heldLimitSkus[0] === 'TEE-M')).toBe(true);
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 100, reserved: 9, available: 91 });

    const first = (await system.request('GET', `/orders/${orders[0]}`, { token: shop.admin() })).body;
    await expectOk(system.request('PATCH', `/orders/${orders[0]}/status`, { token: shop.admin(), body: { status: 'cancelled', expectedVersion: first.version } }));
    await system.sync();
    const again = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 3 }], { email: 'hoarder9@example.com' });
    const code = (await expectOk(again.call('POST', `/carts/${again.id}/complete`, { expectedVersion: again.version, paymentMethod: 'manual' }))).body.code;
    await system.sync();
    expect((await system.request('GET', `/orders/${code}`, { token: shop.admin() })).body.attributes.status).toBe('confirmed');
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 100, reserved: 9, available: 91 });
  });

  describe('payment attempts of one order', () => {
    const awaitingPayment = async (tenant: string) => {
      const { shop, key } = await storefrontShop(system, tenant);
      const cart = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 1 }]);
      const order = (await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: 'card' }))).body.code as string;
      await system.sync();
      return { shop, cart, order, start: () => cart.call('POST', `/carts/${cart.id}/payments`, {}) };
    };

    it('a start refused on the way (409 no_payment_provider) uses up no attempt number: the next start is P1', async () => {
      const { shop, order, start } = await awaitingPayment('gl-pay-number');
      await expectOk(system.request('PATCH', '/settings', { token: shop.admin(), body: { expectedVersion: 1, paymentProvider: 'stripe' } }));
      expect((await start()).body).toMatchObject({ statusCode: 409, reason: 'no_payment_provider' });
      await expectOk(system.request('PATCH', '/settings', { token: shop.admin(), body: { expectedVersion: 2, paymentProvider: 'test' } }));
      expect((await expectOk(start())).body.code).toBe(`${order}-P1`);
      expect((await expectOk(start())).body.code).toBe(`${order}-P2`);
    });

    it('an order has at most maxPaymentAttemptsPerOrder payments: then 409 payment_attempts_exhausted naming the limit, and no provider call', async () => {
      const { shop, cart, order, start } = await awaitingPayment('gl-pay-cap');
      await setLimits(shop, { maxPaymentAttemptsPerOrder: 2 });
      expect((await expectOk(start())).body.code).toBe(`${order}-P1`);
      expect((await expectOk(start())).body.code).toBe(`${order}-P2`);
      const third = await start();
      expect(third).toMatchObject({ status: 409, body: { reason: 'payment_attempts_exhausted', limit: 'maxPaymentAttemptsPerOrder' } });
      expect((await cart.call('GET', `/carts/${cart.id}/payments`)).body.items.map((p: { code: string }) => p.code)).toEqual([`${order}-P2`, `${order}-P1`]);
      expect(await commandCount('gl-pay-cap', `PAYMENT#${order}-P3`)).toBe(0);
    });

    it('starts racing for one order get numbers without gaps, each payment its own authorization', async () => {
      const { cart, order, start } = await awaitingPayment('gl-pay-race');
      const replies = await Promise.all(Array.from({ length: 6 }, () => start()));
      expect(replies.every((r) => r.status === 201)).toBe(true);
      const listed: { code: string; attributes: { providerReference: string } }[] = (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items;
      const numbers = listed.map((p) => Number(p.code.slice(`${order}-P`.length))).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
      expect(new Set(replies.map((r) => r.body.code)).size).toBe(listed.length);
      expect(new Set(listed.map((p) => p.attributes.providerReference)).size).toBe(listed.length);
    });
  });
});
