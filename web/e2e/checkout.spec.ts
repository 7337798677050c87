/**
 * The storefront's checkout, payment and order pages (issue 23): a guest pays through the test
 * provider's hosted page (declined, then approved), sees the confirmation with the order's exact
 * total and the mail, follows the order with the mail's link and asks for a return; the same at
 * 375 px; a price changed by staff mid-checkout is shown and accepted. Axe on every page.
 *
 * The main journey fills its cart through the product page and applies the coupon on the cart
 * page; the others seed the cart through the API (a guest cart with the shop's publishable key,
 * its id and token put where web/store/src/cart-store.ts keeps them). The Stripe path is tested
 * at the API level only (its script cannot load here).
 */
import { expect, test, type Page } from '@playwright/test';
import { readMails } from '../../scripts/lib/mail-viewer';
import { formatMoney } from '../shared/format';
import { SHOP } from './global-setup';
import { call, cartInBrowser as guestCartInBrowser, guestHeaders, seed } from './store-api';
import { checkPage, store } from './support';

const api = () => process.env.WEB_API!;
/** The key the storefront itself uses (GET /storefront/config): carts made with it are the page's. */
let publishableKey = '';

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  let value: T | undefined;
  await expect.poll(async () => (value = await probe()), { message: what }).toBeDefined();
  return value!;
}

test.beforeAll(async () => {
  await seed('POST', '/tax-rates', { code: 'WEBCO-CA', country: 'US', region: 'CA', taxClass: 'standard', rateBps: 725, name: 'CA sales tax' });
  await seed('POST', '/shipping-zones', { code: 'webco-us', name: 'United States', countries: ['US'] });
  await seed('POST', '/shipping-methods', { code: 'webco-ground', name: 'Ground', zoneCode: 'webco-us', rate: { kind: 'flat', amount: 599 } });
  await seed('POST', '/coupons', { code: 'WEBCO10', kind: 'percentage', value: 1000, currency: 'USD' });
  await seed('POST', '/products', {
    code: 'WEBCO-TEE',
    name: 'Checkout tee',
    price: { amount: 2000, currency: 'USD' },
    options: [{ name: 'Size', values: ['M', 'L'] }],
    variants: [
      { sku: 'WEBCO-TEE-M', options: { Size: 'M' } },
      { sku: 'WEBCO-TEE-L', options: { Size: 'L' }, price: { amount: 2200, currency: 'USD' } },
    ],
  });
  await seed('POST', '/products', { code: 'WEBCO-MUG', name: 'Checkout mug', sku: 'WEBCO-MUG', price: { amount: 1200, currency: 'USD' } });
  for (const sku of ['WEBCO-TEE-M', 'WEBCO-TEE-L', 'WEBCO-MUG']) {
    await eventually(`stock item ${sku}`, async () => ((await call('GET', `/inventory/${sku}`)).status === 200 ? true : undefined));
    const stock = await call('GET', `/inventory/${sku}`);
    await seed('PATCH', `/inventory/${sku}`, { expectedVersion: stock.body.version ?? 0, onHand: 100, reason: 'restock' });
  }
  publishableKey = ((await (await fetch(`${api()}/storefront/config?tenant=${SHOP}`)).json()) as { publishableKey: string }).publishableKey;
});

const guest = (token?: string) => guestHeaders(publishableKey, token);

/** A guest cart with two of a variant and the coupon, opened in this browser at the checkout. */
const cartInBrowser = (page: Page, lines: { sku: string; quantity: number }[], coupon?: string) => guestCartInBrowser(page, publishableKey, lines, coupon);

/** The cart's total as the API prices it now, as the page shows money. */
async function cartTotal(cart: { id: string; token: string }): Promise<string> {
  return formatMoney((await call('GET', `/carts/${cart.id}`, undefined, guest(cart.token))).body.total);
}

async function throughReview(page: Page, email: string, screens?: string) {
  await page.goto(`${store()}/checkout`);
  await expect(page).toHaveURL(/step=email/);
  const heading = page.getByRole('heading', { level: 2, name: 'Email' });
  if (screens) await checkPage(page, `${screens}-email`, () => expect(heading).toBeVisible());
  // A field error from the API, next to its input.
  await page.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page).toHaveURL(/step=address/);
  await page.getByLabel('Full name').fill('Ada Guest');
  await page.getByLabel('Address', { exact: true }).fill('1 Main St');
  await page.getByLabel('City').fill('Los Angeles');
  await page.getByLabel('Postal code').fill('90001');
  await page.getByLabel('Country').selectOption('US');
  await page.getByLabel('State or region').fill('CA');
  if (screens) await checkPage(page, `${screens}-address`, () => expect(page.getByLabel('City')).toBeVisible());
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page).toHaveURL(/step=shipping/);
  await page.getByRole('radio', { name: /Ground.*\$5\.99/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page).toHaveURL(/step=payment/);
  await page.getByRole('radio', { name: /Card/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/step=review/);
  // The back button goes to the step before, the URL holds the step.
  await page.goBack();
  await expect(page).toHaveURL(/step=payment/);
  await page.goForward();
  await expect(page).toHaveURL(/step=review/);
  if (screens) await checkPage(page, `${screens}-review`, () => expect(page.getByRole('button', { name: /Place order/ })).toBeVisible());
}

/** At the provider's hosted page: press one of its buttons (it sends the shopper back). */
async function atProvider(page: Page, button: 'Approve' | 'Decline') {
  await page.getByRole('button', { name: button }).click();
  await expect(page).toHaveURL(new RegExp(`^${store()}/checkout\\?`));
}

async function confirmation(page: Page): Promise<string> {
  await expect(page.getByText(/Thank you! Your order ORD-\d+ is placed\./)).toBeVisible();
  const code = /orders\/(ORD-\d+)/.exec(page.url())![1]!;
  const order = await call('GET', `/orders/${code}`);
  await expect(page.getByTestId('total')).toHaveText(formatMoney(order.body.attributes.total));
  // The cart is forgotten: this browser starts a new one.
  expect(await page.evaluate((tenant) => localStorage.getItem(`shopstream.store.cart.${tenant}`), SHOP)).toBeNull();
  return code;
}

test.describe('storefront checkout', () => {
  // Each journey runs a dozen axe checks at two widths and two themes: more than the default two minutes on a busy machine.
  test.describe.configure({ timeout: 300_000 });
  test('a guest with two of a variant and a coupon is declined, pays again, sees the exact total and the mail, follows the order by its link and asks for a return', async ({ page, browser }) => {
    const email = `guest-${Date.now()}@web.example`;
    await page.goto(`${store()}/products/WEBCO-TEE`);
    await page.getByRole('button', { name: 'L', exact: true }).click();
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(page.getByRole('dialog', { name: 'Your cart' })).toContainText('Checkout tee');
    await page.keyboard.press('Escape');
    await page.goto(`${store()}/cart`);
    await page.getByLabel('Coupon code').fill('WEBCO10');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect(page.getByText(/Coupon WEBCO10: −/)).toBeVisible();
    await page.getByRole('link', { name: 'Proceed to checkout' }).click();
    const cart = await page.evaluate((tenant) => JSON.parse(localStorage.getItem(`shopstream.store.cart.${tenant}`)!) as { id: string; token: string }, SHOP);
    await throughReview(page, email, 'checkout');
    const total = await cartTotal(cart);
    await expect(page.getByTestId('total')).toHaveText(total);
    await page.getByRole('button', { name: `Place order and pay ${total}` }).click();

    await atProvider(page, 'Decline');
    await expect(page.getByText('Your payment was declined.')).toBeVisible();
    await expect(page.getByText(/We hold your items for \d+:\d\d\./)).toBeVisible();
    await checkPage(page, 'checkout-declined', () => expect(page.getByText('Your payment was declined.')).toBeVisible());
    await page.getByRole('button', { name: 'Try the payment again' }).click();
    await atProvider(page, 'Approve');

    const code = await confirmation(page);
    await checkPage(page, 'order-confirmation', () => expect(page.getByText(/Thank you!/)).toBeVisible());

    // The order mail, with the link that opens the order for a guest.
    const link = await eventually('the order mail', async () => {
      const mail = readMails(process.env.WEB_MAIL_DIR!, { shop: SHOP, to: email }).mails.find((m) => m.text.includes(code) && m.text.includes('#token='));
      return mail ? /(http\S+\/orders\/ORD-\d+#token=\S+)/.exec(mail.text)?.[1] : undefined;
    });
    expect(link).toContain(`/orders/${code}#token=`);

    // Staff ship and deliver it; then the guest, in another browser, follows the link and asks for a return.
    const staff = async (method: string, path: string, body: object) => {
      const version = (await call('GET', `/orders/${code}`)).body.version as number;
      const reply = await call(method, path, { expectedVersion: version, ...body });
      expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
    };
    await staff('PATCH', `/orders/${code}/status`, { status: 'processing' });
    await staff('POST', `/orders/${code}/shipments`, { carrier: 'DHL', trackingNumber: 'DHL-E2E-1' });
    await staff('PATCH', `/orders/${code}/status`, { status: 'delivered' });

    const context = await browser.newContext();
    const other = await context.newPage();
    await other.goto(link.replace(/^http:\/\/[^/]+/, store()));
    await expect(other.getByRole('heading', { level: 1 })).toHaveText(`Order ${code}`);
    // The token left the address bar (it lives in the tab's sessionStorage).
    await expect(other).not.toHaveURL(/token=/);
    await expect(other.getByText('DHL, tracking number DHL-E2E-1')).toBeVisible();
    await expect(other.getByText(/^Delivered/).first()).toBeVisible();
    await checkPage(other, 'order-guest', () => expect(other.getByText('DHL, tracking number DHL-E2E-1')).toBeVisible());
    await other.getByLabel('Units of Checkout tee to return').fill('1');
    await other.getByLabel('Why are you returning these items?').fill('Too small');
    await other.getByRole('button', { name: 'Send the return request' }).click();
    await expect(other.getByText(/Return \S+ requested\./)).toBeVisible();
    await other.reload();
    await expect(other.getByText(/: requested$/)).toBeVisible();
    await context.close();
  });

  test('the same purchase at 375 px', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    const cart = await cartInBrowser(page, [{ sku: 'WEBCO-TEE-L', quantity: 2 }], 'WEBCO10');
    await throughReview(page, `narrow-${Date.now()}@web.example`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.getByRole('button', { name: `Place order and pay ${await cartTotal(cart)}` }).click();
    await atProvider(page, 'Approve');
    await confirmation(page);
  });

  test('a price changed by staff mid-checkout is shown (old → new) and accepted', async ({ page }) => {
    const before = await call('GET', '/products/WEBCO-MUG');
    await cartInBrowser(page, [{ sku: 'WEBCO-MUG', quantity: 1 }]);
    await throughReview(page, `prices-${Date.now()}@web.example`);
    const price = (before.body.attributes.price.amount as number) + 300;
    expect((await call('PATCH', '/products/WEBCO-MUG', { expectedVersion: before.body.version, price: { amount: price, currency: 'USD' } })).status).toBe(200);
    await page.getByRole('button', { name: /Place order and pay/ }).click();
    await expect(page.getByText('Prices changed since you reviewed your order')).toBeVisible();
    await expect(page.getByText(`Checkout mug: ${formatMoney({ amount: price - 300, currency: 'USD' })} → ${formatMoney({ amount: price, currency: 'USD' })}`)).toBeVisible();
    await checkPage(page, 'checkout-prices-changed', () => expect(page.getByText('Prices changed since you reviewed your order')).toBeVisible());
    await page.getByRole('button', { name: 'Accept the new prices' }).click();
    await expect(page.getByText('Prices changed since you reviewed your order')).toBeHidden();
    await page.getByRole('button', { name: /Place order and pay/ }).click();
    await atProvider(page, 'Approve');
    await confirmation(page);
  });
});
