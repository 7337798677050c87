import { handler as sweeper } from '../../src/handlers/sweeper';
import { normalizeMailbox } from '../../src/core/mailbox';
import { systemActorContext } from '../../src/core/tenant-context';
import { TenantItemStore } from '../../src/core/tenant-item.store';
import { paymentAttemptsKey } from '../../src/modules/payment/payment.keys';
import { mailsOf } from '../support/shop';
import { customer, expectOk, readyGuestCart, stockLevel, StorefrontShop, storefrontShop } from '../support/storefront';
import { TestSystem } from '../support/test-system';

const HOUR_MS = 3_600_000;
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/**
 * Offline payment methods say when their money comes: a bank transfer before shipping (the order
 * awaits payment with a hold that ends, staff record the money), cash on delivery on delivery
 * (confirmed at once). And a once-per-customer coupon is once per mailbox.
 */
describe('offline payments: bank transfers hold stock for a while, staff record the money; coupons count per mailbox (DynamoDB Local)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  /** The storefront shop, offering cash on delivery, a bank transfer (by name) and a wire (as {method, kind}). */
  const bankShop = async (code: string): Promise<StorefrontShop> => {
    const made = await storefrontShop(system, code);
    const methods = ['cash_on_delivery', 'bank_transfer', { method: 'wire', kind: 'before_shipping' }];
    const settings = await expectOk(system.request('PATCH', '/settings', { token: made.shop.admin(), body: { expectedVersion: 1, offlinePaymentMethods: methods } }));
    expect(settings.body).toMatchObject({ version: 2, offlinePaymentMethods: methods, offlinePaymentHoldHours: 72 });
    return made;
  };

  /** A guest orders 2 TEE-M (with `coupons`) paid by `method`; the stream has held the stock. */
  const placeOrder = async ({ key }: StorefrontShop, method: string, options: { coupons?: string[]; email?: string } = {}) => {
    const cart = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 2 }], options);
    const placedAt = Date.now();
    const placed = await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: method }));
    await system.sync();
    const heldBy = Date.now();
    const order = (await cart.call('GET', `/carts/${cart.id}/order`)).body;
    return { cart, code: placed.body.code as string, order, placedAt, heldBy };
  };

  it('a bank transfer order awaits payment, holding stock and coupon until offlinePaymentHoldHours (72 h) pass; then the sweep cancels it payment_timeout and gives both back', async () => {
    const made = await bankShop('off-hold');
    const admin = made.shop.admin();
    await expectOk(system.request('POST', '/coupons', { token: admin, body: { code: 'HOLDME', kind: 'fixed', value: 300, currency: 'EUR', usageLimit: 1 } }));
    const { cart, code, order, placedAt, heldBy } = await placeOrder(made, 'bank_transfer', { coupons: ['HOLDME'] });
    expect(order).toMatchObject({ version: 2, attributes: { status: 'awaiting_payment', paymentMethod: 'bank_transfer', checkout: { paymentKind: 'offline', offlineKind: 'before_shipping' } } });
    const holdUntil = Date.parse(order.attributes.holdUntil);
    expect(holdUntil).toBeGreaterThanOrEqual(placedAt + 72 * HOUR_MS);
    expect(holdUntil).toBeLessThanOrEqual(heldBy + 72 * HOUR_MS);
    expect(await stockLevel(system, made.shop, 'TEE-M')).toEqual({ onHand: 20, reserved: 2, available: 18 });
    expect((await system.request('GET', '/coupons/HOLDME', { token: admin })).body.redeemed).toBe(1);
    // The shopper cannot pay a bank transfer through the provider.
    expect((await cart.call('POST', `/carts/${cart.id}/payments`, {})).body).toMatchObject({ statusCode: 409, reason: 'paid_offline' });

    // Still held a minute before the hold ends; released after it.
    await sweeper({ time: new Date(holdUntil - 60_000).toISOString() });
    await system.sync();
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status).toBe('awaiting_payment');
    await sweeper({ time: new Date(holdUntil + 1000).toISOString() });
    await system.sync();
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes).toMatchObject({ status: 'cancelled', cancelReason: 'payment_timeout' });
    expect(await stockLevel(system, made.shop, 'TEE-M')).toEqual({ onHand: 20, reserved: 0, available: 20 });
    expect((await system.request('GET', '/coupons/HOLDME', { token: admin })).body.redeemed).toBe(0);
    expect([...mailsOf('off-hold').entries()].filter(([id, text]) => id.startsWith(code) && text.includes('no payment arrived'))).toHaveLength(1);
    // Too late to record the transfer: the order no longer awaits payment.
    expect((await system.request('POST', `/orders/${code}/offline-payment`, { token: admin, body: { amount: order.attributes.total } })).body).toMatchObject({ statusCode: 409, status: 'cancelled' });
  });

  it('the hold is the shop setting: offlinePaymentHoldHours 2 holds a {method, kind} transfer for 2 hours', async () => {
    const made = await bankShop('off-hours');
    await expectOk(system.request('PATCH', '/settings', { token: made.shop.admin(), body: { expectedVersion: 2, offlinePaymentHoldHours: 2 } }));
    const { order, placedAt, heldBy } = await placeOrder(made, 'wire');
    expect(order.attributes).toMatchObject({ status: 'awaiting_payment', checkout: { offlineKind: 'before_shipping' } });
    expect(Date.parse(order.attributes.holdUntil)).toBeGreaterThanOrEqual(placedAt + 2 * HOUR_MS);
    expect(Date.parse(order.attributes.holdUntil)).toBeLessThanOrEqual(heldBy + 2 * HOUR_MS);
  });

  it('staff record the transfer: checked against the order, once (retries and parallel clicks answer the first), and the payment confirms the order as an online one does', async () => {
    const made = await bankShop('off-pay');
    const admin = made.shop.admin();
    const { cart, code, order } = await placeOrder(made, 'bank_transfer');
    const total = order.attributes.total;
    expect(total.currency).toBe('EUR');
    const record = (body: unknown, token = admin) => system.request('POST', `/orders/${code}/offline-payment`, { token, body });

    expect(await record({ amount: { amount: total.amount, currency: 'USD' } })).toMatchObject({ status: 400, body: { fields: [{ field: 'amount.currency', problem: "must be the order's currency EUR" }] } });
    expect(await record({ amount: eur(total.amount - 1) })).toMatchObject({ status: 400, body: { fields: [{ field: 'amount.amount', problem: `must cover the order's total ${total.amount} EUR` }] } });
    expect((await record({})).body).toMatchObject({ statusCode: 400, fields: [{ field: 'amount' }] });
    expect((await record({ amount: total }, made.shop.customer())).status).toBe(403);
    expect((await system.request('POST', '/orders/ORD-999999/offline-payment', { token: admin, body: { amount: total } })).status).toBe(404);
    // Another shop's staff cannot learn of this order, let alone pay it: the key is built from their own tenant.
    const otherShop = await system.createTenant('off-pay-other', { currency: 'EUR' });
    expect(await record({ amount: total }, otherShop.admin())).toMatchObject({ status: 404, body: { statusCode: 404 } });
    // Nothing was written by the refusals: the order still awaits payment and has no payment.
    await system.sync();
    expect((await system.request('GET', `/orders/${code}`, { token: admin })).body).toMatchObject({ version: 2, attributes: { status: 'awaiting_payment' } });

    const replies = await Promise.all(Array.from({ length: 5 }, () => record({ amount: total, reference: 'SEPA 0042' })));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    const payment = replies.find((r) => r.status === 201)!.body;
    expect(replies.every((r) => r.body.code === payment.code)).toBe(true);
    // The clicks that lost took no attempt number: the order has had one payment, numbered 1.
    expect(payment.code).toBe(`${code}-P1`);
    const attempts = await new TenantItemStore().get<{ count: number }>(systemActorContext('off-pay', 'test', 'attempts'), paymentAttemptsKey(code));
    expect(attempts?.count).toBe(1);
    expect(payment).toMatchObject({ version: 1, attributes: { orderCode: code, provider: 'offline', method: 'bank_transfer', amount: total, state: 'captured', providerReference: 'SEPA 0042' } });
    expect(payment.attributes.transactions.map((t: { kind: string; state: string }) => [t.kind, t.state])).toEqual([
      ['authorization', 'succeeded'],
      ['capture', 'succeeded'],
    ]);

    await system.sync({ twice: true });
    const confirmed = (await system.request('GET', `/orders/${code}`, { token: admin })).body;
    expect(confirmed).toMatchObject({ version: 3, attributes: { status: 'confirmed', paidWith: payment.code } });
    const history = await system.request('GET', `/orders/${code}/history`, { token: admin });
    expect(history.body.versions.map((v: { toStatus: string }) => v.toStatus)).toEqual(['pending', 'awaiting_payment', 'confirmed']);
    // A retry after the order is confirmed still answers the payment, and changes nothing.
    expect(await record({ amount: eur(total.amount + 500) })).toMatchObject({ status: 200, body: { code: payment.code, version: 1 } });

    // Shipping takes nothing more (it is all captured); a cancel books the refund the shop pays back.
    await expectOk(system.request('PATCH', `/orders/${code}/status`, { token: admin, body: { status: 'processing', expectedVersion: 3 } }));
    await system.sync();
    await expectOk(system.request('PATCH', `/orders/${code}/status`, { token: admin, body: { status: 'cancelled', expectedVersion: 4, reason: 'customer changed their mind' } }));
    await system.sync({ twice: true });
    const after = (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items;
    expect(after).toHaveLength(1);
    expect(after[0].attributes).toMatchObject({ state: 'refunded' });
    expect(after[0].attributes.transactions.slice(2)).toEqual([expect.objectContaining({ kind: 'refund', amount: total, state: 'succeeded', purpose: 'order cancelled' })]);
    expect((await system.request('POST', `/orders/${code}/refunds`, { token: admin, body: { amount: 1, reason: 'more' } })).body).toMatchObject({ statusCode: 409, refundable: 0, currency: 'EUR' });
    expect(await stockLevel(system, made.shop, 'TEE-M')).toEqual({ onHand: 20, reserved: 0, available: 20 });
  });

  it('cash on delivery and manual are still confirmed at once; their orders take no offline payment record', async () => {
    const made = await bankShop('off-cod');
    const cod = await placeOrder(made, 'cash_on_delivery');
    expect(cod.order).toMatchObject({ version: 2, attributes: { status: 'confirmed', checkout: { paymentKind: 'offline', offlineKind: 'on_delivery' } } });
    expect(cod.order.attributes.holdUntil).toBeUndefined();
    const reply = await system.request('POST', `/orders/${cod.code}/offline-payment`, { token: made.shop.admin(), body: { amount: cod.order.attributes.total } });
    expect(reply.body).toMatchObject({ statusCode: 409, reason: 'not_offline_prepaid' });

    // The defaults (manual, cash_on_delivery) are unchanged: confirmed once stock is held.
    const plain = await storefrontShop(system, 'off-manual');
    const manual = await placeOrder(plain, 'manual');
    expect(manual.order.attributes).toMatchObject({ status: 'confirmed', checkout: { offlineKind: 'on_delivery' } });
  });

  it('settings: offline methods as names or {method, kind}, each named once; anything else is 400 naming the field', async () => {
    const shop = await system.createTenant('off-settings', { currency: 'EUR' });
    const admin = shop.admin();
    expect((await system.request('GET', '/settings', { token: admin })).body).toMatchObject({ offlinePaymentMethods: ['manual', 'cash_on_delivery'], offlinePaymentHoldHours: 72 });
    const patch = (body: Record<string, unknown>) => system.request('PATCH', '/settings', { token: admin, body: { expectedVersion: 0, ...body } });
    const problemOf = async (body: Record<string, unknown>) => (await patch(body)).body.fields;
    expect(await problemOf({ offlinePaymentMethods: [{ method: 'wire', kind: 'later' }] })).toEqual([{ field: 'offlinePaymentMethods', problem: expect.stringContaining('entry 0') }]);
    expect(await problemOf({ offlinePaymentMethods: ['cash_on_delivery', { method: 'wire', kind: 'on_delivery', extra: 1 }] })).toEqual([{ field: 'offlinePaymentMethods', problem: expect.stringContaining('entry 1') }]);
    expect(await problemOf({ offlinePaymentMethods: ['wire', { method: 'wire', kind: 'before_shipping' }] })).toEqual([{ field: 'offlinePaymentMethods', problem: 'wire is named more than once' }]);
    expect(await problemOf({ offlinePaymentMethods: [{ method: 'card', kind: 'before_shipping' }] })).toEqual([{ field: 'onlinePaymentMethods', problem: 'card cannot be both offline and online' }]);
    expect(await problemOf({ offlinePaymentHoldHours: 0 })).toEqual([{ field: 'offlinePaymentHoldHours', problem: expect.any(String) }]);
    expect((await patch({ offlinePaymentMethods: [{ method: 'wire', kind: 'before_shipping' }], offlinePaymentHoldHours: 24 })).body).toMatchObject({
      version: 1,
      offlinePaymentMethods: [{ method: 'wire', kind: 'before_shipping' }],
      offlinePaymentHoldHours: 24,
    });
  });

  it('a once-per-customer coupon is once per mailbox: the customer with their verified email, as a guest, with +tags or capitals', async () => {
    expect(normalizeMailbox(' Grace+Promo@Example.COM')).toBe('grace@example.com');
    const made = await storefrontShop(system, 'off-coupon');
    const admin = made.shop.admin();
    await expectOk(system.request('POST', '/coupons', { token: admin, body: { code: 'ONCE', kind: 'fixed', value: 300, currency: 'EUR', perCustomerLimit: 1 } }));

    // Grace uses it signed in (verified email Grace@Example.com).
    const me = customer(system, made.shop.customer('grace', 'Grace@Example.com'));
    const cart = (await expectOk(me('POST', '/carts'))).body;
    await expectOk(me('POST', `/carts/${cart.id}/lines`, { sku: 'TEE-M', quantity: 1 }));
    await expectOk(me('PUT', `/carts/${cart.id}/addresses`, { shippingAddress: { name: 'Grace', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' } }));
    await expectOk(me('PUT', `/carts/${cart.id}/shipping-method`, { methodCode: 'standard' }));
    const ready = (await expectOk(me('POST', `/carts/${cart.id}/coupons`, { code: 'ONCE' }))).body;
    await expectOk(me('POST', `/carts/${cart.id}/complete`, { expectedVersion: ready.version, paymentMethod: 'manual' }));
    await system.sync();

    // Then as a guest, spelled three ways: refused when applied.
    for (const email of ['grace@example.com', 'grace+again@example.com', 'GRACE+x@EXAMPLE.com']) {
      const guestCart = await readyGuestCart(system, made.key, [{ sku: 'TEE-M', quantity: 1 }], { email });
      const refused = await guestCart.call('POST', `/carts/${guestCart.id}/coupons`, { code: 'ONCE' });
      expect([email, refused.body]).toEqual([email, expect.objectContaining({ statusCode: 400, fields: [expect.objectContaining({ problem: expect.stringMatching(/^already_used/) })] })]);
    }

    // Two guest carts of one mailbox apply it before either completes: the order transaction lets one redeem.
    const first = await readyGuestCart(system, made.key, [{ sku: 'BOOK-1', quantity: 1 }], { email: 'ada@example.com', coupons: ['ONCE'] });
    const second = await readyGuestCart(system, made.key, [{ sku: 'BOOK-1', quantity: 1 }], { email: 'Ada+second@example.com', coupons: ['ONCE'] });
    await expectOk(first.call('POST', `/carts/${first.id}/complete`, { expectedVersion: first.version, paymentMethod: 'manual' }));
    await expectOk(second.call('POST', `/carts/${second.id}/complete`, { expectedVersion: second.version, paymentMethod: 'manual' }));
    await system.sync();
    const statuses = await Promise.all([first, second].map(async (c) => (await c.call('GET', `/carts/${c.id}/order`)).body.attributes));
    // Whichever the stream took first redeems it.
    expect(statuses.map((o) => `${o.status} ${o.cancelReason ?? ''}`.trim()).sort()).toEqual(['cancelled coupon_unavailable', 'confirmed']);
    expect((await system.request('GET', '/coupons/ONCE', { token: admin })).body.redeemed).toBe(2);
  });
});
