import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PaymentEvent, ProviderNotConfigured, WebhookRejected } from '../../src/modules/payment/payment.provider';
import { AwsSecretReader } from '../../src/core/secrets';
import {
  FileStripeCredentials,
  SecretsManagerStripeCredentials,
  STRIPE_SECRET_CACHE_MS,
  StripeCredentials,
  StripeCredentialSource,
  stripeCredentialSource,
} from '../../src/modules/payment/stripe/stripe-credentials';
import { IgnoredEvent, paymentStatus, StripePaymentProvider } from '../../src/modules/payment/stripe/stripe-payment.provider';
import { fakeAccount, writeCredentials } from '../../scripts/fake-stripe';
import { FakeStripe } from '../support/fake-stripe';

/**
 * The Stripe provider against a local fake of the Stripe API (the real SDK, pointed at a
 * loopback port): what it asks Stripe, what it answers shopstream, and how it reads and
 * verifies Stripe's webhooks. No Nest application is booted.
 */

const SHOP_A = 'shop-a';
const SHOP_B = 'shop-b';
const KEY_A = 'sk_test_shopA';
const KEY_B = 'sk_test_shopB';
const WHSEC_A = 'whsec_shopA0000000000000000000000000000';
const WHSEC_B = 'whsec_shopB0000000000000000000000000000';
/** A shop whose Stripe account sees only the flows of the last describe block (its events are read in order). */
const SHOP_F = 'shop-f';
const KEY_F = 'sk_test_shopF';
const WHSEC_F = 'whsec_shopF0000000000000000000000000000';
const EUR = (amount: number) => ({ amount, currency: 'EUR' });

let fake: FakeStripe;
let provider: StripePaymentProvider;
let counter = 0;

/** Credentials kept in memory, as a test stands in for the file or Secrets Manager. */
class MapCredentials implements StripeCredentialSource {
  constructor(private readonly byTenant: Map<string, StripeCredentials>) {}
  async forTenant(tenantCode: string) {
    return this.byTenant.get(tenantCode);
  }
}

beforeAll(async () => {
  fake = await new FakeStripe().start();
  provider = new StripePaymentProvider(
    new MapCredentials(
      new Map([
        [SHOP_A, fake.credentials(KEY_A, WHSEC_A)],
        [SHOP_B, fake.credentials(KEY_B, WHSEC_B)],
        [SHOP_F, fake.credentials(KEY_F, WHSEC_F)],
      ]),
    ),
  );
});

afterAll(async () => {
  await fake.stop();
});

/** A new payment of shop A, authorized at Stripe for `amount` unless said otherwise. */
async function payment(amount = 10_000, outcome: 'succeed' | 'decline' | 'requires_action' | 'none' = 'succeed', options: { multicapture?: boolean } = {}) {
  const n = ++counter;
  const paymentCode = `ORD${n}-P1`;
  const created = await provider.createAuthorization({ tenantCode: SHOP_A, paymentCode, orderCode: `ORD${n}`, amount: EUR(amount), idempotencyKey: `${SHOP_A}:${paymentCode}:authorize` });
  if (outcome !== 'none') fake.confirm(KEY_A, created.providerReference, outcome, options);
  return { paymentCode, reference: created.providerReference, key: (step: string) => `${SHOP_A}:${paymentCode}:${step}` };
}

const requestsWithKey = (key: string) => fake.requests.filter((r) => r.idempotencyKey === key);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function parse(tenant: string, event: Record<string, any>, secret: string, options: { at?: Date; now?: Date } = {}): Promise<PaymentEvent> {
  const { payload, header } = fake.sign(event, secret, options.at);
  return provider.parseWebhook(tenant, Buffer.from(payload), { 'stripe-signature': header, 'content-type': 'application/json' }, options.now ?? new Date());
}

describe('StripePaymentProvider calls to Stripe', () => {
  it('creates a manual-capture PaymentIntent carrying our codes, once per idempotency key', async () => {
    const request = { tenantCode: SHOP_A, paymentCode: 'ORDX-P1', orderCode: 'ORDX', amount: EUR(4_250), idempotencyKey: 'shop-a:ORDX-P1:authorize' };
    const first = await provider.createAuthorization(request);
    const retried = await provider.createAuthorization(request);

    expect(first).toEqual({ providerReference: expect.stringMatching(/^pi_/), status: 'pending', clientSecret: expect.stringMatching(new RegExp(`^${first.providerReference}_secret_`)) });
    expect(retried).toEqual(first);
    const intents = fake.paymentIntents(KEY_A).filter((pi) => pi.metadata.paymentCode === 'ORDX-P1');
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({
      object: 'payment_intent',
      amount: 4_250,
      currency: 'eur',
      capture_method: 'manual',
      status: 'requires_payment_method',
      automatic_payment_methods: { enabled: true },
      payment_method_options: { card: { request_multicapture: 'if_available' } },
      metadata: { paymentCode: 'ORDX-P1', orderCode: 'ORDX', tenant: SHOP_A },
    });
    expect(requestsWithKey(request.idempotencyKey).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/payment_intents', 'POST /v1/payment_intents']);
  });

  it('refuses an idempotency key reused for a different payment (Stripe idempotency_error)', async () => {
    const request = { tenantCode: SHOP_A, paymentCode: 'ORDY-P1', orderCode: 'ORDY', amount: EUR(1_000), idempotencyKey: 'shop-a:ORDY-P1:authorize' };
    await provider.createAuthorization(request);
    const error = await rejection(provider.createAuthorization({ ...request, amount: EUR(2_000) }));
    expect(error).toMatchObject({ type: 'StripeIdempotencyError' });
    expect(fake.paymentIntents(KEY_A).filter((pi) => pi.metadata.paymentCode === 'ORDY-P1')).toHaveLength(1);
  });

  it('captures part of an authorization per shipment with multicapture, then the final part', async () => {
    const { reference, paymentCode, key } = await payment(10_000);

    const first = await provider.capture({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(3_000), final: false, idempotencyKey: key('capture-1') });
    expect(first).toEqual({ capturedTotal: 3_000 });
    expect(fake.paymentIntent(KEY_A, reference)).toMatchObject({ status: 'requires_capture', amount_capturable: 7_000, amount_received: 3_000 });

    // A retried call with the same key changes nothing at Stripe.
    expect(await provider.capture({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(3_000), final: false, idempotencyKey: key('capture-1') })).toEqual({ capturedTotal: 3_000 });
    expect(fake.paymentIntent(KEY_A, reference).amount_received).toBe(3_000);

    const last = await provider.capture({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(5_000), final: true, idempotencyKey: key('capture-2') });
    expect(last).toEqual({ capturedTotal: 8_000 });
    // The final capture released the 2,000 never shipped.
    expect(fake.paymentIntent(KEY_A, reference)).toMatchObject({ status: 'succeeded', amount_capturable: 0, amount_received: 8_000 });
    const captures = fake.requests.filter((r) => r.path === `/v1/payment_intents/${reference}/capture`);
    expect(captures.map((r) => [r.idempotencyKey, r.params.amount_to_capture, r.params.final_capture])).toEqual([
      [key('capture-1'), '3000', 'false'],
      [key('capture-1'), '3000', 'false'],
      [key('capture-2'), '5000', 'true'],
    ]);
  });

  it('without multicapture, captures all that is authorized at the first capture and answers later ones with the total', async () => {
    const { reference, paymentCode, key } = await payment(10_000, 'succeed', { multicapture: false });

    expect(await provider.capture({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(3_000), final: false, idempotencyKey: key('capture-1') })).toEqual({ capturedTotal: 10_000 });
    expect(await provider.capture({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(7_000), final: true, idempotencyKey: key('capture-2') })).toEqual({ capturedTotal: 10_000 });

    expect(fake.paymentIntent(KEY_A, reference)).toMatchObject({ status: 'succeeded', amount_received: 10_000 });
    const captures = fake.requests.filter((r) => r.path === `/v1/payment_intents/${reference}/capture`);
    expect(captures).toHaveLength(1);
    expect(captures[0].params).toEqual({});
  });

  it('captures a single-capture payment for the amount asked when that capture is the final one', async () => {
    const { reference, paymentCode, key } = await payment(10_000, 'succeed', { multicapture: false });
    expect(await provider.capture({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(9_000), final: true, idempotencyKey: key('capture-1') })).toEqual({ capturedTotal: 9_000 });
    expect(fake.requests.filter((r) => r.path.endsWith(`${reference}/capture`)).map((r) => r.params)).toEqual([{ amount_to_capture: '9000' }]);
  });

  it('refuses to capture in another currency than the payment', async () => {
    const { reference, paymentCode, key } = await payment(10_000);
    await expect(provider.capture({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: { amount: 1_000, currency: 'USD' }, final: true, idempotencyKey: key('capture-1') })).rejects.toThrow(/EUR/);
    expect(fake.paymentIntent(KEY_A, reference).amount_received).toBe(0);
  });

  it('cancels an authorization, and answers voided again when it is already cancelled', async () => {
    const { reference, paymentCode, key } = await payment(5_000);
    expect(await provider.cancelAuthorization({ tenantCode: SHOP_A, paymentCode, providerReference: reference, idempotencyKey: key('void') })).toEqual({ status: 'voided' });
    expect(fake.paymentIntent(KEY_A, reference)).toMatchObject({ status: 'canceled', amount_capturable: 0 });
    expect(requestsWithKey(key('void')).map((r) => r.path)).toEqual([`/v1/payment_intents/${reference}/cancel`]);

    expect(await provider.cancelAuthorization({ tenantCode: SHOP_A, paymentCode, providerReference: reference, idempotencyKey: key('void-again') })).toEqual({ status: 'voided' });
  });

  it('does not call a captured payment voided', async () => {
    const { reference, paymentCode, key } = await payment(5_000);
    await provider.capture({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(5_000), final: true, idempotencyKey: key('capture-1') });
    await expect(provider.cancelAuthorization({ tenantCode: SHOP_A, paymentCode, providerReference: reference, idempotencyKey: key('void') })).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('refunds part of a capture and answers the running total refunded', async () => {
    const { reference, paymentCode, key } = await payment(10_000);
    await provider.capture({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(10_000), final: true, idempotencyKey: key('capture-1') });

    const first = await provider.refund({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(2_500), idempotencyKey: key('refund-1') });
    expect(first).toEqual({ refundReference: expect.stringMatching(/^re_/), status: 'succeeded', refundedTotal: 2_500 });
    // A retry is the same refund, not a second one.
    expect(await provider.refund({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(2_500), idempotencyKey: key('refund-1') })).toEqual(first);

    fake.refundStatus = 'pending';
    try {
      const second = await provider.refund({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(1_000), idempotencyKey: key('refund-2') });
      expect(second).toEqual({ refundReference: expect.stringMatching(/^re_/), status: 'pending', refundedTotal: 3_500 });
      expect(second.refundReference).not.toBe(first.refundReference);
    } finally {
      fake.refundStatus = 'succeeded';
    }
    const refunds = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds' && r.params.payment_intent === reference);
    expect(refunds.map((r) => [r.idempotencyKey, r.params.amount, r.params.metadata])).toEqual([
      [key('refund-1'), '2500', { paymentCode }],
      [key('refund-1'), '2500', { paymentCode }],
      [key('refund-2'), '1000', { paymentCode }],
    ]);
    expect(fake.charge(KEY_A, fake.paymentIntent(KEY_A, reference).latest_charge)).toMatchObject({ amount_refunded: 3_500, refunded: false });
  });

  it('tells what Stripe knows of a payment at each step', async () => {
    const fetch = (reference: string) => provider.fetchPayment({ tenantCode: SHOP_A, providerReference: reference });

    const unpaid = await payment(6_000, 'none');
    expect(await fetch(unpaid.reference)).toEqual({ status: 'pending', capturedTotal: 0, refundedTotal: 0 });

    const challenged = await payment(6_000, 'requires_action');
    expect(await fetch(challenged.reference)).toEqual({ status: 'requires_action', capturedTotal: 0, refundedTotal: 0 });

    const declined = await payment(6_000, 'decline');
    expect(await fetch(declined.reference)).toEqual({ status: 'failed', capturedTotal: 0, refundedTotal: 0 });

    const { reference, paymentCode, key } = await payment(6_000);
    expect(await fetch(reference)).toEqual({ status: 'authorized', capturedTotal: 0, refundedTotal: 0 });
    await provider.capture({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(2_000), final: false, idempotencyKey: key('capture-1') });
    expect(await fetch(reference)).toEqual({ status: 'authorized', capturedTotal: 2_000, refundedTotal: 0 });
    await provider.capture({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(4_000), final: true, idempotencyKey: key('capture-2') });
    await provider.refund({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(1_500), idempotencyKey: key('refund-1') });
    expect(await fetch(reference)).toEqual({ status: 'captured', capturedTotal: 6_000, refundedTotal: 1_500 });

    const cancelled = await payment(6_000);
    await provider.cancelAuthorization({ tenantCode: SHOP_A, paymentCode: cancelled.paymentCode, providerReference: cancelled.reference, idempotencyKey: cancelled.key('void') });
    expect(await fetch(cancelled.reference)).toEqual({ status: 'voided', capturedTotal: 0, refundedTotal: 0 });
  });

  it('maps the statuses the fake cannot reach the same way', () => {
    expect(paymentStatus({ status: 'processing', last_payment_error: null })).toBe('pending');
    expect(paymentStatus({ status: 'requires_confirmation', last_payment_error: null })).toBe('pending');
    expect(paymentStatus({ status: 'requires_payment_method', last_payment_error: { type: 'card_error' } as never })).toBe('failed');
  });

  it('throws ProviderNotConfigured for a shop without Stripe credentials, before calling Stripe', async () => {
    const before = fake.requests.length;
    const error = await rejection(provider.createAuthorization({ tenantCode: 'shop-c', paymentCode: 'O-P1', orderCode: 'O', amount: EUR(100), idempotencyKey: 'k' }));
    expect(error).toBeInstanceOf(ProviderNotConfigured);
    expect(error).toMatchObject({ provider: 'stripe', tenantCode: 'shop-c' });
    await expect(provider.fetchPayment({ tenantCode: 'shop-c', providerReference: 'pi_x' })).rejects.toBeInstanceOf(ProviderNotConfigured);
    expect(fake.requests.length).toBe(before);
  });

  it("keeps each shop in its own Stripe account: one shop's key does not reach another's payments", async () => {
    const { reference } = await payment(1_000);
    await expect(provider.fetchPayment({ tenantCode: SHOP_B, providerReference: reference })).rejects.toMatchObject({ code: 'resource_missing' });
  });
});

describe('StripePaymentProvider webhooks', () => {
  /** A payment taken through Stripe to `status`, with the PaymentIntent as Stripe would send it. */
  async function intentIn(status: 'authorized' | 'captured' | 'declined' | 'requires_action' | 'canceled') {
    const p = await payment(8_000, status === 'declined' ? 'decline' : status === 'requires_action' ? 'requires_action' : 'succeed');
    if (status === 'captured') await provider.capture({ tenantCode: SHOP_A, paymentCode: p.paymentCode, providerReference: p.reference, amount: EUR(8_000), final: true, idempotencyKey: p.key('capture-1') });
    if (status === 'canceled') await provider.cancelAuthorization({ tenantCode: SHOP_A, paymentCode: p.paymentCode, providerReference: p.reference, idempotencyKey: p.key('void') });
    return { ...p, intent: fake.paymentIntent(KEY_A, p.reference) };
  }

  it.each([
    ['payment_intent.amount_capturable_updated', 'authorized', 'authorized', 8_000],
    ['payment_intent.succeeded', 'captured', 'captured', 8_000],
    ['payment_intent.payment_failed', 'failed', 'declined', 8_000],
    ['payment_intent.requires_action', 'requires_action', 'requires_action', 8_000],
    ['payment_intent.canceled', 'voided', 'canceled', 8_000],
  ] as const)('reads %s as %s', async (type, expected, state, amount) => {
    const { intent, paymentCode, reference } = await intentIn(state);
    const event = fake.eventFor(type, intent);
    expect(await parse(SHOP_A, event, WHSEC_A)).toEqual({ eventId: event.id, type: expected, paymentCode, providerReference: reference, amount: { amount, currency: 'EUR' } });
  });

  it('reads charge.refunded as the running total refunded, finding our payment code through the PaymentIntent', async () => {
    const { paymentCode, reference, key, intent } = await intentIn('captured');
    await provider.refund({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(1_000), idempotencyKey: key('refund-1') });
    await provider.refund({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(500), idempotencyKey: key('refund-2') });
    const charge = fake.charge(KEY_A, intent.latest_charge);
    expect(charge.metadata).toEqual({}); // Stripe does not copy the PaymentIntent's metadata

    const event = fake.eventFor('charge.refunded', charge);
    expect(await parse(SHOP_A, event, WHSEC_A)).toEqual({ eventId: event.id, type: 'refunded', paymentCode, providerReference: reference, amount: { amount: 1_500, currency: 'EUR' } });
  });

  it('reads charge.dispute.created as a dispute of its amount, with the dispute id', async () => {
    const { paymentCode, reference } = await intentIn('captured');
    const dispute = fake.dispute(KEY_A, reference, 8_000);
    const event = fake.eventFor('charge.dispute.created', dispute);
    expect(await parse(SHOP_A, event, WHSEC_A)).toEqual({ eventId: event.id, type: 'disputed', paymentCode, providerReference: reference, amount: { amount: 8_000, currency: 'EUR' }, disputeId: dispute.id });
    expect(dispute.id).toMatch(/^dp_/);
  });

  it('ignores signed events shopstream does not act on, and PaymentIntents that are not its own', async () => {
    const { intent } = await intentIn('authorized');
    const created = fake.eventFor('payment_intent.created', intent);
    await expect(parse(SHOP_A, created, WHSEC_A)).rejects.toEqual(expect.any(IgnoredEvent));

    const foreign = fake.eventFor('payment_intent.succeeded', { ...intent, metadata: {} });
    await expect(parse(SHOP_A, foreign, WHSEC_A)).rejects.toBeInstanceOf(IgnoredEvent);

    // Two shops sharing one Stripe account: shop B's endpoint must not apply shop A's payment.
    const otherShop = fake.eventFor('payment_intent.succeeded', intent);
    await expect(parse(SHOP_B, otherShop, WHSEC_B)).rejects.toMatchObject({ eventId: otherShop.id, eventType: 'payment_intent.succeeded', message: expect.stringMatching(/another shop/) });
  });

  it('ignores the capturable amount falling after a partial capture (not a new authorization)', async () => {
    const { paymentCode, reference, key } = await payment(10_000);
    await provider.capture({ tenantCode: SHOP_A, paymentCode, providerReference: reference, amount: EUR(4_000), final: false, idempotencyKey: key('capture-1') });
    const event = fake.eventFor('payment_intent.amount_capturable_updated', fake.paymentIntent(KEY_A, reference));
    await expect(parse(SHOP_A, event, WHSEC_A)).rejects.toBeInstanceOf(IgnoredEvent);
  });

  it('ignores a refund of a charge whose PaymentIntent is not in the account', async () => {
    const { intent } = await intentIn('captured');
    const charge = { ...fake.charge(KEY_A, intent.latest_charge), payment_intent: 'pi_unknown' };
    await expect(parse(SHOP_A, fake.eventFor('charge.refunded', charge), WHSEC_A)).rejects.toBeInstanceOf(IgnoredEvent);
  });

  describe('rejects', () => {
    let event: Record<string, any>;
    beforeAll(async () => {
      event = fake.eventFor('payment_intent.succeeded', (await intentIn('captured')).intent);
    });
    const reason = async (promise: Promise<unknown>) => {
      const error = await rejection(promise);
      expect(error).toBeInstanceOf(WebhookRejected);
      return (error as WebhookRejected).reason;
    };

    it('a signature made with another secret (bad_signature)', async () => {
      expect(await reason(parse(SHOP_A, event, 'whsec_someoneElse000000000000000000000'))).toBe('bad_signature');
    });

    it('a body changed after signing (bad_signature)', async () => {
      const { payload, header } = fake.sign(event, WHSEC_A);
      const tampered = Buffer.from(payload.replace('"amount_received": 8000', '"amount_received": 9000'));
      expect(tampered.toString()).not.toBe(payload);
      expect(await reason(provider.parseWebhook(SHOP_A, tampered, { 'stripe-signature': header }, new Date()))).toBe('bad_signature');
    });

    it('a request without the Stripe-Signature header (missing_signature)', async () => {
      const { payload } = fake.sign(event, WHSEC_A);
      expect(await reason(provider.parseWebhook(SHOP_A, Buffer.from(payload), {}, new Date()))).toBe('missing_signature');
      expect(await reason(provider.parseWebhook(SHOP_A, Buffer.from(payload), { 'stripe-signature': 'garbage' }, new Date()))).toBe('bad_signature');
    });

    it('a signature older than the 300 s tolerance (stale), and accepts one just inside it', async () => {
      const now = new Date('2030-01-01T12:00:00Z');
      expect(await reason(parse(SHOP_A, event, WHSEC_A, { at: new Date(now.getTime() - 301_000), now }))).toBe('stale');
      expect(await parse(SHOP_A, event, WHSEC_A, { at: new Date(now.getTime() - 299_000), now })).toMatchObject({ type: 'captured' });
    });

    it('a signed body that is not a Stripe event (malformed)', async () => {
      const payload = 'not json';
      expect(await reason(provider.parseWebhook(SHOP_A, Buffer.from(payload), { 'stripe-signature': fake.signPayload(payload, WHSEC_A) }, new Date()))).toBe('malformed');
      expect(await reason(parse(SHOP_A, { id: 'evt_1', object: 'charge' }, WHSEC_A))).toBe('malformed');
    });

    it('an event for a shop without Stripe credentials (not_configured)', async () => {
      expect(await reason(parse('shop-c', event, WHSEC_A))).toBe('not_configured');
    });

    it("an event of one shop sent to another shop's URL: each verifies only with its own secret", async () => {
      const eventOfB = fake.eventFor('payment_intent.succeeded', event.data.object);
      expect(await reason(parse(SHOP_B, event, WHSEC_A))).toBe('bad_signature');
      expect(await reason(parse(SHOP_A, eventOfB, WHSEC_B))).toBe('bad_signature');
    });
  });

  it('verifies events delivered over HTTP as Stripe sends them (raw body, lower-cased headers)', async () => {
    const { intent, paymentCode } = await intentIn('authorized');
    const received: unknown[] = [];
    const server: Server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const tenant = request.url!.split('/').pop()!;
      try {
        received.push(await provider.parseWebhook(tenant, Buffer.concat(chunks), request.headers, new Date()));
        response.writeHead(200).end('{"received":true}');
      } catch (error) {
        // What the webhook controller is to answer: 200 for an event to drop, so Stripe stops sending it.
        if (error instanceof IgnoredEvent) response.writeHead(200).end('{"received":true,"outcome":"ignored"}');
        else response.writeHead(error instanceof WebhookRejected ? 401 : 500).end(String(error));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe/${SHOP_A}`;
      const event = fake.eventFor('payment_intent.amount_capturable_updated', intent);
      expect(await fake.deliver(event, url, WHSEC_A)).toEqual({ status: 200, body: '{"received":true}' });
      expect((await fake.deliver(event, url, WHSEC_B)).status).toBe(401);
      expect(received).toEqual([expect.objectContaining({ eventId: event.id, type: 'authorized', paymentCode })]);

      // The account's own events, forwarded when the test says, each once.
      const shopF = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe/${SHOP_F}`;
      await fake.deliverEvents(KEY_F, shopF, WHSEC_F);
      const { providerReference } = await provider.createAuthorization({ tenantCode: SHOP_F, paymentCode: 'FWD1-P1', orderCode: 'FWD1', amount: EUR(500), idempotencyKey: 'shop-f:FWD1-P1:authorize' });
      fake.confirm(KEY_F, providerReference, 'succeed');
      expect((await fake.deliverEvents(KEY_F, shopF, WHSEC_F)).map((d) => `${d.type} ${d.status}`)).toEqual(['payment_intent.created 200', 'charge.succeeded 200', 'payment_intent.amount_capturable_updated 200']);
      expect(await fake.deliverEvents(KEY_F, shopF, WHSEC_F)).toEqual([]);
      expect(received[received.length - 1]).toMatchObject({ type: 'authorized', paymentCode: 'FWD1-P1', providerReference });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('StripePaymentProvider over whole payments, reading every event Stripe sends', () => {
  /** Each event the fake's account emitted since `from`, as the provider reads it. */
  async function readEvents(from: number): Promise<string[]> {
    const read: string[] = [];
    for (const event of fake.events(KEY_F, from)) {
      try {
        const parsed = await parse(SHOP_F, event, WHSEC_F);
        read.push(`${parsed.type} ${parsed.amount.amount}`);
      } catch (error) {
        if (!(error instanceof IgnoredEvent)) throw error;
        read.push(`ignored ${error.eventType}`);
      }
    }
    return read;
  }
  const request = (paymentCode: string) => ({ tenantCode: SHOP_F, paymentCode, orderCode: paymentCode.split('-P')[0], amount: EUR(10_000), idempotencyKey: `${SHOP_F}:${paymentCode}:authorize` });

  it('authorize, two shipments, a refund and a chargeback: each running total once, the rest ignored', async () => {
    const from = fake.events(KEY_F).length;
    const { providerReference } = await provider.createAuthorization(request('FLOW1-P1'));
    const step = (name: string) => ({ tenantCode: SHOP_F, paymentCode: 'FLOW1-P1', providerReference, idempotencyKey: `${SHOP_F}:FLOW1-P1:${name}` });
    fake.confirm(KEY_F, providerReference, 'succeed');
    await provider.capture({ ...step('capture-1'), amount: EUR(4_000), final: false });
    await provider.capture({ ...step('capture-2'), amount: EUR(5_000), final: true });
    await provider.refund({ ...step('refund-1'), amount: EUR(2_000) });
    fake.dispute(KEY_F, providerReference, 7_000);

    expect(await readEvents(from)).toEqual([
      'ignored payment_intent.created',
      'ignored charge.succeeded',
      'authorized 10000',
      'ignored charge.captured',
      'ignored payment_intent.amount_capturable_updated', // the partial capture lowered it
      'ignored charge.captured',
      'captured 9000',
      'ignored refund.created',
      'refunded 2000',
      'disputed 7000',
    ]);
  });

  it('a decline, then the shopper retries on the same PaymentIntent: failed, then authorized', async () => {
    const from = fake.events(KEY_F).length;
    const { providerReference } = await provider.createAuthorization(request('FLOW2-P1'));
    fake.confirm(KEY_F, providerReference, 'decline');
    fake.confirm(KEY_F, providerReference, 'requires_action');
    fake.confirm(KEY_F, providerReference, 'succeed');

    expect(await readEvents(from)).toEqual([
      'ignored payment_intent.created',
      'ignored charge.failed',
      'failed 10000',
      'requires_action 10000',
      'ignored charge.succeeded',
      'authorized 10000',
    ]);
    expect(await provider.fetchPayment({ tenantCode: SHOP_F, providerReference })).toEqual({ status: 'authorized', capturedTotal: 0, refundedTotal: 0 });
  });

  it('a cancelled authorization: voided', async () => {
    const from = fake.events(KEY_F).length;
    const { providerReference } = await provider.createAuthorization(request('FLOW3-P1'));
    fake.confirm(KEY_F, providerReference, 'succeed');
    await provider.cancelAuthorization({ tenantCode: SHOP_F, paymentCode: 'FLOW3-P1', providerReference, idempotencyKey: `${SHOP_F}:FLOW3-P1:void` });
    expect((await readEvents(from)).slice(-1)).toEqual(['voided 10000']);
  });
});

describe('the fake on its own (npm run fake-stripe)', () => {
  it('lets the shopper confirm and the bank dispute over HTTP, with the account key', async () => {
    const { providerReference } = await provider.createAuthorization({ tenantCode: SHOP_A, paymentCode: 'CTL1-P1', orderCode: 'CTL1', amount: EUR(700), idempotencyKey: 'shop-a:CTL1-P1:authorize' });
    const { apiPort } = fake.credentials(KEY_A, WHSEC_A);
    const control = (path: string, body: string, key = KEY_A) =>
      fetch(`http://127.0.0.1:${apiPort}/_fake/payment_intents/${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' }, body });

    expect((await control(`${providerReference}/confirm`, 'outcome=succeed', KEY_B)).status).toBe(404);
    const confirmed = await control(`${providerReference}/confirm`, 'outcome=succeed&multicapture=false');
    expect(await confirmed.json()).toMatchObject({ id: providerReference, status: 'requires_capture', amount_capturable: 700 });
    expect(await provider.fetchPayment({ tenantCode: SHOP_A, providerReference })).toMatchObject({ status: 'authorized' });
    expect(await (await control(`${providerReference}/dispute`, 'amount=300')).json()).toMatchObject({ object: 'dispute', amount: 300, payment_intent: providerReference });
    expect((await control(`${providerReference}/confirm`, 'outcome=maybe')).status).toBe(400);
  });

  it('writes the fake accounts into the credentials file, keeping other shops', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fake-stripe-')), 'nested', 'stripe-credentials.json');
    writeCredentials(file, { other: { secretKey: 'sk_test_other', webhookSecret: 'whsec_other' } });
    writeCredentials(file, { demo: fake.credentials(fakeAccount('demo').secretKey, fakeAccount('demo').webhookSecret) });
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written).toEqual({
      other: { secretKey: 'sk_test_other', webhookSecret: 'whsec_other' },
      demo: { secretKey: 'sk_test_fake_demo', webhookSecret: 'whsec_fake_demo', apiHost: '127.0.0.1', apiPort: expect.any(Number), apiProtocol: 'http' },
    });
  });
});

describe('Stripe credentials per shop', () => {
  const credentials = { secretKey: 'sk_test_1', webhookSecret: 'whsec_1' };

  it('reads a local JSON file mapping shop codes to credentials', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stripe-credentials-'));
    const file = join(dir, 'stripe-credentials.json');
    writeFileSync(file, JSON.stringify({ [SHOP_A]: { ...credentials, apiHost: '127.0.0.1', apiPort: 12111, apiProtocol: 'http' }, [SHOP_B]: { secretKey: 'sk_test_2' } }));
    const source = new FileStripeCredentials(file);

    expect(await source.forTenant(SHOP_A)).toEqual({ ...credentials, apiHost: '127.0.0.1', apiPort: 12111, apiProtocol: 'http' });
    expect(await source.forTenant(SHOP_B)).toBeUndefined(); // no webhook secret: not configured
    expect(await source.forTenant('shop-c')).toBeUndefined();
    expect(await source.forTenant('__proto__')).toBeUndefined();
    expect(await new FileStripeCredentials(join(dir, 'missing.json')).forTenant(SHOP_A)).toBeUndefined();
  });

  it('reads one Secrets Manager secret per shop and keeps each answer a minute', async () => {
    const reads: string[] = [];
    const secrets = new Map([['shopstream/payments/stripe/shop-a', JSON.stringify(credentials)]]);
    let now = 1_000_000;
    const source = new SecretsManagerStripeCredentials('shopstream/payments/stripe/', { secretString: async (id) => (reads.push(id), secrets.get(id)) }, () => now);

    expect(await source.forTenant(SHOP_A)).toEqual(credentials);
    expect(await source.forTenant(SHOP_B)).toBeUndefined();
    secrets.set('shopstream/payments/stripe/shop-a', JSON.stringify({ ...credentials, secretKey: 'sk_test_rotated' }));
    expect(await source.forTenant(SHOP_A)).toEqual(credentials);
    expect(reads).toEqual(['shopstream/payments/stripe/shop-a', 'shopstream/payments/stripe/shop-b']);

    now += STRIPE_SECRET_CACHE_MS + 1;
    expect(await source.forTenant(SHOP_A)).toEqual({ ...credentials, secretKey: 'sk_test_rotated' });
    expect(reads).toHaveLength(3);
  });

  it('treats a secret that is not credentials JSON as not configured', async () => {
    const source = new SecretsManagerStripeCredentials('p/', { secretString: async () => 'sk_live_pasted_alone' });
    expect(await source.forTenant(SHOP_A)).toBeUndefined();
  });

  it('reads the secret with the AWS SDK: a missing secret is "not configured", any other error is thrown', async () => {
    const requests: { target?: string; body: Record<string, unknown> }[] = [];
    const secretsManager = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId: string };
      requests.push({ target: request.headers['x-amz-target'] as string | undefined, body });
      const answer = (status: number, json: Record<string, unknown>, errorType?: string) =>
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(errorType && { 'x-amzn-errortype': errorType }) }).end(JSON.stringify(json));
      if (body.SecretId === 'shopstream/test/payments/stripe/shop-a') return answer(200, { ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${body.SecretId}-AbCdEf`, Name: body.SecretId, SecretString: JSON.stringify(credentials), VersionId: 'v1' });
      if (body.SecretId === 'shopstream/test/payments/stripe/shop-locked') return answer(400, { __type: 'AccessDeniedException', message: 'not authorized to perform: secretsmanager:GetSecretValue' }, 'AccessDeniedException');
      answer(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }, 'ResourceNotFoundException');
    });
    await new Promise<void>((resolve) => secretsManager.listen(0, '127.0.0.1', resolve));
    try {
      const reader = new AwsSecretReader({ endpoint: `http://127.0.0.1:${(secretsManager.address() as AddressInfo).port}`, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      const source = new SecretsManagerStripeCredentials('shopstream/test/payments/stripe/', reader);

      expect(await source.forTenant(SHOP_A)).toEqual(credentials);
      expect(await source.forTenant(SHOP_B)).toBeUndefined();
      await expect(source.forTenant('shop-locked')).rejects.toMatchObject({ name: 'AccessDeniedException' });
      expect(requests).toEqual([
        { target: 'secretsmanager.GetSecretValue', body: { SecretId: 'shopstream/test/payments/stripe/shop-a' } },
        { target: 'secretsmanager.GetSecretValue', body: { SecretId: 'shopstream/test/payments/stripe/shop-b' } },
        { target: 'secretsmanager.GetSecretValue', body: { SecretId: 'shopstream/test/payments/stripe/shop-locked' } },
      ]);
    } finally {
      secretsManager.closeAllConnections();
      await new Promise((resolve) => secretsManager.close(resolve));
    }
  });

  it('chooses Secrets Manager or the file from STRIPE_CREDENTIALS', () => {
    expect(stripeCredentialSource({ STRIPE_CREDENTIALS: 'secrets-manager', STRIPE_SECRET_PREFIX: 'x/' })).toBeInstanceOf(SecretsManagerStripeCredentials);
    expect(stripeCredentialSource({})).toBeInstanceOf(FileStripeCredentials);
  });
});
