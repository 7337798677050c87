import { handler as sweeper } from '../../src/handlers/sweeper';
import { TenantTokens, TestSystem } from '../support/test-system';
import { expectOk, stockLevel, storefrontShop, takeStock } from '../support/storefront';
import { authorized, awaitingOrder as awaitingOrderIn, deliver as deliverTo, psp, pspEvent, Webhook } from '../support/test-psp';
import { mailsOf } from '../support/shop';
import { TestPaymentProvider, TestPspEvent, testWebhookSecret } from '../../src/modules/payment/test-payment.provider';
import { TenantItemStore } from '../../src/core/tenant-item.store';
import { CommandService } from '../../src/core/command.service';
import { resetConfig } from '../../src/config';
import { SYSTEM_TENANT, systemActorContext } from '../../src/core/tenant-context';
import { tokenFor } from '../support/auth';
import { PaymentService } from '../../src/modules/payment/payment.service';
import { PaymentProviders } from '../../src/modules/payment/payment-providers';
import { offeredPaymentProviders } from '../../src/modules/payment/payment.module';
import { PaymentProvider } from '../../src/modules/payment/payment.provider';
import { ShopSettingsService } from '../../src/modules/tenant/shop-settings.service';
import { TenantDirectory } from '../../src/modules/tenant/tenant.directory';
import { RateLimits } from '../../src/core/rate-limits';
import { expectPaymentsOnTheirMachine } from '../support/machines';

describe('payments: the test PSP, signed webhooks applied once, the order confirmed by its authorization (DynamoDB Local)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());
  expectPaymentsOnTheirMachine();

  const awaitingOrder = (tenant: string, holdSeconds = 900) => awaitingOrderIn(system, tenant, holdSeconds);
  const deliver = (tenant: string, webhook: Webhook) => deliverTo(system, tenant, webhook);

  it('confirms an order awaiting payment once its authorization arrives; a redelivery changes nothing', async () => {
    const { cart, order } = await awaitingOrder('pay-ok');
    const payment = await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}));
    expect(payment.body).toMatchObject({ code: `${order.code}-P1`, version: 1, attributes: { state: 'created', amount: order.attributes.total, transactions: [{ kind: 'authorization', state: 'pending' }] } });

    const event = pspEvent('pay-ok', authorized(payment.body, 'evt_auth_1'));
    expect((await deliver('pay-ok', event)).body).toEqual({ received: true, outcome: 'applied' });
    expect((await deliver('pay-ok', event)).body).toEqual({ received: true, outcome: 'duplicate' });
    await system.sync({ twice: true });
    const confirmed = (await cart.call('GET', `/carts/${cart.id}/order`)).body;
    expect(confirmed.attributes.status).toBe('confirmed');
    expect(confirmed.version).toBe(3);
  });

  it('refuses a webhook with a missing, wrong, stale or foreign signature, and writes nothing', async () => {
    const { cart } = await awaitingOrder('pay-sig');
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    const event = authorized(payment, 'evt_sig_1');
    expect((await deliver('pay-sig', pspEvent('pay-sig', event, { signature: null }))).status).toBe(401);
    expect((await deliver('pay-sig', pspEvent('pay-sig', event, { secret: 'not-the-secret' }))).status).toBe(401);
    expect((await deliver('pay-sig', pspEvent('pay-sig', event, { secret: testWebhookSecret('pay-ok') }))).status).toBe(401);
    expect((await deliver('pay-sig', pspEvent('pay-sig', event, { signature: 't=1,v1=zz' }))).status).toBe(401);
    expect((await deliver('pay-sig', pspEvent('pay-sig', event, { at: new Date(Date.now() - 301_000) }))).body).toMatchObject({ statusCode: 400, fields: [{ field: 'body', problem: 'the signature is too old' }] });
    // Signed for pay-sig, sent to another shop's URL: that shop's secret does not match.
    await storefrontShop(system, 'pay-sig-other');
    expect((await deliver('pay-sig-other', pspEvent('pay-sig', event))).status).toBe(401);
    await system.sync();
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status).toBe('awaiting_payment');
    // The genuine one still applies: nothing was recorded for the refused ones.
    expect((await deliver('pay-sig', pspEvent('pay-sig', event))).body.outcome).toBe('applied');
  });

  it('answers an unknown or disabled shop exactly as a wrong signature, so the URL tells no one which shops exist', async () => {
    await system.createTenant('pay-who');
    await system.createTenant('pay-closed');
    const sysadmin = tokenFor(SYSTEM_TENANT, 'system-admin');
    await expectOk(system.request('PATCH', '/tenants/pay-closed', { token: sysadmin, body: { expectedVersion: 1, enabled: false } }));
    const event: TestPspEvent = { id: 'evt_who_1', type: 'payment.authorized', data: { reference: 'psp_1', amount: { amount: 100, currency: 'EUR' }, metadata: { paymentCode: 'ORD-000001-P1' } } };
    const post = (tenant: string, webhook: { raw: string; headers: Record<string, string> }) => system.request('POST', `/webhooks/test/${tenant}`, webhook);
    const answers = await Promise.all([
      post('pay-who', pspEvent('pay-who', event, { secret: 'a-guess' })),
      post('pay-who', pspEvent('pay-who', event, { signature: null })),
      post('no-such-shop', pspEvent('no-such-shop', event, { secret: 'a-guess' })),
      post('no-such-shop', pspEvent('no-such-shop', event)),
      post('no-such-shop', pspEvent('no-such-shop', event, { signature: null })),
      post('NOT_A_CODE', pspEvent('NOT_A_CODE', event)),
      post('pay-closed', pspEvent('pay-closed', event)),
    ]);
    const invalid = { statusCode: 401, error: 'UnauthorizedError', message: 'invalid webhook signature' };
    expect(answers.map((a) => [a.status, a.body])).toEqual(answers.map(() => [401, invalid]));
  });

  it('acknowledges a signed event of a type it does not act on as ignored (200), and still refuses a malformed or unsigned one', async () => {
    const { cart } = await awaitingOrder('pay-ignore');
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    const other = pspEvent('pay-ignore', authorized(payment, 'evt_other_1', 'payment.something_else'));
    const reply = await deliver('pay-ignore', other);
    expect([reply.status, reply.body]).toEqual([200, { received: true, outcome: 'ignored' }]);
    // An unknown type is only ignored once the signature holds and the event has an id and a type.
    expect((await deliver('pay-ignore', pspEvent('pay-ignore', authorized(payment, 'evt_other_2', 'payment.something_else'), { signature: null }))).status).toBe(401);
    const noId = { ...authorized(payment, 'x', 'payment.something_else'), id: undefined } as unknown as TestPspEvent;
    expect((await deliver('pay-ignore', pspEvent('pay-ignore', noId))).body).toMatchObject({ statusCode: 400, fields: [{ field: 'body', problem: 'not an event of this provider' }] });
    const badAmount = { ...authorized(payment, 'evt_bad_amount'), data: { ...authorized(payment, 'evt_bad_amount').data, amount: { amount: -1, currency: 'USD' } } };
    expect((await deliver('pay-ignore', pspEvent('pay-ignore', badAmount))).status).toBe(400);
    await system.sync();
    expect((await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0].attributes.state).toBe('created');
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status).toBe('awaiting_payment');
  });

  it('100 parallel deliveries of one event change the payment once and confirm the order once', async () => {
    const { cart } = await awaitingOrder('pay-burst');
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    const event = pspEvent('pay-burst', authorized(payment, 'evt_burst_1'));
    const replies = await Promise.all(Array.from({ length: 100 }, () => deliver('pay-burst', event)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(replies.filter((r) => r.body.outcome === 'applied')).toHaveLength(1);
    await system.sync();
    const history = await system.request('GET', `/orders/${payment.attributes.orderCode}/history`, { token: new TenantTokens('pay-burst').admin() });
    expect(history.body.versions.map((v: { toStatus: string }) => v.toStatus)).toEqual(['pending', 'awaiting_payment', 'confirmed']);
  });

  it('a declined payment leaves the order awaiting payment; a retry succeeds (the same payment at the PSP, or a new one); an old event never moves a payment back', async () => {
    const { shop, cart } = await awaitingOrder('pay-retry');
    const first = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    expect((await deliver('pay-retry', pspEvent('pay-retry', authorized(first, 'evt_fail_1', 'payment.failed')))).body.outcome).toBe('applied');
    await system.sync();
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status).toBe('awaiting_payment');
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 20, reserved: 2, available: 18 });

    const second = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    expect(second.code).toBe(`${first.attributes.orderCode}-P2`);
    expect((await deliver('pay-retry', pspEvent('pay-retry', authorized(second, 'evt_auth_2')))).body.outcome).toBe('applied');
    // A decline of the second attempt delivered after its authorization is older news: nothing moves.
    expect((await deliver('pay-retry', pspEvent('pay-retry', authorized(second, 'evt_fail_2_old', 'payment.failed')))).body.outcome).toBe('stale');
    await system.sync();
    const confirmed = (await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes;
    expect([confirmed.status, confirmed.paidWith]).toEqual(['confirmed', second.code]);
    // The shopper heard of each: the decline (with the hold's end), then the payment received.
    const mails = mailsOf('pay-retry');
    expect(mails.get(`${first.code}.v2`)).toContain('was declined');
    expect(mails.get(`${first.code}.v2`)).toContain('you can pay again until');
    expect(mails.get(`${second.code}.v2`)).toContain('is authorized');
    // Paying a confirmed order again is refused.
    expect((await cart.call('POST', `/carts/${cart.id}/payments`, {})).body).toMatchObject({ statusCode: 409, status: 'confirmed' });

    // The first attempt succeeding at the PSP after all (the shopper retried it there): the order
    // is paid already, so its authorization is voided, and the shopper is told.
    expect((await deliver('pay-retry', pspEvent('pay-retry', authorized(first, 'evt_auth_1_retried')))).body.outcome).toBe('applied');
    await system.sync({ twice: true });
    const [p2, p1] = (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items.map((p: { attributes: { state: string } }) => p.attributes.state);
    expect([p1, p2]).toEqual(['voided', 'authorized']);
    expect([...mailsOf('pay-retry').values()].some((m) => m.includes('the order was paid already'))).toBe(true);
  });

  it('a payment that succeeds after the hold ended takes the stock again and confirms the order when the stock is still there', async () => {
    const { shop, cart } = await awaitingOrder('pay-late', 30);
    const late = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    await sweeper({ time: new Date(Date.now() + 31_000).toISOString() });
    await system.sync();
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes).toMatchObject({ status: 'cancelled', cancelReason: 'payment_timeout' });
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 20, reserved: 0, available: 20 });
    expect((await deliver('pay-late', pspEvent('pay-late', authorized(late, 'evt_late_auth')))).body.outcome).toBe('applied');
    await system.sync({ twice: true });
    const order = (await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes;
    expect([order.status, order.latePayment, order.paidWith, order.cancelReason]).toEqual(['confirmed', true, late.code, undefined]);
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 20, reserved: 2, available: 18 });
    expect((await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0].attributes.state).toBe('authorized');

    // A restart re-reads the stream from its start (the local stack's TRIM_HORIZON): the old
    // cancellation comes again after the confirmation, and must neither release the stock the
    // late payment took nor void that payment, nor mail anyone.
    const mailsBefore = mailsOf('pay-late').size;
    await system.stream.deliver(system.stream.seen);
    await system.sync({ twice: true });
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status).toBe('confirmed');
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 20, reserved: 2, available: 18 });
    expect((await cart.call('GET', `/carts/${cart.id}/payments`)).body.items.map((p: { attributes: { state: string } }) => p.attributes.state)).toEqual(['authorized']);
    expect(mailsOf('pay-late').size).toBe(mailsBefore);
  });

  it("the shopper's return from the payment page and the provider's webhook racing give one result", async () => {
    const { cart } = await awaitingOrder('pay-refresh');
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    // Before the shopper paid, asking changes nothing.
    expect((await expectOk(cart.call('POST', `/carts/${cart.id}/payments/${payment.code}/refresh`))).body).toMatchObject({ version: 1, attributes: { state: 'created' } });
    await psp.settle('pay-refresh', payment.attributes.providerReference, 'authorized');
    const webhook = pspEvent('pay-refresh', authorized(payment, 'evt_refresh_auth'));
    const replies = await Promise.all([
      ...Array.from({ length: 10 }, () => cart.call('POST', `/carts/${cart.id}/payments/${payment.code}/refresh`)),
      ...Array.from({ length: 10 }, () => system.request('POST', '/webhooks/test/pay-refresh', webhook)),
    ]);
    expect(replies.every((r) => r.status === 200)).toBe(true);
    await system.sync({ twice: true });
    const versions = (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0];
    expect([versions.version, versions.attributes.state]).toEqual([2, 'authorized']);
    const history = await system.request('GET', `/orders/${payment.attributes.orderCode}/history`, { token: new TenantTokens('pay-refresh').admin() });
    expect(history.body.versions.map((v: { toStatus: string }) => v.toStatus)).toEqual(['pending', 'awaiting_payment', 'confirmed']);
    // Someone else's cart token cannot ask about it.
    expect((await cart.call('POST', `/carts/${cart.id}/payments/ORD-999999-P1/refresh`)).status).toBe(404);
  });

  it('a dispute adds one chargeback line, however often it is told, and lowers what can be refunded', async () => {
    const { shop, cart } = await awaitingOrder('pay-dispute');
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    await deliver('pay-dispute', pspEvent('pay-dispute', authorized(payment, 'evt_dsp_cap', 'payment.captured')));
    const dispute = (id: string): TestPspEvent => ({ id, type: 'payment.disputed', data: { reference: payment.attributes.providerReference, amount: { amount: 1000, currency: 'EUR' }, disputeId: 'dp_1', metadata: { paymentCode: payment.code } } });
    expect((await deliver('pay-dispute', pspEvent('pay-dispute', dispute('evt_dsp_1')))).body.outcome).toBe('applied');
    expect((await deliver('pay-dispute', pspEvent('pay-dispute', dispute('evt_dsp_2')))).body.outcome).toBe('stale');
    const total = payment.attributes.amount.amount;
    const over = await system.request('POST', `/orders/${payment.attributes.orderCode}/refunds`, { token: shop.admin(), body: { amount: total - 999, reason: 'x' } });
    expect(over.body).toMatchObject({ statusCode: 409, refundable: total - 1000, currency: 'EUR' });
    const ledger = (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0].attributes.transactions.map((t: { kind: string }) => t.kind);
    expect(ledger).toEqual(['authorization', 'capture', 'chargeback']);
  });

  it('3-D Secure: a payment that needs the shopper to act says so, and is authorized once they did', async () => {
    const { cart } = await awaitingOrder('pay-3ds');
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    await psp.settle('pay-3ds', payment.attributes.providerReference, 'requires_action');
    expect((await deliver('pay-3ds', pspEvent('pay-3ds', authorized(payment, 'evt_3ds_1', 'payment.requires_action')))).body.outcome).toBe('applied');
    await system.sync();
    expect((await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0].attributes).toMatchObject({ state: 'created', actionRequired: true });
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status).toBe('awaiting_payment');
    expect((await deliver('pay-3ds', pspEvent('pay-3ds', authorized(payment, 'evt_3ds_2')))).body.outcome).toBe('applied');
    await system.sync();
    expect((await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0].attributes).toMatchObject({ state: 'authorized', actionRequired: false });
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status).toBe('confirmed');
  });

  it('throttles verified webhooks per shop and provider (WEBHOOKS_PER_MINUTE): 429, and nothing applied past the limit', async () => {
    const { cart } = await awaitingOrder('pay-throttle');
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    process.env.WEBHOOKS_PER_MINUTE = '2';
    resetConfig();
    try {
      // The limit counts per clock minute: three deliveries straddling a minute's end would be two windows.
      const second = new Date().getSeconds();
      if (second > 40) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
      const replies = [];
      for (let i = 0; i < 3; i++) replies.push(await deliver('pay-throttle', pspEvent('pay-throttle', authorized(payment, `evt_thr_${i}`, 'payment.requires_action'))));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(replies[2].body).toMatchObject({ limit: 'webhooksPerMinute' });
    } finally {
      delete process.env.WEBHOOKS_PER_MINUTE;
      resetConfig();
    }
  });

  it('the hold ending while an authorization is there (its sync had not run) voids it and releases the stock', async () => {
    const { shop, cart } = await awaitingOrder('pay-race', 30);
    const raced = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    expect((await deliver('pay-race', pspEvent('pay-race', authorized(raced, 'evt_race_auth')))).body.outcome).toBe('applied');
    await sweeper({ time: new Date(Date.now() + 31_000).toISOString() });
    await system.sync({ twice: true });
    const order = (await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes;
    const payment = (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0].attributes;
    expect([order.status, order.cancelReason, payment.state]).toEqual(['cancelled', 'payment_timeout', 'voided']);
    expect(await stockLevel(system, shop, 'TEE-M')).toEqual({ onHand: 20, reserved: 0, available: 20 });
    expect(await psp.fetchPayment({ tenantCode: 'pay-race', providerReference: raced.attributes.providerReference })).toMatchObject({ status: 'voided' });
  });

  it('a payment that succeeds after the hold ended, when the stock is gone, is voided (or refunded when captured) and the shopper is told', async () => {
    const { shop, cart } = await awaitingOrder('pay-gone', 30);
    const late = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    await sweeper({ time: new Date(Date.now() + 31_000).toISOString() });
    await system.sync();
    // Someone else buys every unit meanwhile.
    await takeStock(system, shop, 'TEE-M', 20);
    expect((await deliver('pay-gone', pspEvent('pay-gone', authorized(late, 'evt_gone_auth')))).body.outcome).toBe('applied');
    await system.sync({ twice: true });
    const payment = (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0].attributes;
    expect([payment.state, payment.transactions.map((t: { kind: string; state: string }) => `${t.kind}:${t.state}`)]).toEqual(['voided', ['authorization:succeeded', 'void:succeeded']]);
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes).toMatchObject({ status: 'cancelled', cancelReason: 'payment_timeout' });
    expect([...mailsOf('pay-gone').values()].some((m) => m.includes('nothing is charged'))).toBe(true);

    // Captured at once by the PSP (no authorization step): the money is refunded instead.
    const again = await awaitingOrder('pay-gone-cap', 30);
    const captured = (await expectOk(again.cart.call('POST', `/carts/${again.cart.id}/payments`, {}))).body;
    await sweeper({ time: new Date(Date.now() + 31_000).toISOString() });
    await system.sync();
    await takeStock(system, again.shop, 'TEE-M', 20);
    expect((await deliver('pay-gone-cap', pspEvent('pay-gone-cap', authorized(captured, 'evt_gone_cap', 'payment.captured')))).body.outcome).toBe('applied');
    await system.sync({ twice: true });
    const refunded = (await again.cart.call('GET', `/carts/${again.cart.id}/payments`)).body.items[0].attributes;
    expect([refunded.state, refunded.transactions.map((t: { kind: string; state: string; amount: { amount: number } }) => `${t.kind}:${t.state}:${t.amount.amount}`)]).toEqual([
      'refunded',
      [`authorization:succeeded:${captured.attributes.amount.amount}`, `capture:succeeded:${captured.attributes.amount.amount}`, `refund:succeeded:${captured.attributes.amount.amount}`],
    ]);
    expect([...mailsOf('pay-gone-cap').values()].some((m) => m.includes('refund of'))).toBe(true);
  });

  it('a payment whose webhook never came is reconciled with the provider after a while, and the order confirmed', async () => {
    const { cart } = await awaitingOrder('pay-lost');
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    // The shopper paid at the PSP; its webhook is lost.
    await new TestPaymentProvider(new TenantItemStore()).settle('pay-lost', payment.attributes.providerReference, 'authorized');
    await system.sync();
    await sweeper({ time: new Date(Date.now() + 60_000).toISOString() });
    await system.sync();
    expect((await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0].attributes.state).toBe('created');
    await sweeper({ time: new Date(Date.now() + 601_000).toISOString() });
    await system.sync();
    expect((await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0].attributes.state).toBe('authorized');
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status).toBe('confirmed');
    // The webhook turning up after all changes nothing.
    expect((await deliver('pay-lost', pspEvent('pay-lost', authorized(payment, 'evt_lost_1')))).body.outcome).toBe('stale');
  });

  it("a refund of an order with no payment yet is refused naming nothing refundable in the order's currency", async () => {
    const { shop, order } = await awaitingOrder('pay-none');
    const reply = await system.request('POST', `/orders/${order.code}/refunds`, { token: shop.admin(), body: { amount: 100, reason: 'goodwill' } });
    expect(reply.body).toMatchObject({ statusCode: 409, refundable: 0, currency: 'EUR' });
  });

  it('shipping captures the authorized payment; refunds are bounded by the ledger (captured - refunded); only admins refund', async () => {
    const { shop, cart } = await awaitingOrder('pay-capture');
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    await deliver('pay-capture', pspEvent('pay-capture', authorized(payment, 'evt_cap_auth')));
    await system.sync();
    const admin = shop.admin();
    const orderCode = payment.attributes.orderCode;
    const total = payment.attributes.amount.amount;
    // No money is taken before the goods leave.
    expect((await system.request('POST', `/orders/${orderCode}/refunds`, { token: admin, body: { amount: 100, reason: 'goodwill' } })).body).toMatchObject({ statusCode: 409, refundable: 0, currency: 'EUR' });
    await expectOk(system.request('PATCH', `/orders/${orderCode}/status`, { token: admin, body: { status: 'processing', expectedVersion: 3 } }));
    await expectOk(system.request('PATCH', `/orders/${orderCode}/status`, { token: admin, body: { status: 'shipped', expectedVersion: 4, trackingNumber: 'TRK-1' } }));
    await system.sync({ twice: true });
    const captured = (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0].attributes;
    expect(captured.state).toBe('captured');
    expect(captured.transactions.filter((t: { kind: string }) => t.kind === 'capture').map((t: { amount: { amount: number } }) => t.amount.amount)).toEqual([total]);

    expect((await system.request('POST', `/orders/${orderCode}/refunds`, { token: shop.customer('guest'), body: { amount: 100, reason: 'me' } })).status).toBe(403);
    const bad = await system.request('POST', `/orders/${orderCode}/refunds`, { token: admin, body: { amount: 0, reason: '' } });
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['amount', 'reason']);
    const part = await expectOk(system.request('POST', `/orders/${orderCode}/refunds`, { token: admin, body: { amount: 1000, reason: 'damaged' }, headers: { 'idempotency-key': 'refund-once-0001' } }));
    expect(part.body.attributes.state).toBe('partially_refunded');
    // A retry with the same key refunds nothing more.
    const replay = await system.request('POST', `/orders/${orderCode}/refunds`, { token: admin, body: { amount: 1000, reason: 'damaged' }, headers: { 'idempotency-key': 'refund-once-0001' } });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const over = await system.request('POST', `/orders/${orderCode}/refunds`, { token: admin, body: { amount: total - 999, reason: 'too much' } });
    expect(over.body).toMatchObject({ statusCode: 409, refundable: total - 1000, currency: 'EUR' });
    const rest = await expectOk(system.request('POST', `/orders/${orderCode}/refunds`, { token: admin, body: { amount: total - 1000, reason: 'returned' } }));
    expect(rest.body.attributes.state).toBe('refunded');
    expect(rest.body.attributes.transactions.filter((t: { kind: string }) => t.kind === 'refund').map((t: { amount: { amount: number } }) => t.amount.amount)).toEqual([1000, total - 1000]);
    expect((await system.request('POST', `/orders/${orderCode}/refunds`, { token: admin, body: { amount: 1, reason: 'again' } })).status).toBe(409);
    await system.sync();
    const refundMails = [...mailsOf('pay-capture').entries()].filter(([id, text]) => id.startsWith(payment.code) && text.includes('refund of'));
    expect(refundMails).toHaveLength(2);
  });

  it('a capture that overtakes its authorization settles both; the late authorization changes nothing; every record delivered twice gives the same state', async () => {
    const { cart } = await awaitingOrder('pay-order');
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    expect((await deliver('pay-order', pspEvent('pay-order', authorized(payment, 'evt_cap_first', 'payment.captured')))).body.outcome).toBe('applied');
    expect((await deliver('pay-order', pspEvent('pay-order', authorized(payment, 'evt_auth_after')))).body.outcome).toBe('stale');
    await system.sync({ twice: true });
    const settled = (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0].attributes;
    expect([settled.state, settled.transactions.map((t: { kind: string; state: string }) => `${t.kind}:${t.state}`)]).toEqual(['captured', ['authorization:succeeded', 'capture:succeeded']]);
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body).toMatchObject({ version: 3, attributes: { status: 'confirmed' } });
  });

  it("another shop can neither read nor pay nor refund a shop's payments", async () => {
    const a = await awaitingOrder('pay-iso-a');
    const b = await storefrontShop(system, 'pay-iso-b');
    const payment = (await expectOk(a.cart.call('POST', `/carts/${a.cart.id}/payments`, {}))).body;
    const asB = { 'x-publishable-key': b.key, 'x-cart-token': a.cart.token };
    expect((await system.request('GET', `/carts/${a.cart.id}/payments`, { headers: asB })).status).toBe(404);
    expect((await system.request('POST', `/carts/${a.cart.id}/payments`, { headers: asB })).status).toBe(404);
    expect((await system.request('POST', `/orders/${payment.attributes.orderCode}/refunds`, { token: b.shop.admin(), body: { amount: 1, reason: 'x' } })).status).toBe(404);
    // B's webhook URL and secret cannot move A's payment.
    expect((await deliver('pay-iso-b', pspEvent('pay-iso-b', authorized(payment, 'evt_iso_1')))).body).toMatchObject({ statusCode: 400, fields: [{ field: 'data.metadata.paymentCode' }] });
    expect((await a.cart.call('GET', `/carts/${a.cart.id}/payments`)).body.items[0].attributes.state).toBe('created');
  });

  it('without the test PSP (PAYMENT_TEST_PROVIDER=off, as in AWS) a payment cannot start and its webhooks are refused', async () => {
    const { cart } = await awaitingOrder('pay-off');
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    process.env.PAYMENT_TEST_PROVIDER = 'off';
    resetConfig();
    let offered: PaymentProvider[];
    try {
      offered = offeredPaymentProviders(new TenantItemStore());
    } finally {
      delete process.env.PAYMENT_TEST_PROVIDER;
      resetConfig();
    }
    expect(offered.map((p) => p.name)).not.toContain('test');
    const commands = new CommandService();
    const off = new PaymentService(commands, new TenantItemStore(), new PaymentProviders(offered, new ShopSettingsService(commands)), new TenantDirectory(commands), new RateLimits(new TenantItemStore()));
    const order = (await cart.call('GET', `/carts/${cart.id}/order`)).body;
    await expect(off.start(systemActorContext('pay-off', 'test', 'test'), order)).rejects.toMatchObject({ status: 409, details: { reason: 'no_payment_provider' } });
    expect(payment.attributes.provider).toBe('test');
  });
});
