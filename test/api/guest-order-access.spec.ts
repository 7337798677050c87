import { Reply, TestSystem } from '../support/test-system';
import { customer, expectOk, guest, readyGuestCart, storefrontShop } from '../support/storefront';
import { mailsOf } from '../support/shop';
import { useFrozenClock } from '../support/frozen-clock';

const DAY_MS = 86_400_000;

/**
 * A guest follows their order with the order token from checkout (`x-order-token`, beside the
 * shop's publishable key): read it and its history, pay for it, ask for a return. That order
 * only. Real DynamoDB Local, real stream handler, production defaults.
 */
describe('guest order access: the order token from checkout opens that one order', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  /** A guest checkout: the complete response, and calls with the publishable key and the order token. */
  async function guestOrder(key: string, paymentMethod = 'cash_on_delivery', email = 'guest@example.com') {
    const cart = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 2 }], { email });
    const completed = await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod }));
    const orderToken: string = completed.body.orderToken;
    const withToken = (token: string) => (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) =>
      guest(system, key)(method, path, body, { 'x-order-token': token, ...extra });
    return { cart, completed, code: completed.body.code as string, orderToken, call: withToken(orderToken), withToken };
  }

  const statusOf = (reply: Reply) => [reply.status, reply.body?.message];

  it('gives a guest an order token at checkout; with it the guest reads that order and its history, and the mail links to it in the fragment', async () => {
    const { key } = await storefrontShop(system, 'goa-read');
    const logged: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any, ...rest: any[]) => (logged.push(String(chunk)), write(chunk, ...rest)));
    try {
      const { code, orderToken, completed, call } = await guestOrder(key);
      expect(completed.status).toBe(201);
      expect(orderToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      await system.sync();

      const read = await expectOk(call('GET', `/orders/${code}`));
      expect(read.body).toMatchObject({ code, attributes: { status: 'confirmed', guest: true } });
      const history = await expectOk(call('GET', `/orders/${code}/history`));
      expect(history.body.versions.map((v: { toStatus: string }) => v.toStatus)).toEqual(['pending', 'confirmed']);

      const mail = mailsOf('goa-read').get(`${code}.v1`)!;
      const link = /Follow your order: (\S+)\/orders\/(ORD-\d+)#token=([A-Za-z0-9_-]{43})/.exec(mail);
      expect(link?.[2]).toBe(code);
      // The mail's token is its own, and it opens the order too.
      await expectOk(guest(system, key)('GET', `/orders/${code}`, undefined, { 'x-order-token': link![3] }));
      for (const line of logged) {
        expect(line).not.toContain(orderToken);
        expect(line).not.toContain(link![3]);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it("refuses another order, a forged token, a missing key or token, and another shop's callers", async () => {
    const { shop, key } = await storefrontShop(system, 'goa-deny');
    const a = await guestOrder(key, 'cash_on_delivery', 'a@example.com');
    const b = await guestOrder(key, 'cash_on_delivery', 'b@example.com');
    await system.sync();

    // A's token on B: not found (no enumeration), on every route it opens.
    for (const path of [`/orders/${b.code}`, `/orders/${b.code}/history`, `/orders/${b.code}/returns`, `/orders/${b.code}/payments`]) {
      expect((await a.call('GET', path)).status).toBe(404);
    }
    expect((await a.call('POST', `/orders/${b.code}/returns`, { lines: [{ sku: 'TEE-M', quantity: 1 }], reason: 'x' })).status).toBe(404);
    expect((await a.call('POST', `/orders/${b.code}/payments`, {})).status).toBe(404);

    const forged = a.orderToken.slice(0, -2) + (a.orderToken.endsWith('AA') ? 'BB' : 'AA');
    expect(statusOf(await a.withToken(forged)('GET', `/orders/${a.code}`))).toEqual([401, 'invalid order token (x-order-token): use the token from checkout or the order mail']);
    expect((await a.withToken('not-a-token')('GET', `/orders/${a.code}`)).status).toBe(401);
    // The key alone opens no order.
    expect(statusOf(await guest(system, key)('GET', `/orders/${a.code}`))).toEqual([401, 'a guest needs the order token from checkout or the order mail (x-order-token)']);
    // The token without the shop's key: no caller at all.
    expect((await system.request('GET', `/orders/${a.code}`, { headers: { 'x-order-token': a.orderToken } })).status).toBe(401);

    // Another shop: its key with this token is refused, its customer (token ignored) sees no such order.
    const other = await storefrontShop(system, 'goa-other');
    expect((await guest(system, other.key)('GET', `/orders/${a.code}`, undefined, { 'x-order-token': a.orderToken })).status).toBe(401);
    expect((await customer(system, other.shop.customer('eve'))('GET', `/orders/${a.code}`, undefined, { 'x-order-token': a.orderToken })).status).toBe(404);
    // A customer of the same shop: the header does not widen what they see.
    expect((await customer(system, shop.customer('eve'))('GET', `/orders/${a.code}`, undefined, { 'x-order-token': a.orderToken })).status).toBe(404);
  });

  it('wrong order tokens count against the guest client: 429 naming the limit after 20 a minute', async () => {
    const { key } = await storefrontShop(system, 'goa-guess');
    const { code, withToken, call } = await guestOrder(key);
    for (let i = 0; i < 20; i++) {
      const guess = `${String(i).padStart(2, '0')}${'x'.repeat(41)}`;
      expect((await withToken(guess)('GET', `/orders/${code}`)).status).toBe(401);
    }
    expect((await withToken('y'.repeat(43))('GET', `/orders/${code}`)).body).toMatchObject({ statusCode: 429, limit: 'wrongOrderTokensPerClientPerMinute' });
    // The right token is not a guess: it still opens the order.
    await expectOk(call('GET', `/orders/${code}`));
  });

  it('a guest pays and retries a payment for its order by the order token, safe to retry with an Idempotency-Key', async () => {
    const { key } = await storefrontShop(system, 'goa-pay');
    const { code, call } = await guestOrder(key, 'card');
    await system.sync();
    expect((await expectOk(call('GET', `/orders/${code}`))).body.attributes.status).toBe('awaiting_payment');

    const first = await call('POST', `/orders/${code}/payments`, {}, { 'idempotency-key': 'payment-1' });
    expect(first).toMatchObject({ status: 201, body: { code: `${code}-P1`, attributes: { orderCode: code } } });
    const replay = await call('POST', `/orders/${code}/payments`, {}, { 'idempotency-key': 'payment-1' });
    expect(replay).toMatchObject({ status: 201, body: { code: `${code}-P1` } });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const retry = await call('POST', `/orders/${code}/payments`, {}, { 'idempotency-key': 'payment-2' });
    expect(retry).toMatchObject({ status: 201, body: { code: `${code}-P2` } });
    const listed = await expectOk(call('GET', `/orders/${code}/payments`));
    expect(listed.body.items.map((p: { code: string }) => p.code)).toEqual([`${code}-P2`, `${code}-P1`]);
  });

  it('a retried checkout gives the guest a fresh token for the same order; both open it', async () => {
    const { key } = await storefrontShop(system, 'goa-retry');
    const { cart, code, orderToken, withToken } = await guestOrder(key);
    const again = await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: 'cash_on_delivery' }));
    expect(again).toMatchObject({ status: 200, body: { code } });
    expect(again.body.orderToken).not.toBe(orderToken);
    await expectOk(withToken(orderToken)('GET', `/orders/${code}`));
    await expectOk(withToken(again.body.orderToken)('GET', `/orders/${code}`));
  });

  describe('returns by the order token', () => {
    const clock = useFrozenClock();

    it('a guest asks for a return after delivery (refused before delivery and after the window, as today), once per Idempotency-Key; the token ends 90 days after delivery', async () => {
      const { shop, key } = await storefrontShop(system, 'goa-return');
      const { code, call } = await guestOrder(key);
      await system.sync();
      const admin = customer(system, shop.admin());
      const ask = (idempotencyKey: string) => call('POST', `/orders/${code}/returns`, { lines: [{ sku: 'TEE-M', quantity: 1 }], reason: 'too small' }, { 'idempotency-key': idempotencyKey });

      const confirmed = (await expectOk(call('GET', `/orders/${code}`))).body;
      expect((await ask('return-early')).body).toMatchObject({ statusCode: 409, status: 'confirmed' });
      const processing = await expectOk(admin('PATCH', `/orders/${code}/status`, { status: 'processing', expectedVersion: confirmed.version }));
      const shipped = await expectOk(admin('POST', `/orders/${code}/shipments`, { expectedVersion: processing.body.version, carrier: 'DHL', trackingNumber: 'DHL-1' }));
      await expectOk(admin('PATCH', `/orders/${code}/status`, { status: 'delivered', expectedVersion: shipped.body.version }));

      const asked = await ask('return-1');
      expect(asked).toMatchObject({ status: 201, body: { code: `${code}-R1`, attributes: { state: 'requested', orderCode: code, change: { by: 'guest' } } } });
      const replayed = await ask('return-1');
      expect(replayed).toMatchObject({ status: 201, body: { code: `${code}-R1` } });
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect((await expectOk(call('GET', `/orders/${code}/returns`))).body.items.map((r: { code: string }) => r.code)).toEqual([`${code}-R1`]);

      clock.advance(31 * DAY_MS);
      expect((await ask('return-late')).body).toMatchObject({ statusCode: 409, reason: 'return_window_closed' });
      clock.advance(60 * DAY_MS);
      expect(statusOf(await call('GET', `/orders/${code}`))).toEqual([401, `the order token of ${code} has expired (90 days after delivery or cancel)`]);
    });
  });
});
