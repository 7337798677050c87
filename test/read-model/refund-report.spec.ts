import type { DynamoDBRecord } from 'aws-lambda';
import { signWebhook } from '../../src/modules/payment/webhook-signature';
import { TEST_SIGNATURE_HEADER, TestPaymentProvider, TestPspEvent, testWebhookSecret } from '../../src/modules/payment/test-payment.provider';
import { TenantItemStore } from '../../src/core/tenant-item.store';
import { TestSystem } from '../support/test-system';
import { expectOk, readyGuestCart, storefrontShop, StorefrontShop } from '../support/storefront';

/**
 * Refunds in the admin sales report: an order paid by card at the local test PSP, shipped (which
 * captures it) and refunded through the real API, read back from the read model its own stream
 * consumer fills. A replayed or late payment record must not count a refund twice or undo one.
 */
describe('sales report: refunds of paid, shipped orders (DynamoDB Local, read model)', () => {
  let system: TestSystem;
  let shop: StorefrontShop;
  let admin: string;
  // A day either side, so a run across midnight (UTC) still finds its orders.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const period = `from=${day(-1)}&to=${day(1)}`;
  const psp = new TestPaymentProvider(new TenantItemStore());

  beforeAll(async () => {
    system = await TestSystem.start();
    shop = await storefrontShop(system, 'refundreport');
    admin = shop.shop.admin();
  });
  afterAll(() => system.stop());

  const sales = async () => (await expectOk(system.request('GET', `/reports/sales?${period}`, { token: admin }))).body.items;
  const salesCsv = async () => {
    const reply = await system.request('GET', `/reports/sales?${period}&format=csv`, { token: admin });
    expect(reply.status).toBe(200);
    return reply.body as string;
  };
  const paymentRecords = (records: DynamoDBRecord[]) => records.filter((r) => r.dynamodb?.NewImage?.type?.S === 'PAYMENT');

  /** A guest's order paid by card (authorized at the PSP, told by its signed webhook), then shipped: captured in full. */
  async function paidAndShipped(): Promise<{ code: string; total: number; tax: number; shipping: number; subtotal: number }> {
    const cart = await readyGuestCart(system, shop.key, [{ sku: 'TEE-M', quantity: 2 }, { sku: 'BOOK-1', quantity: 1 }]);
    await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: 'card' }));
    await system.sync();
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    await psp.settle(shop.shop.code, payment.attributes.providerReference, 'authorized');
    const event: TestPspEvent = { id: `evt_${payment.code}`, type: 'payment.authorized', data: { reference: payment.attributes.providerReference, amount: payment.attributes.amount, metadata: { paymentCode: payment.code } } };
    const body = JSON.stringify(event);
    const webhook = await system.request('POST', `/webhooks/test/${shop.shop.code}`, { raw: body, headers: { [TEST_SIGNATURE_HEADER]: signWebhook(testWebhookSecret(shop.shop.code), body, new Date()) } });
    expect(webhook.body).toEqual({ received: true, outcome: 'applied' });
    await system.sync();
    const code = payment.attributes.orderCode as string;
    await expectOk(system.request('PATCH', `/orders/${code}/status`, { token: admin, body: { status: 'processing', expectedVersion: 3 } }));
    await expectOk(system.request('PATCH', `/orders/${code}/status`, { token: admin, body: { status: 'shipped', expectedVersion: 4, trackingNumber: 'TRK-R1' } }));
    await system.sync();
    const order = (await expectOk(system.request('GET', `/orders/${code}`, { token: admin }))).body.attributes;
    const [captured] = (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items;
    expect([order.status, captured.attributes.state]).toEqual(['shipped', 'captured']);
    return { code, total: order.total.amount, tax: order.tax.amount, shipping: order.shipping?.amount ?? 0, subtotal: order.subtotal.amount };
  }

  it("counts a partial refund in its order's day, in JSON and CSV; replayed and late payment records change nothing; the rest of the refund adds up", async () => {
    const refunded = await paidAndShipped();
    const untouched = await paidAndShipped();
    await system.syncReadModel();
    const row = (refunds: number) => ({
      day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      currency: 'EUR',
      orders: 2,
      gross: refunded.subtotal + untouched.subtotal,
      discounts: 0,
      tax: refunded.tax + untouched.tax,
      shipping: refunded.shipping + untouched.shipping,
      refunds,
      net: refunded.total + untouched.total - refunds,
    });
    expect(await sales()).toEqual([row(0)]);

    const part = await expectOk(system.request('POST', `/orders/${refunded.code}/refunds`, { token: admin, body: { amount: 1000, reason: 'damaged' } }));
    expect(part.body.attributes.state).toBe('partially_refunded');
    await system.syncReadModel();
    const [afterPart] = await sales();
    expect(afterPart).toEqual(row(1000));
    const csvLine = (r: typeof afterPart) => ['day', 'currency', 'orders', 'gross', 'discounts', 'tax', 'shipping', 'refunds', 'net'].map((c) => r[c]).join(',');
    expect(await salesCsv()).toBe(`day,currency,orders,gross,discounts,tax,shipping,refunds,net\r\n${csvLine(afterPart)}\r\n`);

    // Every payment record the read model's consumer has seen, delivered again, twice: still one refund.
    const [commandFeed] = system.readModelFeeds;
    const partRecords = paymentRecords(commandFeed.seen);
    expect(partRecords.length).toBeGreaterThan(0);
    expect(await commandFeed.deliver(partRecords)).toEqual([]);
    expect(await commandFeed.deliver([...partRecords].reverse())).toEqual([]);
    expect(await sales()).toEqual([row(1000)]);

    // The rest refunded: the report follows, and the earlier versions arriving late do not take it back.
    const rest = await expectOk(system.request('POST', `/orders/${refunded.code}/refunds`, { token: admin, body: { amount: refunded.total - 1000, reason: 'returned' } }));
    expect(rest.body.attributes.state).toBe('refunded');
    await system.syncReadModel();
    expect(await sales()).toEqual([row(refunded.total)]);
    expect(await commandFeed.deliver(partRecords)).toEqual([]);
    const [fullyRefunded] = await sales();
    expect(fullyRefunded).toEqual(row(refunded.total));
    expect(fullyRefunded.net).toBe(untouched.total);
    expect(await salesCsv()).toBe(`day,currency,orders,gross,discounts,tax,shipping,refunds,net\r\n${csvLine(fullyRefunded)}\r\n`);
  });
});
