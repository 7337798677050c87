import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../src/config';
import { dynamo } from '../../src/core/dynamo';
import { handler as sweeper } from '../../src/handlers/sweeper';
import { mailsOf } from '../support/shop';
import { berlin, customer, expectOk, guest, readyGuestCart, stockLevel, storefrontShop } from '../support/storefront';
import { TestSystem } from '../support/test-system';

/** Money of the shop's currency. */
const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('storefront: guests and customers buy through carts and checkout (DynamoDB Local + real stream handlers)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  it('a guest with the publishable key browses, fills a cart with two variants, checks out with a coupon and an offline method: the order has exactly the cart totals, stock is held, the order is confirmed', async () => {
    const { shop, key } = await storefrontShop(system, 'sf-guest');
    await expectOk(system.request('POST', '/coupons', { token: shop.admin(), body: { code: 'WELCOME10', kind: 'percentage', value: 1000, currency: 'EUR' } }));
    const visitor = guest(system, key);
    const product = await visitor('GET', '/products/TEE');
    expect(product).toMatchObject({ status: 200, body: { code: 'TEE' } });

    const { id, version, call, cart } = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 2 }, { sku: 'BOOK-1', quantity: 1 }], { coupons: ['welcome10'] });
    // Prices include VAT. Lines 2 x 20.00 + 12.00 = 52.00; 10 % off per line: 4.00 + 1.20 = 5.20;
    // goods after discount 46.80 < 50.00, so shipping 4.90. VAT inside, half up per line:
    // 36.00 x 19/119 = 5.748 -> 5.75; 10.80 x 7/107 = 0.7065 -> 0.71; shipping 4.90 x 19/119 = 0.782 -> 0.78.
    expect(cart).toMatchObject({
      status: 'active',
      subtotal: eur(5200),
      discount: eur(520),
      shipping: eur(490),
      tax: eur(575 + 71 + 78),
      total: eur(5200 - 520 + 490),
      taxIncluded: true,
      reverseCharge: false,
      couponCodes: ['WELCOME10'],
      problems: [],
    });
    expect(cart.lines.map((l: any) => [l.sku, l.quantity, l.unitPrice.amount, l.discount.amount, l.tax.amount, l.total.amount])).toEqual([
      ['TEE-M', 2, 2000, 400, 575, 3600],
      ['BOOK-1', 1, 1200, 120, 71, 1080],
    ]);

    const completed = await call('POST', `/carts/${id}/complete`, { expectedVersion: version, paymentMethod: 'cash_on_delivery' });
    expect(completed).toMatchObject({ status: 201, body: { version: 1, attributes: { status: 'pending', guest: true, customerEmail: 'guest@example.com' } } });
    const order = completed.body.attributes;
    expect([order.subtotal, order.discount, order.shipping, order.tax, order.total]).toEqual([cart.subtotal, cart.discount, cart.shipping, cart.tax, cart.total]);
    expect(order.items.map((l: any) => [l.sku, l.quantity, l.total.amount])).toEqual([
      ['TEE-M', 2, 3600],
      ['BOOK-1', 1, 1080],
    ]);
    expect(order.checkout).toMatchObject({ cartId: id, paymentKind: 'offline', coupons: [{ code: 'WELCOME10', amount: eur(520) }] });

    await system.sync();
    const placed = await call('GET', `/carts/${id}/order`);
    expect(placed.body).toMatchObject({ code: completed.body.code, attributes: { status: 'confirmed' } });
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 20, reserved: 2, available: 18 });
    expect(await stockLevel(system, shop, 'BOOK-1')).toEqual({ onHand: 20, reserved: 1, available: 19 });
    const coupon = await system.request('GET', '/coupons/WELCOME10', { token: shop.admin() });
    expect(coupon.body.redeemed).toBe(1);
    const closed = await call('GET', `/carts/${id}`);
    expect(closed.body).toMatchObject({ status: 'converted', orderCode: completed.body.code, total: cart.total });
    // Converted is final: no change, no second completion.
    expect((await call('POST', `/carts/${id}/lines`, { sku: 'TEE-M', quantity: 1 })).body).toMatchObject({ statusCode: 409, message: `cart ${id} is converted`, status: 'converted' });
    expect((await call('POST', `/carts/${id}/complete`, { expectedVersion: closed.body.version, paymentMethod: 'manual' })).body).toMatchObject({ statusCode: 409, status: 'converted' });
    const history = await call('GET', `/carts/${id}/history`);
    expect(history.body.versions.map((v: any) => v.change.action)).toEqual([
      'created',
      'line_added',
      'line_added',
      'email_set',
      'addresses_set',
      'shipping_method_set',
      'coupon_applied',
      'converted',
    ]);
    expect(history.body.versions[1].totals.total).toEqual(eur(4000));
    expect(mailsOf('sf-guest').get(`${completed.body.code}.v2`)).toContain('guest@example.com');
  });

  it('a coupon limited to 5 uses and 30 shoppers completing at once: exactly 5 orders hold it, the counter says 5, the rest are refused or cancelled coupon_unavailable', async () => {
    const { shop, key } = await storefrontShop(system, 'sf-limit', { onHand: 100 });
    await expectOk(system.request('POST', '/coupons', { token: shop.admin(), body: { code: 'FIRST5', kind: 'fixed', value: 500, currency: 'EUR', usageLimit: 5 } }));
    const carts = [];
    for (let i = 0; i < 30; i++) carts.push(await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 1 }], { email: `shopper${i}@example.com`, coupons: ['FIRST5'] }));
    const replies = await Promise.all(carts.map((c) => c.call('POST', `/carts/${c.id}/complete`, { expectedVersion: c.version, paymentMethod: 'manual' })));
    expect(replies.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    await system.sync();

    const orders = await Promise.all(carts.filter((_, i) => replies[i].status === 201).map(async (c) => (await c.call('GET', `/carts/${c.id}/order`)).body.attributes));
    const holding = orders.filter((o) => o.status === 'confirmed');
    expect(holding).toHaveLength(5);
    expect(holding.every((o) => o.checkout.coupons[0].code === 'FIRST5')).toBe(true);
    expect(orders.filter((o) => o.status !== 'confirmed').every((o) => o.status === 'cancelled' && o.cancelReason === 'coupon_unavailable')).toBe(true);
    expect((await system.request('GET', '/coupons/FIRST5', { token: shop.admin() })).body.redeemed).toBe(5);
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 100, reserved: 5, available: 95 });
  });

  it('an unpaid online order holds stock and the coupon until its hold ends; then it is cancelled payment_timeout, both come back, and one mail says so', async () => {
    const { shop, key } = await storefrontShop(system, 'sf-hold', { holdSeconds: 30 });
    await expectOk(system.request('POST', '/coupons', { token: shop.admin(), body: { code: 'HOLDME', kind: 'fixed', value: 300, currency: 'EUR', usageLimit: 1 } }));
    const c = await readyGuestCart(system, key, [{ sku: 'TEE-L', quantity: 3 }], { coupons: ['HOLDME'] });
    const done = await expectOk(c.call('POST', `/carts/${c.id}/complete`, { expectedVersion: c.version, paymentMethod: 'card' }));
    const code = done.body.code;
    await system.sync();
    const waiting = (await c.call('GET', `/carts/${c.id}/order`)).body;
    expect(waiting.attributes).toMatchObject({ status: 'awaiting_payment' });
    expect(Date.parse(waiting.attributes.holdUntil) - Date.now()).toBeGreaterThan(20_000);
    expect(await stockLevel(system, shop, 'TEE-L')).toEqual({ onHand: 20, reserved: 3, available: 17 });
    expect((await system.request('GET', '/coupons/HOLDME', { token: shop.admin() })).body.redeemed).toBe(1);

    // Before the hold ends nothing happens; after it, the order is released.
    await sweeper({ time: new Date(Date.now() + 5_000).toISOString() });
    await system.sync();
    expect((await c.call('GET', `/carts/${c.id}/order`)).body.attributes.status).toBe('awaiting_payment');
    await sweeper({ time: new Date(Date.now() + 31_000).toISOString() });
    await system.sync();
    expect((await c.call('GET', `/carts/${c.id}/order`)).body.attributes).toMatchObject({ status: 'cancelled', cancelReason: 'payment_timeout' });
    expect(await stockLevel(system, shop, 'TEE-L')).toEqual({ onHand: 20, reserved: 0, available: 20 });
    expect((await system.request('GET', '/coupons/HOLDME', { token: shop.admin() })).body.redeemed).toBe(0);
    const timeoutMails = [...mailsOf('sf-hold').entries()].filter(([id, text]) => id.startsWith(code) && text.includes('no payment arrived'));
    expect(timeoutMails).toHaveLength(1);
    // Sweeping again changes nothing.
    await sweeper({ time: new Date(Date.now() + 60_000).toISOString() });
    await system.sync();
    expect((await system.request('GET', '/coupons/HOLDME', { token: shop.admin() })).body.redeemed).toBe(0);
  });

  it('10 parallel completes of one cart make one order, with or without one Idempotency-Key', async () => {
    const { shop, key } = await storefrontShop(system, 'sf-once');
    for (const idempotencyKey of [undefined, 'complete-once-0001']) {
      const c = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 1 }]);
      const extra: Record<string, string> = idempotencyKey ? { 'idempotency-key': idempotencyKey } : {};
      const replies = await Promise.all(Array.from({ length: 10 }, () => c.call('POST', `/carts/${c.id}/complete`, { expectedVersion: c.version, paymentMethod: 'manual' }, extra)));
      const codes = new Set(replies.filter((r) => r.status < 300).map((r) => r.body.code));
      expect(codes.size).toBe(1);
      expect(replies.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
      expect(replies.every((r) => r.status < 300 || r.status === 409)).toBe(true);
      // A retry afterwards gets the same order.
      const again = await c.call('POST', `/carts/${c.id}/complete`, { expectedVersion: c.version, paymentMethod: 'manual' }, extra);
      expect(again.body.code).toBe([...codes][0]);
    }
    // Two carts, two orders: the losers took no order number.
    const admin = shop.admin();
    expect((await system.request('GET', '/orders/ORD-000002', { token: admin })).status).toBe(200);
    expect((await system.request('GET', '/orders/ORD-000003', { token: admin })).status).toBe(404);
  });

  it('merges a guest cart into a customer cart: same SKUs add up, other lines join, the guest cart closes', async () => {
    const { shop, key } = await storefrontShop(system, 'sf-merge');
    const guestCart = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 2 }, { sku: 'BOOK-1', quantity: 1 }]);
    const me = customer(system, shop.customer('ada', 'ada@example.com'));
    const mine = await expectOk(me('POST', '/carts'));
    expect(mine.status).toBe(201);
    await expectOk(me('POST', `/carts/${mine.body.id}/lines`, { sku: 'TEE-M', quantity: 1 }));
    await expectOk(me('POST', `/carts/${mine.body.id}/lines`, { sku: 'TEE-L', quantity: 1 }));
    const merged = await me('POST', `/carts/${mine.body.id}/merge`, { guestCartId: guestCart.id, guestCartToken: guestCart.token });
    expect(merged.status).toBe(201);
    expect(merged.body.lines.map((l: any) => [l.sku, l.quantity])).toEqual([
      ['TEE-M', 3],
      ['TEE-L', 1],
      ['BOOK-1', 1],
    ]);
    expect(merged.body.shippingAddress).toEqual(berlin);
    expect((await guestCart.call('GET', `/carts/${guestCart.id}`)).body).toMatchObject({ status: 'merged', mergedInto: mine.body.id });
    // The customer's cart survives a login elsewhere: POST /carts gives the same cart.
    const again = await customer(system, shop.customer('ada', 'ada@example.com'))('POST', '/carts');
    expect(again).toMatchObject({ status: 200, body: { id: mine.body.id, version: merged.body.version } });
    // Guest carts expire (DynamoDB TTL) 30 days after their last change; a customer's cart does not.
    await system.sync();
    const stored = async (id: string) => (await dynamo().send(new GetCommand({ TableName: config().tables.data, Key: { pk: 'TENANT#sf-merge', sk: `CART#${id}` } }))).Item;
    const guestExpiry = (await stored(guestCart.id))!.expiresAt as number;
    expect(Math.abs(guestExpiry - (Date.now() / 1000 + 30 * 24 * 3600))).toBeLessThan(120);
    expect((await stored(mine.body.id))!.expiresAt).toBeUndefined();
    // A merged guest cart cannot be merged again.
    expect((await me('POST', `/carts/${mine.body.id}/merge`, { guestCartId: guestCart.id, guestCartToken: guestCart.token })).body).toMatchObject({ statusCode: 409, message: `cart ${guestCart.id} is merged`, status: 'merged' });
  });

  it('every stream record of a checkout delivered twice gives the same final state', async () => {
    const { shop, key } = await storefrontShop(system, 'sf-twice');
    await expectOk(system.request('POST', '/coupons', { token: shop.admin(), body: { code: 'TWICE', kind: 'percentage', value: 500, currency: 'EUR', usageLimit: 10 } }));
    const c = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 2 }], { coupons: ['TWICE'] });
    const done = await expectOk(c.call('POST', `/carts/${c.id}/complete`, { expectedVersion: c.version, paymentMethod: 'manual' }));
    await system.sync({ twice: true });
    expect((await c.call('GET', `/carts/${c.id}/order`)).body).toMatchObject({ version: 2, attributes: { status: 'confirmed' } });
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 20, reserved: 2, available: 18 });
    expect((await system.request('GET', '/coupons/TWICE', { token: shop.admin() })).body.redeemed).toBe(1);
    // Cancelled by the shop and redelivered: released once.
    await expectOk(system.request('PATCH', `/orders/${done.body.code}/status`, { token: shop.admin(), body: { status: 'cancelled', expectedVersion: 2 } }));
    await system.sync({ twice: true });
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 20, reserved: 0, available: 20 });
    expect((await system.request('GET', '/coupons/TWICE', { token: shop.admin() })).body.redeemed).toBe(0);
    const mails = [...mailsOf('sf-twice').keys()].filter((id) => id.startsWith(done.body.code)).sort();
    expect(mails).toEqual([`${done.body.code}.v1`, `${done.body.code}.v2`, `${done.body.code}.v3`]);
  });

  it("isolation: another tenant's key, another guest's cart token, or no token see nothing of a cart", async () => {
    const a = await storefrontShop(system, 'sf-iso-a');
    const b = await storefrontShop(system, 'sf-iso-b');
    const c = await readyGuestCart(system, a.key, [{ sku: 'TEE-M', quantity: 1 }]);
    const other = await readyGuestCart(system, a.key, [{ sku: 'TEE-L', quantity: 1 }]);
    expect((await guest(system, b.key, c.token)('GET', `/carts/${c.id}`)).status).toBe(404);
    expect((await guest(system, a.key, other.token)('GET', `/carts/${c.id}`)).status).toBe(404);
    expect((await guest(system, a.key)('GET', `/carts/${c.id}`)).status).toBe(404);
    expect((await guest(system, a.key, other.token)('POST', `/carts/${c.id}/complete`, { expectedVersion: c.version, paymentMethod: 'manual' })).status).toBe(404);
    expect((await customer(system, a.shop.customer('mallory'))('GET', `/carts/${c.id}`)).status).toBe(404);
    expect((await customer(system, b.shop.admin())('GET', `/carts/${c.id}`)).status).toBe(403);
  });

  it('refuses unknown fields on the routes that take no body (opening a cart, paying), and opens nothing', async () => {
    const { shop, key } = await storefrontShop(system, 'sf-nobody');
    const unknown = { field: 'x', problem: 'is not an accepted field' };
    expect((await guest(system, key)('POST', '/carts', { x: 1 })).body).toMatchObject({ statusCode: 400, fields: [unknown] });
    const me = customer(system, shop.customer('bea'));
    expect((await me('POST', '/carts', { x: 1 })).body).toMatchObject({ statusCode: 400, fields: [unknown] });
    // The refused call made no cart: the first accepted one is new (201), and {} or no body are fine.
    expect((await me('POST', '/carts', {})).status).toBe(201);
    expect((await me('POST', '/carts')).status).toBe(200);
    const ready = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 1 }]);
    await expectOk(ready.call('POST', `/carts/${ready.id}/complete`, { expectedVersion: ready.version, paymentMethod: 'card' }));
    await system.sync();
    expect((await ready.call('POST', `/carts/${ready.id}/payments`, { x: 1 })).body).toMatchObject({ statusCode: 400, fields: [unknown] });
    expect((await ready.call('GET', `/carts/${ready.id}/payments`)).body.items).toEqual([]);
  });

  it('refuses bad checkouts with the field or rule named, and writes nothing', async () => {
    const { shop, key } = await storefrontShop(system, 'sf-bad');
    const visitor = guest(system, key);
    const created = await expectOk(visitor('POST', '/carts'));
    const call = guest(system, key, created.body.cartToken);
    const id = created.body.id;
    const empty = await call('POST', `/carts/${id}/complete`, { expectedVersion: 1, paymentMethod: 'manual' });
    expect(empty.status).toBe(400);
    expect(empty.body.fields.map((f: any) => f.field)).toEqual(expect.arrayContaining(['lines', 'email', 'shippingAddress', 'shippingMethod']));
    expect((await call('POST', `/carts/${id}/lines`, { sku: 'NOPE', quantity: 1 })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'sku' }] });
    expect((await call('POST', `/carts/${id}/lines`, { sku: 'TEE-M', quantity: 101 })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'quantity' }] });
    expect((await call('POST', `/carts/${id}/lines`, { sku: 'TEE-M', quantity: 0 })).status).toBe(400);
    expect((await call('POST', `/carts/${id}/coupons`, { code: 'NOSUCH' })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'code' }] });
    await expectOk(call('POST', `/carts/${id}/lines`, { sku: 'TEE-M', quantity: 1 }));
    await expectOk(call('PUT', `/carts/${id}/addresses`, { shippingAddress: { ...berlin, country: 'FR' } }));
    const unserved = await call('GET', `/carts/${id}/shipping-options`);
    expect(unserved.status).toBe(409);
    expect(unserved.body.message).toContain('FR');
    const badVat = await call('PUT', `/carts/${id}/addresses`, { shippingAddress: berlin, vatId: 'DE12' });
    expect(badVat.body).toMatchObject({ statusCode: 400, fields: [{ field: 'vatId' }] });
    const stale = await call('POST', `/carts/${id}/complete`, { expectedVersion: 1, paymentMethod: 'manual' });
    expect(stale).toMatchObject({ status: 409, body: { currentVersion: 3 } });

    // A price changed after review: 409 listing the line, nothing written; reprice, then it completes.
    const ready = await readyGuestCart(system, key, [{ sku: 'BOOK-1', quantity: 2 }]);
    const product = await system.request('GET', '/products/BOOK', { token: shop.admin() });
    await expectOk(system.request('PATCH', '/products/BOOK', { token: shop.admin(), body: { expectedVersion: product.body.version, price: eur(1300) } }));
    const changed = await ready.call('POST', `/carts/${ready.id}/complete`, { expectedVersion: ready.version, paymentMethod: 'manual' });
    expect(changed).toMatchObject({ status: 409, body: { reason: 'prices_changed', lines: [{ sku: 'BOOK-1', reviewed: eur(1200), current: eur(1300) }] } });
    expect((await ready.call('GET', `/carts/${ready.id}`)).body).toMatchObject({ status: 'active', version: ready.version, priceChanges: [{ sku: 'BOOK-1' }] });
    const repriced = await expectOk(ready.call('POST', `/carts/${ready.id}/reprice`, {}));
    expect((await ready.call('POST', `/carts/${ready.id}/complete`, { expectedVersion: repriced.body.version, paymentMethod: 'manual' })).status).toBe(201);

    // An Idempotency-Key names one request, query included: reused with another expectedVersion, 422.
    const keyed = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 1 }, { sku: 'TEE-L', quantity: 1 }]);
    const once = { 'idempotency-key': 'remove-line-0001' };
    const removed = await keyed.call('DELETE', `/carts/${keyed.id}/lines/l1?expectedVersion=${keyed.version}`, undefined, once);
    expect(removed.status).toBe(200);
    expect((await keyed.call('DELETE', `/carts/${keyed.id}/lines/l1?expectedVersion=${keyed.version}`, undefined, once)).headers.get('idempotent-replayed')).toBe('true');
    expect((await keyed.call('DELETE', `/carts/${keyed.id}/lines/l1?expectedVersion=${keyed.version + 1}`, undefined, once)).status).toBe(422);
  });

  it('abandons carts idle past the setting, mails one reminder when the shop allows it, and a change makes the cart active again', async () => {
    const { shop, key } = await storefrontShop(system, 'sf-idle');
    await expectOk(system.request('PATCH', '/settings', { token: shop.admin(), body: { expectedVersion: 1, abandonedCartReminders: true, cartIdleSeconds: 3600 } }));
    const c = await readyGuestCart(system, key, [{ sku: 'BOOK-1', quantity: 1 }], { email: 'idle@example.com' });
    const later = (hours: number) => sweeper({ time: new Date(Date.now() + hours * 3_600_000).toISOString() });
    await later(0.5);
    await system.sync();
    expect((await c.call('GET', `/carts/${c.id}`)).body.status).toBe('active');
    await later(2);
    await system.sync({ twice: true });
    const abandoned = (await c.call('GET', `/carts/${c.id}`)).body;
    expect(abandoned.status).toBe('abandoned');
    expect((await c.call('POST', `/carts/${c.id}/complete`, { expectedVersion: abandoned.version, paymentMethod: 'manual' })).body).toMatchObject({ statusCode: 409, status: 'abandoned' });
    const reminders = async () => ((await system.request('GET', '/notifications?limit=100', { token: shop.admin() })).body.items as { topic: string; to: string }[]).filter((m) => m.topic === 'cart.abandoned');
    expect(await reminders()).toEqual([expect.objectContaining({ to: 'idle@example.com' })]);
    expect(mailsOf('sf-idle').get(`cart-${c.id}.reminder`)).toContain('BOOK-1');

    // Back to shopping: active again; abandoned again later, still one reminder.
    const back = await expectOk(c.call('POST', `/carts/${c.id}/lines`, { sku: 'TEE-M', quantity: 1 }));
    expect(back.body.status).toBe('active');
    await system.sync();
    await later(3);
    await system.sync();
    expect((await c.call('GET', `/carts/${c.id}`)).body.status).toBe('abandoned');
    expect(await reminders()).toHaveLength(1);
    expect((await c.call('GET', `/carts/${c.id}/history`)).body.versions.map((v: any) => v.change.action).slice(-3)).toEqual(['abandoned', 'line_added', 'abandoned']);
  });

  it("a customer checks out their own cart: the order is in their orders, mails go to their verified email, and each coupon's rules are named when it is refused", async () => {
    const { shop, key } = await storefrontShop(system, 'sf-customer');
    const admin = shop.admin();
    const coupon = (body: Record<string, unknown>) => expectOk(system.request('POST', '/coupons', { token: admin, body: { currency: 'EUR', ...body } }));
    await coupon({ code: 'ONCE', kind: 'fixed', value: 300, perCustomerLimit: 1 });
    await coupon({ code: 'LATER', kind: 'fixed', value: 100, startsAt: new Date(Date.now() + 86_400_000).toISOString() });
    await coupon({ code: 'OVER', kind: 'fixed', value: 100, endsAt: new Date(Date.now() - 1000).toISOString(), startsAt: new Date(Date.now() - 86_400_000).toISOString() });
    await coupon({ code: 'BIGSPEND', kind: 'fixed', value: 100, minimumSubtotal: 100_000 });
    await coupon({ code: 'SOLO', kind: 'percentage', value: 500, exclusive: true });
    await coupon({ code: 'SOLO2', kind: 'percentage', value: 700, exclusive: true });
    await coupon({ code: 'RETIRED', kind: 'fixed', value: 100 });
    await expectOk(system.request('DELETE', '/coupons/RETIRED', { token: admin }));

    const token = shop.customer('grace', 'grace@example.com');
    const me = customer(system, token);
    const cart = (await expectOk(me('POST', '/carts'))).body;
    await expectOk(me('POST', `/carts/${cart.id}/lines`, { sku: 'TEE-L', quantity: 1 }));
    await expectOk(me('PUT', `/carts/${cart.id}/addresses`, { shippingAddress: berlin }));
    await expectOk(me('PUT', `/carts/${cart.id}/shipping-method`, { methodCode: 'standard' }));
    const refused = async (code: string) => (await me('POST', `/carts/${cart.id}/coupons`, { code })).body;
    expect(await refused('NOPE1')).toMatchObject({ statusCode: 400, fields: [{ field: 'code', problem: expect.stringMatching(/^unknown/) }] });
    expect(await refused('LATER')).toMatchObject({ fields: [{ problem: expect.stringMatching(/^not_yet_valid/) }] });
    expect(await refused('RETIRED')).toMatchObject({ fields: [{ problem: expect.stringMatching(/^inactive/) }] });
    expect(await refused('OVER')).toMatchObject({ fields: [{ problem: expect.stringMatching(/^expired/) }] });
    expect(await refused('BIGSPEND')).toMatchObject({ fields: [{ problem: expect.stringMatching(/^minimum_not_met/) }] });
    await expectOk(me('POST', `/carts/${cart.id}/coupons`, { code: 'SOLO' }));
    expect(await refused('SOLO2')).toMatchObject({ fields: [{ problem: expect.stringMatching(/^exclusive_conflict/) }] });
    const withOnce = await me('POST', `/carts/${cart.id}/coupons`, { code: 'ONCE' });
    expect(withOnce.body).toMatchObject({ statusCode: 400, fields: [{ problem: expect.stringMatching(/^exclusive_conflict/) }] });
    await expectOk(me('DELETE', `/carts/${cart.id}/coupons/SOLO`));
    const ready = (await expectOk(me('POST', `/carts/${cart.id}/coupons`, { code: 'once' }))).body;
    expect(ready.discount).toEqual(eur(300));

    const placed = await expectOk(me('POST', `/carts/${cart.id}/complete`, { expectedVersion: ready.version, paymentMethod: 'manual' }));
    expect(placed.body.attributes).toMatchObject({ customerId: 'grace', customerEmail: 'grace@example.com', total: ready.total });
    await system.sync();
    const mine = await system.request('GET', '/orders', { token });
    expect(mine.body.items.map((o: { code: string; attributes: { status: string } }) => [o.code, o.attributes.status])).toEqual([[placed.body.code, 'confirmed']]);
    expect(mailsOf('sf-customer').get(`${placed.body.code}.v2`)).toContain('grace@example.com');

    // The next cart is a new one; the coupon was used once by this customer already.
    const next = (await expectOk(me('POST', '/carts'))).body;
    expect(next.id).not.toBe(cart.id);
    await expectOk(me('POST', `/carts/${next.id}/lines`, { sku: 'TEE-M', quantity: 1 }));
    expect((await me('POST', `/carts/${next.id}/coupons`, { code: 'ONCE' })).body).toMatchObject({ statusCode: 400, fields: [{ problem: expect.stringMatching(/^already_used/) }] });
  });
});
