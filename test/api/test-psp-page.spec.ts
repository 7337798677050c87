import { TestSystem } from '../support/test-system';
import { expectOk } from '../support/storefront';
import { awaitingOrder } from '../support/test-psp';

/**
 * The local test PSP's hosted payment page: a started payment carries `redirectUrl`; its plain
 * HTML forms approve, decline or ask for 3-D Secure exactly as `npm run pay` does (the PSP
 * records the outcome, the signed webhook goes down the webhook path), then send the shopper
 * back to `returnUrl` with the payment and the outcome.
 */
describe('the test PSP hosted payment page', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  const RETURN = 'http://localhost:5174/checkout/return?step=pay';

  /** GET a page of the PSP, and the form actions of its buttons by label. */
  async function open(url: string): Promise<{ status: number; html: string; buttons: Record<string, string> }> {
    const reply = await fetch(url);
    const html = await reply.text();
    const buttons: Record<string, string> = {};
    for (const [, action, label] of html.matchAll(/<form method="post" action="([^"]+)"><button type="submit">([^<]+)<\/button><\/form>/g)) {
      buttons[label!] = new URL(action!.replaceAll('&amp;', '&'), url).toString();
    }
    return { status: reply.status, html, buttons };
  }

  /** Presses a button (an HTML form POST with no fields); answers where the 303 leads. */
  async function press(action: string): Promise<string> {
    const reply = await fetch(action, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0' } });
    expect(reply.status).toBe(303);
    return new URL(reply.headers.get('location')!, action).toString();
  }

  async function started(tenant: string, body: unknown = { returnUrl: RETURN }) {
    const { cart, order } = await awaitingOrder(system, tenant);
    const payment = await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, body));
    return { cart, order, payment: payment.body };
  }

  const orderStatus = async (cart: Awaited<ReturnType<typeof started>>['cart']) => (await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes.status;

  it('approve: the order is confirmed and the shopper is back at returnUrl with the outcome', async () => {
    const { cart, order, payment } = await started('psp-approve');
    expect(payment.attributes.redirectUrl).toMatch(/\/test-psp\/checkout\/tp_/);
    const page = await open(payment.attributes.redirectUrl);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`${(order.attributes.total.amount / 100).toFixed(2)} EUR`);
    expect(Object.keys(page.buttons)).toEqual(['Approve', 'Decline', 'Require 3-D Secure']);
    const back = new URL(await press(page.buttons.Approve!));
    expect(`${back.origin}${back.pathname}`).toBe('http://localhost:5174/checkout/return');
    expect(Object.fromEntries(back.searchParams)).toEqual({ step: 'pay', payment: payment.code, outcome: 'approved' });
    await system.sync({ twice: true });
    expect(await orderStatus(cart)).toBe('confirmed');
  });

  it('decline: the payment fails, and a second attempt can pay', async () => {
    const { cart, order, payment } = await started('psp-decline');
    const back = new URL(await press((await open(payment.attributes.redirectUrl)).buttons.Decline!));
    expect(back.searchParams.get('outcome')).toBe('declined');
    await system.sync({ twice: true });
    const payments = (await expectOk(cart.call('GET', `/carts/${cart.id}/payments`))).body.items;
    expect(payments[0]).toMatchObject({ code: payment.code, attributes: { state: 'failed' } });
    expect(await orderStatus(cart)).toBe('awaiting_payment');
    // Paying again by the order's code (a guest with the order token would do the same).
    const again = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, { returnUrl: RETURN }))).body;
    expect(again.code).toBe(`${order.code}-P2`);
    expect(new URL(await press((await open(again.attributes.redirectUrl)).buttons.Approve!)).searchParams.get('outcome')).toBe('approved');
    await system.sync({ twice: true });
    expect(await orderStatus(cart)).toBe('confirmed');
  });

  it('3-D Secure: a second page completes or fails the authentication', async () => {
    const { cart, payment } = await started('psp-3ds');
    const secure = await press((await open(payment.attributes.redirectUrl)).buttons['Require 3-D Secure']!);
    expect(new URL(secure).pathname).toBe(`/test-psp/checkout/${payment.attributes.providerReference}/3ds`);
    await system.sync();
    const waiting = (await expectOk(cart.call('GET', `/carts/${cart.id}/payments`))).body.items[0];
    expect(waiting.attributes).toMatchObject({ state: 'created', actionRequired: true });
    const second = await open(secure);
    expect(Object.keys(second.buttons)).toEqual(['Complete authentication', 'Fail authentication', 'Back to the shop without authenticating']);
    expect(new URL(await press(second.buttons['Back to the shop without authenticating']!)).searchParams.get('outcome')).toBe('requires_action');
    expect(new URL(await press(second.buttons['Complete authentication']!)).searchParams.get('outcome')).toBe('approved');
    await system.sync({ twice: true });
    expect(await orderStatus(cart)).toBe('confirmed');

    const failing = await started('psp-3ds-fail');
    const failPage = await open(await press((await open(failing.payment.attributes.redirectUrl)).buttons['Require 3-D Secure']!));
    expect(new URL(await press(failPage.buttons['Fail authentication']!)).searchParams.get('outcome')).toBe('declined');
    await system.sync({ twice: true });
    expect((await expectOk(failing.cart.call('GET', `/carts/${failing.cart.id}/payments`))).body.items[0].attributes.state).toBe('failed');
  });

  it('refuses a returnUrl that is not http(s) or not on the shop\'s domains with 400 returnUrl, and starts nothing', async () => {
    const { cart, order, shop } = await awaitingOrder(system, 'psp-return');
    const refused = async (returnUrl: unknown) => {
      const reply = await cart.call('POST', `/carts/${cart.id}/payments`, { returnUrl });
      expect(reply.status).toBe(400);
      expect([...new Set(reply.body.fields.map((f: { field: string }) => f.field))]).toEqual(['returnUrl']);
    };
    await refused('javascript:alert(1)');
    await refused('ftp://localhost/x');
    await refused('/relative');
    await refused(42);
    await expectOk(system.request('PATCH', '/settings', { token: shop.admin(), body: { expectedVersion: 1, storefront: { domains: ['shop.example.com'] } } }));
    await refused('https://evil.example/return');
    await refused('https://user:pw@shop.example.com/return');
    expect((await expectOk(cart.call('GET', `/carts/${cart.id}/payments`))).body.items).toEqual([]);
    // The shop's own domain and a local storefront are fine, by the cart or by the order's code.
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, { returnUrl: 'https://shop.example.com/return' }))).body;
    expect(payment.attributes.redirectUrl).toContain('return=https%3A%2F%2Fshop.example.com%2Freturn');
    // The page checks the return URL again: one edited in the address bar sends nobody elsewhere.
    const edited = new URL(payment.attributes.redirectUrl);
    edited.searchParams.set('return', 'https://evil.example/');
    expect((await open(edited.toString())).status).toBe(400);
    // An unknown shop, or a reference the shop has no payment of, finds nothing.
    edited.searchParams.set('tenant', 'no-such-shop');
    edited.searchParams.delete('return');
    expect((await open(edited.toString())).status).toBe(404);
    const unknown = new URL(payment.attributes.redirectUrl.replace(`tp_${payment.code}`, `tp_${order.code}-P9`));
    expect((await open(unknown.toString())).status).toBe(404);
  });
});
