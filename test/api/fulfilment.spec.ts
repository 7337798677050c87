import { TenantItemStore } from '../../src/core/tenant-item.store';
import { signWebhook } from '../../src/modules/payment/webhook-signature';
import { TEST_SIGNATURE_HEADER, TestPaymentProvider, testWebhookSecret } from '../../src/modules/payment/test-payment.provider';
import { mailsOf } from '../support/shop';
import { berlin, customer, expectOk, stockLevel, storefrontShop } from '../support/storefront';
import { TenantTokens, TestSystem } from '../support/test-system';
import { expectPaymentsOnTheirMachine } from '../support/machines';

type Line = { kind: string; state: string; amount: { amount: number }; purpose?: string };
const ledger = (payment: { attributes: { transactions: Line[] } }) => payment.attributes.transactions.map((t) => `${t.kind}:${t.state}:${t.amount.amount}`);

describe('fulfilment: shipments capture their share, cancels void or refund, returns restock and refund exactly (DynamoDB Local, real stream)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());
  expectPaymentsOnTheirMachine();

  const psp = new TestPaymentProvider(new TenantItemStore());

  /**
   * A customer's order paid online and authorized (by default 2 x TEE-M at 20.00 and 1 x BOOK-1
   * at 12.00, prices including VAT, shipping free above 50.00), the card authorized at the test PSP.
   */
  async function paidOrder(tenant: string, settings: Record<string, unknown> = {}, lines = [{ sku: 'TEE-M', quantity: 2 }, { sku: 'BOOK-1', quantity: 1 }]) {
    const { shop } = await storefrontShop(system, tenant);
    if (Object.keys(settings).length) await expectOk(system.request('PATCH', '/settings', { token: shop.admin(), body: { expectedVersion: 1, ...settings } }));
    const token = shop.customer('alice', 'alice@example.com');
    const call = customer(system, token);
    const cart = (await expectOk(call('POST', '/carts'))).body;
    for (const line of lines) await expectOk(call('POST', `/carts/${cart.id}/lines`, line));
    await expectOk(call('PUT', `/carts/${cart.id}/email`, { email: 'alice@example.com' }));
    await expectOk(call('PUT', `/carts/${cart.id}/addresses`, { shippingAddress: berlin }));
    const ready = (await expectOk(call('PUT', `/carts/${cart.id}/shipping-method`, { methodCode: 'standard' }))).body;
    await expectOk(call('POST', `/carts/${cart.id}/complete`, { expectedVersion: ready.version, paymentMethod: 'card' }));
    await system.sync();
    const payment = (await expectOk(call('POST', `/carts/${cart.id}/payments`, {}))).body;
    await psp.settle(tenant, payment.attributes.providerReference, 'authorized');
    const body = JSON.stringify({ id: `evt_${tenant}_auth`, type: 'payment.authorized', data: { reference: payment.attributes.providerReference, amount: payment.attributes.amount, metadata: { paymentCode: payment.code } } });
    await expectOk(system.request('POST', `/webhooks/test/${tenant}`, { raw: body, headers: { [TEST_SIGNATURE_HEADER]: signWebhook(testWebhookSecret(tenant), body, new Date()) } }));
    await system.sync({ twice: true });
    const order = (await expectOk(system.request('GET', `/orders/${payment.attributes.orderCode}`, { token: shop.admin() }))).body;
    expect(order.attributes).toMatchObject({ status: 'confirmed', paidWith: payment.code });
    return { shop, token, cart, payment, order, code: order.code as string };
  }

  const paymentOf = async (shop: TenantTokens, token: string, cartId: string) => (await expectOk(customer(system, token)('GET', `/carts/${cartId}/payments`))).body.items[0];
  const admin = (shop: TenantTokens) => (method: string, path: string, body?: unknown) => system.request(method, path, { token: shop.admin(), body });

  it('a partial shipment captures exactly its units (plus shipping), deducts only their stock and leaves the order partially_shipped; the last one completes it', async () => {
    // 2 x TEE-M (40.00): under the free-shipping threshold, so the first shipment carries 4.90 shipping.
    const { shop, token, cart, payment, order, code } = await paidOrder('ful-ship', {}, [{ sku: 'TEE-M', quantity: 2 }]);
    const as = admin(shop);
    const total = order.attributes.total.amount;
    const lines = order.attributes.items as { sku: string; quantity: number; total: { amount: number } }[];
    const tee = lines.find((l) => l.sku === 'TEE-M')!.total.amount;
    const shipping = total - tee;
    expect(shipping).toBe(490);

    await expectOk(as('PATCH', `/orders/${code}/status`, { status: 'processing', expectedVersion: order.version }));
    // Shipments need a processing order, units of the order, and no more than are left.
    const tooMany = await as('POST', `/orders/${code}/shipments`, { expectedVersion: order.version + 1, carrier: 'DHL', trackingNumber: 'DHL-1', lines: [{ sku: 'TEE-M', quantity: 3 }] });
    expect(tooMany.body).toMatchObject({ statusCode: 400, fields: [{ field: 'lines.0.quantity', problem: 'only 2 of TEE-M left to ship' }] });
    const stranger = await as('POST', `/orders/${code}/shipments`, { expectedVersion: order.version + 1, carrier: 'DHL', trackingNumber: 'DHL-1', lines: [{ sku: 'TEE-L', quantity: 1 }] });
    expect(stranger.body).toMatchObject({ statusCode: 400, fields: [{ field: 'lines.0.sku' }] });
    expect((await system.request('POST', `/orders/${code}/shipments`, { token, body: { expectedVersion: order.version + 1, carrier: 'DHL', trackingNumber: 'X' } })).status).toBe(403);
    const other = await storefrontShop(system, 'ful-ship-other');
    expect((await system.request('POST', `/orders/${code}/shipments`, { token: other.shop.admin(), body: { expectedVersion: order.version + 1, carrier: 'DHL', trackingNumber: 'X' } })).status).toBe(404);

    const first = await expectOk(as('POST', `/orders/${code}/shipments`, { expectedVersion: order.version + 1, carrier: 'DHL', trackingNumber: 'DHL-1', lines: [{ sku: 'TEE-M', quantity: 1 }] }));
    expect(first.body.attributes).toMatchObject({ status: 'partially_shipped', shipments: [{ id: 'S1', carrier: 'DHL', trackingNumber: 'DHL-1', lines: [{ sku: 'TEE-M', quantity: 1 }] }] });
    const firstShare = Math.floor(tee / 2) + shipping;
    expect(first.body.attributes.shipments[0].amount.amount).toBe(firstShare);
    await system.sync({ twice: true });
    let paid = await paymentOf(shop, token, cart.id);
    expect([paid.attributes.state, ledger(paid)]).toEqual(['partially_captured', [`authorization:succeeded:${total}`, `capture:succeeded:${firstShare}`]]);
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 19, reserved: 1, available: 18 });
    expect(mailsOf('ful-ship').get(`${code}.v${first.body.version}`)).toContain('Tracking number: DHL-1');

    // The rest: no lines named means everything not yet shipped.
    const last = await expectOk(as('POST', `/orders/${code}/shipments`, { expectedVersion: first.body.version, carrier: 'UPS', trackingNumber: 'UPS-2' }));
    expect(last.body.attributes.status).toBe('shipped');
    expect(last.body.attributes.shipments[1].lines).toEqual([{ sku: 'TEE-M', quantity: 1 }]);
    expect(last.body.attributes.shipments[1].amount.amount).toBe(total - firstShare);
    await system.sync({ twice: true });
    paid = await paymentOf(shop, token, cart.id);
    expect([paid.attributes.state, ledger(paid)]).toEqual(['captured', [`authorization:succeeded:${total}`, `capture:succeeded:${firstShare}`, `capture:succeeded:${total - firstShare}`]]);
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 18, reserved: 0, available: 18 });
    expect((await as('POST', `/orders/${code}/shipments`, { expectedVersion: last.body.version, carrier: 'UPS', trackingNumber: 'UPS-3' })).status).toBe(409);
    // What the PSP holds agrees with the ledger.
    expect(await psp.fetchPayment({ tenantCode: 'ful-ship', providerReference: payment.attributes.providerReference })).toMatchObject({ capturedTotal: total, refundedTotal: 0 });
  });

  it('a cancel before capture voids the authorization; a cancel after capture (captureOn: confirmation) refunds it in full', async () => {
    const early = await paidOrder('ful-void');
    await expectOk(admin(early.shop)('PATCH', `/orders/${early.code}/status`, { status: 'cancelled', expectedVersion: early.order.version }));
    await system.sync({ twice: true });
    const voided = await paymentOf(early.shop, early.token, early.cart.id);
    expect([voided.attributes.state, ledger(voided)]).toEqual(['voided', [`authorization:succeeded:${early.order.attributes.total.amount}`, `void:succeeded:${early.order.attributes.total.amount}`]]);
    expect(await stockLevel(system, early.shop, 'TEE-M')).toEqual({ onHand: 20, reserved: 0, available: 20 });

    const late = await paidOrder('ful-refund', { captureOn: 'confirmation' });
    const total = late.order.attributes.total.amount;
    const captured = await paymentOf(late.shop, late.token, late.cart.id);
    expect([captured.attributes.state, ledger(captured)]).toEqual(['captured', [`authorization:succeeded:${total}`, `capture:succeeded:${total}`]]);
    const processing = await expectOk(admin(late.shop)('PATCH', `/orders/${late.code}/status`, { status: 'processing', expectedVersion: late.order.version }));
    await expectOk(admin(late.shop)('PATCH', `/orders/${late.code}/status`, { status: 'cancelled', expectedVersion: processing.body.version }));
    await system.sync({ twice: true });
    const refunded = await paymentOf(late.shop, late.token, late.cart.id);
    expect([refunded.attributes.state, ledger(refunded)]).toEqual(['refunded', [`authorization:succeeded:${total}`, `capture:succeeded:${total}`, `refund:succeeded:${total}`]]);
    expect([...mailsOf('ful-refund').values()].filter((m) => m.includes('refund of'))).toHaveLength(1);
    expect(await psp.fetchPayment({ tenantCode: 'ful-refund', providerReference: captured.attributes.providerReference })).toMatchObject({ capturedTotal: total, refundedTotal: total });
  });

  it('a return of delivered units within the window: accepted, received (restocked or written off), refunded exactly their share; never more than delivered', async () => {
    const { shop, token, cart, order, code } = await paidOrder('ful-return');
    const as = admin(shop);
    const total = order.attributes.total.amount;
    const tee = (order.attributes.items as { sku: string; total: { amount: number } }[]).find((l) => l.sku === 'TEE-M')!.total.amount;
    const processing = await expectOk(as('PATCH', `/orders/${code}/status`, { status: 'processing', expectedVersion: order.version }));
    const shipped = await expectOk(as('POST', `/orders/${code}/shipments`, { expectedVersion: processing.body.version, carrier: 'DHL', trackingNumber: 'DHL-9' }));
    const me = customer(system, token);
    // Not delivered yet: nothing to return.
    expect((await me('POST', `/orders/${code}/returns`, { lines: [{ sku: 'TEE-M', quantity: 1 }], reason: 'too small' })).body).toMatchObject({ statusCode: 409, status: 'shipped' });
    const delivered = await expectOk(as('PATCH', `/orders/${code}/status`, { status: 'delivered', expectedVersion: shipped.body.version }));
    expect(delivered.body.attributes.deliveredAt).toBeDefined();
    await system.sync({ twice: true });

    expect((await me('POST', `/orders/${code}/returns`, { lines: [{ sku: 'TEE-M', quantity: 3 }], reason: 'too small' })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'lines.0.quantity', problem: 'only 2 of TEE-M were delivered' }] });
    expect((await me('POST', `/orders/${code}/returns`, { lines: [{ sku: 'TEE-L', quantity: 1 }], reason: 'x' })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'lines.0.sku' }] });
    const asked = await expectOk(me('POST', `/orders/${code}/returns`, { lines: [{ sku: 'TEE-M', quantity: 2 }], reason: 'too small' }));
    expect(asked.body).toMatchObject({ code: `${code}-R1`, version: 1, attributes: { state: 'requested', lines: [{ sku: 'TEE-M', quantity: 2 }] } });
    // Both units are in an open return: a second return of them is refused.
    expect((await me('POST', `/orders/${code}/returns`, { lines: [{ sku: 'TEE-M', quantity: 1 }], reason: 'again' })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'lines.0.quantity' }] });
    // Only the shop decides; another shop sees nothing.
    expect((await system.request('PATCH', `/returns/${code}-R1`, { token, body: { state: 'accepted', expectedVersion: 1 } })).status).toBe(403);
    const other = await storefrontShop(system, 'ful-return-other');
    expect((await system.request('PATCH', `/returns/${code}-R1`, { token: other.shop.admin(), body: { state: 'accepted', expectedVersion: 1 } })).status).toBe(404);
    expect((await system.request('GET', `/orders/${code}/returns`, { token: other.shop.admin() })).status).toBe(404);
    expect((await system.request('GET', `/orders/${code}/returns`, { token: shop.customer('bob') })).status).toBe(404);

    // Received before it was accepted: not a move of the return's table.
    expect((await as('PATCH', `/returns/${code}-R1`, { state: 'received', expectedVersion: 1 })).body).toMatchObject({ statusCode: 409, message: 'Cannot move a return from requested to received', state: 'requested', currentVersion: 1 });
    await expectOk(as('PATCH', `/returns/${code}-R1`, { state: 'accepted', expectedVersion: 1 }));
    const tooMuch = await as('PATCH', `/returns/${code}-R1`, { state: 'received', expectedVersion: 2, lines: [{ sku: 'TEE-M', quantity: 3, condition: 'restock' }] });
    expect(tooMuch.body).toMatchObject({ statusCode: 400, fields: [{ field: 'lines.0.quantity' }] });
    const received = await expectOk(
      as('PATCH', `/returns/${code}-R1`, { state: 'received', expectedVersion: 2, lines: [{ sku: 'TEE-M', quantity: 1, condition: 'restock' }, { sku: 'TEE-M', quantity: 1, condition: 'damaged' }] }),
    );
    // Both units of the line: exactly the line's total (no rounding left behind).
    expect(received.body.attributes).toMatchObject({ state: 'received', refundAmount: { amount: tee, currency: 'EUR' } });
    await system.sync({ twice: true });

    const back = (await expectOk(me('GET', `/orders/${code}/returns`))).body.items[0];
    expect(back.attributes).toMatchObject({ state: 'refunded', refunded: { amount: tee, currency: 'EUR' } });
    // Refunded is final.
    expect((await as('PATCH', `/returns/${code}-R1`, { state: 'rejected', expectedVersion: back.version })).body).toMatchObject({ statusCode: 409, message: 'Cannot move a return from refunded to rejected', state: 'refunded', currentVersion: back.version });
    const payment = await paymentOf(shop, token, cart.id);
    expect([payment.attributes.state, ledger(payment)]).toEqual(['partially_refunded', [`authorization:succeeded:${total}`, `capture:succeeded:${total}`, `refund:succeeded:${tee}`]]);
    // One unit back on the shelf, one written off; the ledger says which.
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 19, reserved: 0, available: 19 });
    const movements = (await expectOk(as('GET', '/inventory/TEE-M/movements'))).body.items.map((m: { type: string; onHandDelta: number }) => `${m.type}:${m.onHandDelta}`);
    expect(movements).toEqual(expect.arrayContaining(['return:1', 'write_off:0']));
    expect([...mailsOf('ful-return').values()].some((m) => m.includes(`refund of ${(tee / 100).toFixed(2)} EUR`))).toBe(true);
    // The refundable rest is what the ledger says: an admin refund above it is refused.
    expect((await as('POST', `/orders/${code}/refunds`, { amount: total - tee + 1, reason: 'too much' })).body).toMatchObject({ statusCode: 409, refundable: total - tee, currency: 'EUR' });
  });

  it('a return after the window closes is refused', async () => {
    const { shop, token, order, code } = await paidOrder('ful-window', { returnWindowDays: 0 });
    const as = admin(shop);
    const processing = await expectOk(as('PATCH', `/orders/${code}/status`, { status: 'processing', expectedVersion: order.version }));
    const shipped = await expectOk(as('POST', `/orders/${code}/shipments`, { expectedVersion: processing.body.version, carrier: 'DHL', trackingNumber: 'DHL-1' }));
    await expectOk(as('PATCH', `/orders/${code}/status`, { status: 'delivered', expectedVersion: shipped.body.version }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await customer(system, token)('POST', `/orders/${code}/returns`, { lines: [{ sku: 'BOOK-1', quantity: 1 }], reason: 'changed my mind' })).body).toMatchObject({
      statusCode: 409,
      reason: 'return_window_closed',
    });
  });
});
