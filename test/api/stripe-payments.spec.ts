import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handler as sweeper } from '../../src/handlers/sweeper';
import { FakeStripe } from '../support/fake-stripe';
import { expectOk, readyGuestCart, storefrontShop } from '../support/storefront';
import { TestSystem } from '../support/test-system';

type Line = { kind: string; state: string; amount: { amount: number }; reference?: string };
const ledger = (payment: { attributes: { transactions: Line[] } }) => payment.attributes.transactions.map((t) => `${t.kind}:${t.state}:${t.amount.amount}`);

/**
 * Shops that take payments with Stripe, the whole system (HTTP app, real stream handlers,
 * sweeper) against a local fake of the Stripe API: the SDK goes to the fake through the
 * credentials file; the fake plays the shopper and sends Stripe's signed events.
 */
describe('payments with Stripe: PaymentIntents, Stripe webhooks, captures per shipment, refunds, disputes (DynamoDB Local, fake Stripe)', () => {
  let system: TestSystem;
  let fake: FakeStripe;
  let credentialsFile: string;
  const accounts = new Map<string, { secretKey: string; webhookSecret: string }>();

  beforeAll(async () => {
    fake = await new FakeStripe().start();
    credentialsFile = join(mkdtempSync(join(tmpdir(), 'stripe-app-')), 'stripe-credentials.json');
    writeFileSync(credentialsFile, '{}');
    process.env.STRIPE_CREDENTIALS_FILE = credentialsFile;
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system.stop();
    await fake.stop();
    delete process.env.STRIPE_CREDENTIALS_FILE;
  });

  /** A shop set to Stripe, with its own Stripe account in the credentials file unless `credentials: false`. */
  async function stripeShop(tenant: string, options: { credentials?: boolean } = {}) {
    const storefront = await storefrontShop(system, tenant);
    await expectOk(system.request('PATCH', '/settings', { token: storefront.shop.admin(), body: { expectedVersion: 1, paymentProvider: 'stripe' } }));
    if (options.credentials !== false) {
      const account = { secretKey: `sk_test_${tenant}`, webhookSecret: `whsec_${tenant}_0123456789abcdef` };
      accounts.set(tenant, account);
      writeFileSync(credentialsFile, JSON.stringify(Object.fromEntries([...accounts].map(([code, a]) => [code, fake.credentials(a.secretKey, a.webhookSecret)]))));
    }
    return storefront;
  }

  /** An order of `lines` awaiting payment, and its payment started (a PaymentIntent at Stripe). */
  async function startedPayment(tenant: string, lines = [{ sku: 'TEE-M', quantity: 2 }]) {
    const { shop, key } = await stripeShop(tenant);
    const cart = await readyGuestCart(system, key, lines);
    await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: 'card' }));
    await system.sync();
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    return { shop, cart, payment, intentId: payment.attributes.providerReference as string, secretKey: accounts.get(tenant)!.secretKey };
  }

  /** Stripe's newest event of `type` for this shop's account, delivered to the shop's webhook URL. */
  async function deliver(tenant: string, type: string) {
    const account = accounts.get(tenant)!;
    const event = fake.events(account.secretKey).filter((e) => e.type === type).pop();
    if (!event) throw new Error(`Stripe sent no ${type} for ${tenant}`);
    const { payload, header } = fake.sign(event, account.webhookSecret);
    return system.request('POST', `/webhooks/stripe/${tenant}`, { raw: payload, headers: { 'stripe-signature': header } });
  }

  const paymentOf = async (cart: { id: string; call: (m: string, p: string) => Promise<{ body: any }> }) => (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0];

  it("gives the storefront what Stripe's Payment Element needs: the shop's publishable key in GET /storefront/config, and the PaymentIntent's client secret", async () => {
    const { shop, key } = await stripeShop('stripe-element');
    const admin = shop.admin();
    await expectOk(system.request('PATCH', '/settings', { token: admin, body: { expectedVersion: 2, stripePublishableKey: 'pk_test_stripeElement01', storefront: { domains: ['stripe-element.example.com'], publishableKey: key } } }));
    const config = (await expectOk(system.request('GET', '/storefront/config?host=stripe-element.example.com'))).body;
    expect(config.payment).toMatchObject({ provider: 'stripe', onlineMethods: ['card'], stripePublishableKey: 'pk_test_stripeElement01' });
    // Never anything of the Stripe account's secrets.
    expect(JSON.stringify(config)).not.toMatch(/sk_test_|whsec_/);
    const cart = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 1 }]);
    await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: config.payment.onlineMethods[0] }));
    await system.sync();
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    expect(payment.attributes).toMatchObject({ provider: 'stripe', state: 'created', clientSecret: expect.stringMatching(new RegExp(`^${payment.attributes.providerReference}_secret_`)) });
  });

  it('starts a manual-capture PaymentIntent for the order total; the authorization webhook confirms the order, once', async () => {
    const { cart, payment, intentId, secretKey } = await startedPayment('stripe-auth');
    const order = (await cart.call('GET', `/carts/${cart.id}/order`)).body;
    expect(payment.attributes).toMatchObject({ provider: 'stripe', state: 'created', providerReference: expect.stringMatching(/^pi_/), clientSecret: expect.stringMatching(new RegExp(`^${intentId}_secret_`)) });
    expect(fake.paymentIntent(secretKey, intentId)).toMatchObject({
      amount: order.attributes.total.amount,
      currency: 'eur',
      capture_method: 'manual',
      metadata: { paymentCode: payment.code, orderCode: order.code, tenant: 'stripe-auth' },
    });

    fake.confirm(secretKey, intentId, 'succeed');
    expect((await deliver('stripe-auth', 'payment_intent.amount_capturable_updated')).body).toEqual({ received: true, outcome: 'applied' });
    expect((await deliver('stripe-auth', 'payment_intent.amount_capturable_updated')).body).toEqual({ received: true, outcome: 'duplicate' });
    await system.sync({ twice: true });
    expect((await paymentOf(cart)).attributes.state).toBe('authorized');
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status).toBe('confirmed');
  });

  it('captures each shipment with multicapture and the last one final; refunds and disputes reach the ledger; our own steps echoed by Stripe change nothing', async () => {
    const { shop, cart, payment, intentId, secretKey } = await startedPayment('stripe-ship');
    fake.confirm(secretKey, intentId, 'succeed');
    await expectOk(deliver('stripe-ship', 'payment_intent.amount_capturable_updated'));
    await system.sync({ twice: true });
    const admin = (method: string, path: string, body?: unknown) => system.request(method, path, { token: shop.admin(), body });
    const code = payment.attributes.orderCode;
    let order = (await expectOk(admin('GET', `/orders/${code}`))).body;
    const total = order.attributes.total.amount;

    await expectOk(admin('PATCH', `/orders/${code}/status`, { status: 'processing', expectedVersion: order.version }));
    const first = await expectOk(admin('POST', `/orders/${code}/shipments`, { expectedVersion: order.version + 1, carrier: 'DHL', trackingNumber: 'DHL-1', lines: [{ sku: 'TEE-M', quantity: 1 }] }));
    const firstShare = first.body.attributes.shipments[0].amount.amount;
    await system.sync({ twice: true });
    expect(fake.paymentIntent(secretKey, intentId)).toMatchObject({ status: 'requires_capture', amount_received: firstShare, amount_capturable: total - firstShare });
    expect(ledger(await paymentOf(cart))).toEqual([`authorization:succeeded:${total}`, `capture:succeeded:${firstShare}`]);

    await expectOk(admin('POST', `/orders/${code}/shipments`, { expectedVersion: first.body.version, carrier: 'UPS', trackingNumber: 'UPS-2' }));
    await system.sync({ twice: true });
    expect(fake.paymentIntent(secretKey, intentId)).toMatchObject({ status: 'succeeded', amount_received: total });
    const captures = fake.requests.filter((r) => r.path === `/v1/payment_intents/${intentId}/capture`);
    expect(captures.map((r) => [r.params.amount_to_capture, r.params.final_capture])).toEqual([
      [String(firstShare), 'false'],
      [String(total - firstShare), 'true'],
    ]);
    expect(new Set(captures.map((r) => r.idempotencyKey)).size).toBe(2);
    // Stripe's event of the capture we made ourselves: nothing new.
    expect((await deliver('stripe-ship', 'payment_intent.succeeded')).body.outcome).toBe('stale');

    order = (await expectOk(admin('GET', `/orders/${code}`))).body;
    const refund = await expectOk(admin('POST', `/orders/${code}/refunds`, { amount: 1_000, reason: 'damaged' }));
    const refundLine = refund.body.attributes.transactions.find((t: Line) => t.kind === 'refund');
    expect(refundLine).toMatchObject({ state: 'succeeded', amount: { amount: 1_000 }, reference: expect.stringMatching(/^re_/) });
    expect(fake.charge(secretKey, fake.paymentIntent(secretKey, intentId).latest_charge)).toMatchObject({ amount_refunded: 1_000 });
    expect((await deliver('stripe-ship', 'charge.refunded')).body.outcome).toBe('stale');

    const dispute = fake.dispute(secretKey, intentId, 1_500);
    expect((await deliver('stripe-ship', 'charge.dispute.created')).body.outcome).toBe('applied');
    const disputed = await paymentOf(cart);
    expect(disputed.attributes.transactions.filter((t: Line) => t.kind === 'chargeback')).toEqual([expect.objectContaining({ amount: { amount: 1_500, currency: 'EUR' }, reference: dispute.id })]);
  });

  it('a card without multicapture is captured whole at the first shipment; the second shipment asks Stripe for nothing more', async () => {
    const { shop, cart, payment, intentId, secretKey } = await startedPayment('stripe-single');
    fake.confirm(secretKey, intentId, 'succeed', { multicapture: false });
    await expectOk(deliver('stripe-single', 'payment_intent.amount_capturable_updated'));
    await system.sync({ twice: true });
    const admin = (method: string, path: string, body?: unknown) => system.request(method, path, { token: shop.admin(), body });
    const code = payment.attributes.orderCode;
    const order = (await expectOk(admin('GET', `/orders/${code}`))).body;
    const total = order.attributes.total.amount;
    await expectOk(admin('PATCH', `/orders/${code}/status`, { status: 'processing', expectedVersion: order.version }));
    const first = await expectOk(admin('POST', `/orders/${code}/shipments`, { expectedVersion: order.version + 1, carrier: 'DHL', trackingNumber: 'DHL-1', lines: [{ sku: 'TEE-M', quantity: 1 }] }));
    await system.sync({ twice: true });
    expect(fake.paymentIntent(secretKey, intentId)).toMatchObject({ status: 'succeeded', amount_received: total });
    // The ledger says what Stripe did at once (not only the shipment's share): nothing is left to void.
    const firstShare = first.body.attributes.shipments[0].amount.amount;
    expect([(await paymentOf(cart)).attributes.state, ledger(await paymentOf(cart))]).toEqual(['captured', [`authorization:succeeded:${total}`, `capture:succeeded:${firstShare}`, `capture:succeeded:${total - firstShare}`]]);

    await expectOk(admin('POST', `/orders/${code}/shipments`, { expectedVersion: first.body.version, carrier: 'UPS', trackingNumber: 'UPS-2' }));
    await system.sync({ twice: true });
    expect(fake.requests.filter((r) => r.path === `/v1/payment_intents/${intentId}/capture`)).toHaveLength(1);
    const captured = await paymentOf(cart);
    expect(captured.attributes.state).toBe('captured');
    expect(captured.attributes.transactions.filter((t: Line) => t.kind === 'capture').reduce((sum: number, t: Line) => sum + t.amount.amount, 0)).toBe(total);
    expect((await deliver('stripe-single', 'payment_intent.succeeded')).body.outcome).toBe('stale');
  });

  it('a declined card, then 3-D Secure, then success on the same PaymentIntent: failed, then authorized', async () => {
    const { cart, intentId, secretKey } = await startedPayment('stripe-retry');
    fake.confirm(secretKey, intentId, 'decline');
    expect((await deliver('stripe-retry', 'payment_intent.payment_failed')).body.outcome).toBe('applied');
    await system.sync({ twice: true });
    expect((await paymentOf(cart)).attributes.state).toBe('failed');

    fake.confirm(secretKey, intentId, 'requires_action');
    await expectOk(deliver('stripe-retry', 'payment_intent.requires_action'));
    fake.confirm(secretKey, intentId, 'succeed');
    expect((await deliver('stripe-retry', 'payment_intent.amount_capturable_updated')).body.outcome).toBe('applied');
    await system.sync({ twice: true });
    expect((await paymentOf(cart)).attributes.state).toBe('authorized');
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status).toBe('confirmed');
  });

  it('asks Stripe about a payment whose webhook never came (the reconcile sweep)', async () => {
    const { cart, intentId, secretKey } = await startedPayment('stripe-lost');
    fake.confirm(secretKey, intentId, 'succeed');
    // The stream files the payment among the open ones, which the sweep reads.
    await system.sync();
    await sweeper({ time: new Date(Date.now() + 601_000).toISOString() });
    await system.sync({ twice: true });
    expect((await paymentOf(cart)).attributes.state).toBe('authorized');
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status).toBe('confirmed');
  });

  it('refuses what is not signed by the shop\'s own Stripe endpoint secret, and a shop without Stripe credentials cannot pay', async () => {
    const { intentId, secretKey } = await startedPayment('stripe-sig');
    await startedPayment('stripe-sig-other');
    fake.confirm(secretKey, intentId, 'succeed');
    const event = fake.events(secretKey).filter((e) => e.type === 'payment_intent.amount_capturable_updated').pop()!;
    const signedBy = (secret: string) => fake.sign(event, secret);
    const post = (tenant: string, signed: { payload: string; header: string } | { payload: string; header?: undefined }) =>
      system.request('POST', `/webhooks/stripe/${tenant}`, { raw: signed.payload, headers: signed.header ? { 'stripe-signature': signed.header } : {} });

    expect((await post('stripe-sig', signedBy(accounts.get('stripe-sig-other')!.webhookSecret))).status).toBe(401);
    expect((await post('stripe-sig', { payload: signedBy(accounts.get('stripe-sig')!.webhookSecret).payload })).status).toBe(401);
    expect((await post('stripe-sig', fake.sign(event, accounts.get('stripe-sig')!.webhookSecret, new Date(Date.now() - 600_000)))).status).toBe(400);
    // A signed event of a type shopstream does not act on: 200, so Stripe stops sending it.
    const created = fake.eventFor('payment_intent.created', fake.paymentIntent(secretKey, intentId));
    expect((await post('stripe-sig', fake.sign(created, accounts.get('stripe-sig')!.webhookSecret))).body).toEqual({ received: true, outcome: 'ignored' });

    const { key } = await stripeShop('stripe-none', { credentials: false });
    const cart = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 1 }]);
    await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: 'card' }));
    await system.sync();
    expect((await cart.call('POST', `/carts/${cart.id}/payments`, {})).body).toMatchObject({ statusCode: 409, reason: 'no_payment_provider' });
    // A shop without Stripe is not told apart from an unknown one.
    const [unconfigured, unknown] = await Promise.all([post('stripe-none', signedBy('whsec_anything')), post('no-such-shop', signedBy('whsec_anything'))]);
    expect([unconfigured.status, unconfigured.body]).toEqual([401, { statusCode: 401, error: 'UnauthorizedError', message: 'invalid webhook signature' }]);
    expect([unknown.status, unknown.body]).toEqual([unconfigured.status, unconfigured.body]);
  });
});
