/**
 * A product's variant images in the storefront, and the axe check of the store pages no other
 * journey checks. Its own category and product (two colours, two sizes, one combination that does
 * not exist) with three images uploaded through the API: one for every variant (the primary image),
 * one bound to the red M's SKU, one to the blue M's (`variantSkus`, set with the alt text by PATCH).
 */
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { SHOP } from './global-setup';
import { call, seed } from './store-api';
import { checkPage, demoUser, store } from './support';

const CATEGORY = 'var-cups';
const CODE = 'VAR-CUP';
const NAME = 'Two-tone cup';
const RED_M = 'VAR-CUP-RED-M';
const BLUE_M = 'VAR-CUP-BLUE-M';
const RED_S = 'VAR-CUP-RED-S';
/** Each image by its alt text: the SKUs it is bound to (none: every variant) and its colour. */
const IMAGES = [
  { alt: 'A cup of either colour', variantSkus: [] as string[], background: { r: 120, g: 120, b: 120 } },
  { alt: 'The red cup', variantSkus: [RED_M], background: { r: 180, g: 30, b: 30 } },
  { alt: 'The blue cup', variantSkus: [BLUE_M], background: { r: 30, g: 60, b: 170 } },
];
/** The id of each image (its upload's), by alt text. */
const ids = new Map<string, string>();

/** A PNG through the presigned POST, as the admin's image screen sends it; published, then its alt text and variants set. */
async function uploadImage(image: (typeof IMAGES)[number]): Promise<string> {
  const ticket = await call('POST', `/products/${CODE}/media`, { contentType: 'image/png' });
  expect(ticket.status).toBe(201);
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.body.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([await sharp({ create: { width: 480, height: 480, channels: 3, background: image.background } }).png().toBuffer()]), 'cup.png');
  expect((await fetch(ticket.body.url as string, { method: 'POST', body: form })).status).toBeLessThan(300);
  const id = ticket.body.uploadId as string;
  await expect.poll(async () => (await call('GET', `/products/${CODE}/media/uploads/${id}`)).body.status, { timeout: 60_000 }).toBe('published');
  // A published upload's image has the upload's id and version 1 (the list lags the stream).
  expect((await call('PATCH', `/products/${CODE}/media/${id}`, { expectedVersion: 1, alt: image.alt, variantSkus: image.variantSkus })).status).toBe(200);
  return id;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  await seed('POST', '/categories', { code: CATEGORY, name: 'Variant cups', slug: CATEGORY });
  if ((await call('GET', `/products/${CODE}`)).status === 404) {
    await seed('POST', '/products', {
      code: CODE,
      name: NAME,
      price: { amount: 1400, currency: 'USD' },
      categoryCodes: [CATEGORY],
      options: [{ name: 'Colour', values: ['Red', 'Blue'] }, { name: 'Size', values: ['S', 'M'] }],
      // No blue S: that combination does not exist.
      variants: [{ sku: RED_M, options: { Colour: 'Red', Size: 'M' } }, { sku: BLUE_M, options: { Colour: 'Blue', Size: 'M' } }, { sku: RED_S, options: { Colour: 'Red', Size: 'S' } }],
    });
    for (const sku of [RED_M, BLUE_M, RED_S]) await expect.poll(async () => (await call('PATCH', `/inventory/${sku}`, { expectedVersion: 0, onHand: 10, reason: 'restock' })).status, { timeout: 30_000 }).toBe(200);
  }
  const existing = (await call('GET', `/products/${CODE}/media`)).body.items as { id: string; alt: string }[];
  for (const image of IMAGES) ids.set(image.alt, existing.find((m) => m.alt === image.alt)?.id ?? (await uploadImage(image)));
  // Cards and cart lines read the search read model, which follows the stream: wait for the blue M's own image there.
  await expect.poll(async () => (await call('GET', `/search/products?sku=${BLUE_M}`)).body.items[0]?.variants.find((v: { sku: string }) => v.sku === BLUE_M)?.image?.alt, { timeout: 60_000 }).toBe('The blue cup');
});

test("the picker shows the chosen variant's image and the shared one, never the other's; a missing combination is disabled; thumbnails work by keyboard; the cart line shows the variant's image", async ({ page }) => {
  // Three pages checked in both themes and widths on a shared machine.
  test.setTimeout(300_000);
  const red = ids.get('The red cup')!;
  const blue = ids.get('The blue cup')!;
  const shared = ids.get('A cup of either colour')!;

  // The category page's card shows the primary image (the first, for every variant).
  await page.goto(`${store()}/categories/${CATEGORY}`);
  const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: NAME }) });
  await expect(card.getByRole('img', { name: 'A cup of either colour' })).toBeVisible();
  await checkPage(page, 'store-variants-category', () => expect(card.getByRole('img', { name: 'A cup of either colour' })).toBeVisible());

  await card.getByRole('link', { name: NAME }).click();
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  const gallery = page.getByRole('region', { name: 'Images' });
  const thumbnails = gallery.getByRole('button', { name: /^Show image \d$/ });
  // The first buyable variant is chosen: the red M, with the shared image first and the red one, not the blue.
  await expect(page.getByRole('button', { name: 'Red', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'M', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(thumbnails).toHaveCount(2);
  await expect(gallery.getByRole('img', { name: 'A cup of either colour' })).toHaveAttribute('src', new RegExp(`/${shared}/`));
  await expect(thumbnails.nth(1).locator('img')).toHaveAttribute('src', new RegExp(`/${red}/`));
  await expect(gallery.locator(`img[src*="/${blue}/"]`)).toHaveCount(0);

  // The thumbnails are buttons a keyboard reaches and presses: the pressed one moves, the large image follows.
  await thumbnails.nth(0).focus();
  await expect(thumbnails.nth(0)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Tab');
  await expect(thumbnails.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(thumbnails.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await expect(thumbnails.nth(0)).toHaveAttribute('aria-pressed', 'false');
  await expect(gallery.getByRole('img', { name: 'The red cup' })).toBeVisible();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Space');
  await expect(thumbnails.nth(0)).toHaveAttribute('aria-pressed', 'true');
  await expect(gallery.getByRole('img', { name: 'A cup of either colour' })).toBeVisible();

  // Blue: its image replaces the red one; S does not exist in blue, so it is disabled and says so.
  await page.getByRole('button', { name: 'Blue', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Blue', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(thumbnails).toHaveCount(2);
  await expect(thumbnails.nth(1).locator('img')).toHaveAttribute('src', new RegExp(`/${blue}/`));
  await expect(gallery.locator(`img[src*="/${red}/"]`)).toHaveCount(0);
  await thumbnails.nth(1).click();
  await expect(gallery.getByRole('img', { name: 'The blue cup' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'S (not available)' })).toBeDisabled();
  await expect(page.getByRole('status').filter({ hasText: 'In stock' })).toBeVisible();
  await checkPage(page, 'store-variants-product', () => expect(gallery.getByRole('img', { name: 'The blue cup' })).toBeVisible());

  // Crawlers get the primary image, the one the card shows.
  const html = await (await fetch(`${store()}/products/${CODE}?shop=${SHOP}`)).text();
  expect(html).toMatch(new RegExp(`<meta property="og:image" content="[^"]*/${shared}/[^"]*"`));

  // The blue M's cart line shows the blue cup, not the product's primary image.
  await page.getByRole('button', { name: 'Add to cart' }).click();
  const drawer = page.getByRole('dialog', { name: 'Your cart' });
  await expect(drawer.getByRole('listitem').filter({ hasText: NAME }).getByRole('img', { name: 'The blue cup' })).toBeVisible();
  await drawer.getByRole('button', { name: 'Close' }).click();
  await page.goto(`${store()}/cart`);
  const line = page.getByRole('list', { name: 'Your cart' }).getByRole('listitem').filter({ hasText: NAME });
  await expect(line).toContainText('Blue');
  await expect(line.getByRole('img', { name: 'The blue cup' })).toHaveAttribute('srcset', new RegExp(`/${blue}/160\\.png 160w`));
  await expect(line.getByRole('img', { name: 'A cup of either colour' })).toHaveCount(0);
  await checkPage(page, 'store-variants-cart', () => expect(line.getByRole('img', { name: 'The blue cup' })).toBeVisible());
});

test.describe('the store pages no other journey checks: zero serious or critical axe violations at 1280 and 375 px, light and dark', () => {
  test.setTimeout(240_000);

  test('an empty cart, a checkout without a cart, an order that is not found, an unknown address', async ({ page }) => {
    await page.goto(`${store()}/cart`);
    await checkPage(page, 'store-cart-empty', () => expect(page.getByText('Your cart is empty.')).toBeVisible());
    await page.goto(`${store()}/checkout`);
    await checkPage(page, 'store-checkout-no-cart', () => expect(page.getByRole('link', { name: 'Browse the products' })).toBeVisible());
    await page.goto(`${store()}/orders/NO-SUCH-ORDER`);
    await checkPage(page, 'store-order-not-found', () => expect(page.getByText('There is no order NO-SUCH-ORDER, or this link no longer opens it.')).toBeVisible());
    await page.goto(`${store()}/no/such/page`);
    await checkPage(page, 'store-not-found', () => expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible());
    // Inside the shop's shell: its navigation stays.
    await expect(page.getByRole('link', { name: 'All products' }).first()).toBeVisible();
  });

  test('forgot and reset password', async ({ page }) => {
    await page.goto(`${store()}/account/forgot`);
    await checkPage(page, 'store-forgot-password', () => expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible());
    await page.goto(`${store()}/account/reset?email=${encodeURIComponent('someone@web.example')}`);
    await checkPage(page, 'store-reset-password', () => expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible());
  });

  test("a signed-in customer's addresses, orders and wishlist", async ({ page }) => {
    const customer = demoUser('customer');
    await page.goto(`${store()}/account`);
    await page.getByLabel('Email').fill(customer.email);
    await page.getByLabel('Password').fill(customer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText(`Signed in as ${customer.email}`)).toBeVisible();
    for (const [path, heading] of [['addresses', 'Addresses'], ['orders', 'Orders'], ['wishlist', 'Wishlist']] as const) {
      await page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: heading, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/account/${path}$`));
      await checkPage(page, `store-account-${path}`, () => expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible());
    }
  });
});
