import { CommandService } from '../../src/core/command.service';
import { logger } from '../../src/core/logger';
import { systemActorContext } from '../../src/core/tenant-context';
import { TenantItemStore } from '../../src/core/tenant-item.store';
import { PaymentProviders } from '../../src/modules/payment/payment-providers';
import { PaymentService } from '../../src/modules/payment/payment.service';
import { TestPaymentProvider, TestPspEvent } from '../../src/modules/payment/test-payment.provider';
import { TenantDirectory } from '../../src/modules/tenant/tenant.directory';
import { RateLimits } from '../../src/core/rate-limits';
import { ShopSettingsService } from '../../src/modules/tenant/shop-settings.service';
import { expectOk, readyGuestCart, storefrontShop } from '../support/storefront';
import { authorized, awaitingOrder, deliver, pspEvent } from '../support/test-psp';
import { TenantTokens, TestSystem } from '../support/test-system';

type Line = { kind: string; state: string; amount: { amount: number; currency: string }; reference?: string; reported?: { amount: number }; problem?: string };

/**
 * Issue 18 findings 5 and 6: what a provider tells is booked only within what was asked. An
 * authorization of another amount, currency or reference confirms nothing; totals above the
 * ledger's bounds are clamped. Either way the figure is shown (`unmatched`), the payment flagged
 * `needsReview`, the shop mailed (`payment.review`) and the figure logged.
 */
describe('payment figures: booked only within what was asked, the rest shown and alerted (DynamoDB Local + real stream handler)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  const paymentOf = async (cart: { id: string; call: (method: string, path: string) => Promise<{ body: any }> }) => (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0];
  const reviewMails = async (shop: TenantTokens) => (await expectOk(system.request('GET', '/notifications', { token: shop.admin() }))).body.items.filter((m: { topic: string }) => m.topic === 'payment.review');
  const event = (payment: any, id: string, type: TestPspEvent['type'], amount: { amount: number; currency: string }, extra: Partial<TestPspEvent['data']> = {}): TestPspEvent => ({
    ...authorized(payment, id, type),
    data: { ...authorized(payment, id, type).data, amount, ...extra },
  });

  it('an authorization for 1, 0, 1e12, another currency or another payment\'s reference leaves the order awaiting payment, shows what was authorized, warns; the right one confirms', async () => {
    const warn = jest.spyOn(logger, 'warn');
    const tenant = 'fig-auth';
    const { shop, key } = await storefrontShop(system, tenant);
    const carts = [await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 2 }]), await readyGuestCart(system, key, [{ sku: 'BOOK-1', quantity: 1 }])];
    for (const c of carts) await expectOk(c.call('POST', `/carts/${c.id}/complete`, { expectedVersion: c.version, paymentMethod: 'card' }));
    await system.sync();
    const [cart, other] = carts;
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    const otherPayment = (await expectOk(other.call('POST', `/carts/${other.id}/payments`, {}))).body;
    const asked = payment.attributes.amount;
    const total = asked.amount;

    const bad: TestPspEvent[] = [
      event(payment, 'evt_one', 'payment.authorized', { amount: 1, currency: 'EUR' }),
      event(payment, 'evt_zero', 'payment.authorized', { amount: 0, currency: 'EUR' }),
      event(payment, 'evt_huge', 'payment.authorized', { amount: 1e12, currency: 'EUR' }),
      event(payment, 'evt_usd', 'payment.authorized', { amount: total, currency: 'USD' }),
      event(payment, 'evt_foreign', 'payment.authorized', asked, { reference: otherPayment.attributes.providerReference }),
    ];
    for (const e of bad) expect((await deliver(system, tenant, pspEvent(tenant, e))).body).toEqual({ received: true, outcome: 'applied' });
    await system.sync({ twice: true });

    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status).toBe('awaiting_payment');
    const held = await paymentOf(cart);
    expect([held.attributes.state, held.attributes.needsReview]).toEqual(['created', true]);
    const lines: Line[] = held.attributes.transactions;
    expect(lines.map((t) => [t.kind, t.state, t.amount.amount, t.amount.currency])).toEqual([
      ['authorization', 'pending', total, 'EUR'],
      ['authorization', 'unmatched', 1, 'EUR'],
      ['authorization', 'unmatched', 0, 'EUR'],
      ['authorization', 'unmatched', 1e12, 'EUR'],
      ['authorization', 'unmatched', total, 'USD'],
      ['authorization', 'unmatched', total, 'EUR'],
    ]);
    expect(lines[5]).toMatchObject({ reference: otherPayment.attributes.providerReference, problem: expect.stringContaining('is not this payment') });
    expect(lines[1].problem).toBe(`authorized 1, not the payment's ${total}`);
    expect(warn).toHaveBeenCalledWith('a payment provider told a figure the ledger does not book', expect.objectContaining({ tenant, payment: payment.code, kind: 'authorization', amount: { amount: 1, currency: 'EUR' } }));
    expect(await reviewMails(shop)).toHaveLength(5);
    // The other order's payment is untouched.
    expect((await paymentOf(other)).attributes.transactions).toHaveLength(1);

    // The right one, afterwards, still confirms the order.
    expect((await deliver(system, tenant, pspEvent(tenant, authorized(payment, 'evt_right')))).body.outcome).toBe('applied');
    await system.sync({ twice: true });
    const order = (await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes;
    expect([order.status, order.paidWith]).toEqual(['confirmed', payment.code]);
    expect((await paymentOf(cart)).attributes.state).toBe('authorized');
    warn.mockRestore();
  });

  it('a capture that overtakes its authorization with another amount confirms nothing', async () => {
    const tenant = 'fig-overtake';
    const { cart } = await awaitingOrder(system, tenant);
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    await deliver(system, tenant, pspEvent(tenant, event(payment, 'evt_cap_1', 'payment.captured', { amount: 1, currency: 'EUR' })));
    await system.sync({ twice: true });
    expect((await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status).toBe('awaiting_payment');
    expect((await paymentOf(cart)).attributes).toMatchObject({ state: 'created', needsReview: true, transactions: [{ state: 'pending' }, { kind: 'capture', state: 'unmatched', amount: { amount: 1 } }] });
  });

  it('clamps a capture total above the authorization and a refund total above the capture, shows the rest, logs an error and mails the shop', async () => {
    const error = jest.spyOn(logger, 'error');
    const tenant = 'fig-capture';
    const { shop, cart } = await awaitingOrder(system, tenant);
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    const total = payment.attributes.amount.amount;
    await deliver(system, tenant, pspEvent(tenant, authorized(payment, 'evt_auth')));
    await system.sync({ twice: true });

    expect((await deliver(system, tenant, pspEvent(tenant, event(payment, 'evt_cap_double', 'payment.captured', { amount: 2 * total, currency: 'EUR' })))).body.outcome).toBe('applied');
    // The same total told again (another event) adds nothing.
    expect((await deliver(system, tenant, pspEvent(tenant, event(payment, 'evt_cap_double_again', 'payment.captured', { amount: 2 * total, currency: 'EUR' })))).body.outcome).toBe('stale');
    let lines: Line[] = (await paymentOf(cart)).attributes.transactions;
    expect(lines.filter((t) => t.kind === 'capture').map((t) => [t.state, t.amount.amount, t.reported?.amount])).toEqual([
      ['succeeded', total, undefined],
      ['unmatched', total, 2 * total],
    ]);
    expect(error).toHaveBeenCalledWith('a payment provider told a figure the ledger does not book', expect.objectContaining({ tenant, payment: payment.code, kind: 'capture', reported: { amount: 2 * total, currency: 'EUR' } }));

    expect((await deliver(system, tenant, pspEvent(tenant, event(payment, 'evt_ref_triple', 'payment.refunded', { amount: 3 * total, currency: 'EUR' })))).body.outcome).toBe('applied');
    await system.sync({ twice: true });
    const after = (await paymentOf(cart)).attributes;
    lines = after.transactions;
    expect(lines.filter((t) => t.kind === 'refund').map((t) => [t.state, t.amount.amount, t.reported?.amount])).toEqual([
      ['succeeded', total, undefined],
      ['unmatched', 2 * total, 3 * total],
    ]);
    expect([after.state, after.needsReview]).toEqual(['refunded', true]);
    // What may be refunded is still derived from what was booked: nothing.
    const refund = await system.request('POST', `/orders/${payment.attributes.orderCode}/refunds`, { token: shop.admin(), body: { amount: 1, reason: 'x' } });
    expect(refund.body).toMatchObject({ statusCode: 409, refundable: 0 });
    const mails = await reviewMails(shop);
    expect(mails.map((m: { subject: string }) => m.subject)).toEqual([expect.stringContaining(`Payment ${payment.code} needs review`), expect.stringContaining(`Payment ${payment.code} needs review`)]);
    expect(mails.map((m: { body: string }) => m.body).join('\n')).toContain(`the provider told ${3 * total}; the captured amount not charged back is ${total}`);
    error.mockRestore();
  });

  it('clamps a chargeback to what is left captured (27,440 on 2,744 style), once per dispute', async () => {
    const tenant = 'fig-dispute';
    const { shop, cart } = await awaitingOrder(system, tenant);
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    const total = payment.attributes.amount.amount;
    await deliver(system, tenant, pspEvent(tenant, authorized(payment, 'evt_dsp_cap', 'payment.captured')));
    const dispute = (id: string) => event(payment, id, 'payment.disputed', { amount: 10 * total, currency: 'EUR' }, { disputeId: 'dp_big' });
    expect((await deliver(system, tenant, pspEvent(tenant, dispute('evt_dsp_1')))).body.outcome).toBe('applied');
    expect((await deliver(system, tenant, pspEvent(tenant, dispute('evt_dsp_2')))).body.outcome).toBe('stale');
    await system.sync({ twice: true });
    const after = (await paymentOf(cart)).attributes;
    expect(after.transactions.filter((t: Line) => t.kind === 'chargeback').map((t: Line) => [t.state, t.amount.amount, t.reference, t.reported?.amount])).toEqual([
      ['succeeded', total, 'dp_big', undefined],
      ['unmatched', 9 * total, 'dp_big', 10 * total],
    ]);
    expect(after.needsReview).toBe(true);
    expect((await system.request('POST', `/orders/${payment.attributes.orderCode}/refunds`, { token: shop.admin(), body: { amount: 1, reason: 'x' } })).body).toMatchObject({ statusCode: 409, refundable: 0 });
    expect(await reviewMails(shop)).toHaveLength(1);
  });

  it('our own capture books at most the authorization when the provider answers a larger total', async () => {
    const tenant = 'fig-step';
    const { cart } = await awaitingOrder(system, tenant);
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    const total = payment.attributes.amount.amount;
    await deliver(system, tenant, pspEvent(tenant, authorized(payment, 'evt_step_auth')));
    await system.sync({ twice: true });
    /** A provider that answers twice the authorization as its captured total. */
    class Overcapturing extends TestPaymentProvider {
      override async capture(): Promise<{ capturedTotal: number }> {
        return { capturedTotal: 2 * total };
      }
    }
    const commands = new CommandService();
    const service = new PaymentService(commands, new TenantItemStore(), new PaymentProviders([new Overcapturing(new TenantItemStore())], new ShopSettingsService(commands)), new TenantDirectory(commands), new RateLimits(new TenantItemStore()));
    await service.capture(systemActorContext(tenant, 'test', 'fig-step'), payment.code, 1000, 'shipment.S1', false);
    const after = (await paymentOf(cart)).attributes;
    expect(after.transactions.filter((t: Line) => t.kind === 'capture').map((t: Line) => [t.state, t.amount.amount])).toEqual([
      ['succeeded', 1000],
      ['unmatched', total],
      ['succeeded', total - 1000],
    ]);
    expect([after.state, after.needsReview]).toEqual(['captured', true]);
  });
});
