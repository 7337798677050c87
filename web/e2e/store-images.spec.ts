/**
 * Images in the storefront: a product whose image staff upload through the API (presigned POST,
 * the media function's renditions) shows it on its card, at the rendition that fits (`srcset`,
 * width and height, lazy), and in the cart's line. Its own product, found by its own name.
 */
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { checkPage, post, store } from './support';

const api = () => process.env.WEB_API!;
const token = () => process.env.WEB_ADMIN_TOKEN!;
const CODE = 'IMG-MUG';
const SKU = 'IMG-MUG-1';
const NAME = 'Picture mug';

async function call(method: string, path: string, body?: object): Promise<{ status: number; body: any }> {
  const reply = await fetch(`${api()}${path}`, {
    method,
    headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await reply.text();
  return { status: reply.status, body: text ? JSON.parse(text) : {} };
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  if ((await call('GET', `/products/${CODE}`)).status === 404) {
    expect((await post('/products', { code: CODE, name: NAME, sku: SKU, price: { amount: 1200, currency: 'USD' } }, token())).status).toBe(201);
    await expect.poll(async () => (await call('PATCH', `/inventory/${SKU}`, { expectedVersion: 0, onHand: 20, reason: 'restock' })).status, { timeout: 30_000 }).toBe(200);
  }
  if (!(await call('GET', `/products/${CODE}/media`)).body.items.length) {
    // A 600x400 PNG through the presigned POST, as the admin's image screen sends it.
    const ticket = await post(`/products/${CODE}/media`, { contentType: 'image/png' }, token());
    expect(ticket.status).toBe(201);
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.body.fields as Record<string, string>)) form.append(name, value);
    form.append('file', new Blob([await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 20, g: 90, b: 160 } } }).png().toBuffer()]), 'mug.png');
    expect((await fetch(ticket.body.url as string, { method: 'POST', body: form })).status).toBeLessThan(300);
    await expect.poll(async () => (await call('GET', `/products/${CODE}/media/uploads/${ticket.body.uploadId}`)).body.status, { timeout: 60_000 }).toBe('published');
    // A published upload's image has the upload's id; its first version is 1 (the list lags the stream).
    expect((await call('PATCH', `/products/${CODE}/media/${ticket.body.uploadId}`, { expectedVersion: 1, alt: 'A blue mug' })).status).toBe(200);
  }
  // Cards read the search read model, which follows the stream: wait for the image's alt text there.
  await expect.poll(async () => (await call('GET', `/search/products?sku=${SKU}`)).body.items[0]?.image?.alt, { timeout: 60_000 }).toBe('A blue mug');
});

test('a product with an uploaded image shows it on its card (srcset, width, height, lazy) and in its cart line', async ({ page }) => {
  // Two pages checked in both themes and widths (eight axe runs) on a shared machine.
  test.setTimeout(240_000);
  await page.goto(`${store()}/search?q=${encodeURIComponent(NAME)}`);
  const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: NAME }) });
  const image = card.getByRole('img', { name: 'A blue mug' });
  await expect(image).toHaveAttribute('width', '600');
  await expect(image).toHaveAttribute('height', '400');
  await expect(image).toHaveAttribute('loading', 'lazy');
  // Every width the media function made (160, 480 and the original's 600), each as AVIF and WebP sources and PNG.
  await expect(image).toHaveAttribute('srcset', /\/160\.png 160w, .*\/480\.png 480w, .*\/600\.png 600w$/);
  await expect(card.locator('source[type="image/avif"]')).toHaveAttribute('srcset', /\/160\.avif 160w, .*\/600\.avif 600w$/);
  await expect(card.locator('source[type="image/webp"]')).toHaveAttribute('srcset', /\/480\.webp 480w/);
  // The browser loaded one of them.
  await image.scrollIntoViewIfNeeded();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await checkPage(page, 'store-card-image', () => expect(image).toBeVisible());

  await card.getByRole('link', { name: NAME }).click();
  await page.getByRole('button', { name: 'Add to cart' }).click();
  const drawer = page.getByRole('dialog', { name: 'Your cart' });
  await expect(drawer.getByRole('img', { name: 'A blue mug' })).toHaveAttribute('srcset', /160w/);
  await drawer.getByRole('button', { name: 'Close' }).click();

  await page.goto(`${store()}/cart`);
  const line = page.getByRole('list', { name: 'Your cart' }).getByRole('listitem').filter({ hasText: NAME });
  const thumbnail = line.getByRole('img', { name: 'A blue mug' });
  await expect(thumbnail).toHaveAttribute('srcset', /\/160\.png 160w/);
  await expect(thumbnail).toHaveAttribute('width', '600');
  await expect(thumbnail).toHaveAttribute('loading', 'lazy');
  await checkPage(page, 'store-cart-image', () => expect(thumbnail).toBeVisible());
});
