/**
 * Moderation journeys (issue 22): a verified buyer's review (an order delivered through the staff
 * API, then POST /products/:code/reviews) hidden and published again from the Reviews screen, the
 * public GET /products/:code/reviews following each change; the Mails screen filtered by that
 * order, a mail opened, and the order's "Mails sent" card. Asserts only on what it created.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { admin, checkPage, signInWithToken } from './support';

const repo = resolve(__dirname, '..', '..');
const buyerToken = () => {
  const run = spawnSync(process.execPath, [join(repo, 'node_modules/tsx/dist/cli.mjs'), 'scripts/token.ts', '--tenant', 'demo', '--role', 'customer', '--user', 'web-reviewer', '--email', 'reviewer@web.example'], { cwd: repo, env: { ...process.env, DATA_DIR: process.env.WEB_DATA_DIR, TABLE_PREFIX: '' }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`scripts/token.ts: ${run.stderr}`);
  return run.stdout.trim();
};

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
async function call(who: string, method: string, path: string, body?: object): Promise<{ status: number; body: Body }> {
  const init = { method, headers: { authorization: `Bearer ${who}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: body && JSON.stringify(body) };
  const reply = await fetch(`${process.env.WEB_API}${path}`, init).catch(() => fetch(`${process.env.WEB_API}${path}`, init));
  const text = await reply.text();
  return { status: reply.status, body: text ? (JSON.parse(text) as Body) : {} };
}
async function ok(who: string, method: string, path: string, body?: object): Promise<Body> {
  const reply = await call(who, method, path, body);
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}
const adminToken = () => process.env.WEB_ADMIN_TOKEN!;
const PRODUCT = 'WEB-02';
const TITLE = 'Runs small, order a size up';
const address = { name: 'Rae Viewer', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US', region: 'CA' };

/** An order of the buyer's delivered through the staff API, and the buyer's review of its product. */
async function reviewedOrder(buyer: string): Promise<{ order: string; review: string }> {
  const order = (await ok(buyer, 'POST', '/orders', { items: [{ productCode: PRODUCT, quantity: 1 }], shippingAddress: address, paymentMethod: 'card' })).code as string;
  const status = async () => (await ok(adminToken(), 'GET', `/orders/${order}`)).attributes.status;
  await expect.poll(status, { message: `${order} confirmed` }).toBe('confirmed');
  await ok(adminToken(), 'PATCH', `/orders/${order}/status`, { status: 'processing', expectedVersion: 2 });
  await ok(adminToken(), 'PATCH', `/orders/${order}/status`, { status: 'shipped', expectedVersion: 3, trackingNumber: 'WEB-MOD-1' });
  await ok(adminToken(), 'PATCH', `/orders/${order}/status`, { status: 'delivered', expectedVersion: 4 });
  // The review waits for the read model to know the delivery (409 delivered_order until then).
  let review: string | undefined;
  await expect
    .poll(async () => {
      const reply = await call(buyer, 'POST', `/products/${PRODUCT}/reviews`, { rating: 2, title: TITLE, body: 'The fabric is fine; the cut is narrow.' });
      review = reply.status === 201 ? (reply.body.code as string) : undefined;
      return reply.status;
    }, { message: 'the review is taken once the delivery reached the read model' })
    .toBe(201);
  return { order, review: review! };
}

const publicCodes = async (buyer: string) => ((await ok(buyer, 'GET', `/products/${PRODUCT}/reviews?limit=100`)).items as { code: string }[]).map((r) => r.code);
const reviewRow = (page: Page) => page.getByRole('region', { name: 'Reviews' }).locator('tbody tr').filter({ hasText: TITLE });

test('moderation: hide and publish a buyer review; the order mails by order and on the order', async ({ page }) => {
  test.setTimeout(240_000);
  const buyer = buyerToken();
  const { order, review } = await reviewedOrder(buyer);
  await expect.poll(() => publicCodes(buyer), { message: 'the review shown to shoppers (the read model follows the write)' }).toContain(review);
  await signInWithToken(page);

  // Reviews: the product and status filters live in the URL; the list follows the writes a moment later.
  await expect
    .poll(async () => {
      await page.goto(`${admin()}/reviews?product=${PRODUCT}&status=published`);
      await page.getByRole('heading', { level: 1, name: 'Reviews' }).waitFor();
      await page.getByRole('region', { name: 'Reviews' }).or(page.getByText('No reviews match these filters.')).first().waitFor();
      return reviewRow(page).count();
    }, { message: 'the review in the moderation list' })
    .toBe(1);
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveText(/published/);
  await expect(page.getByRole('textbox', { name: 'Product code' }).or(page.getByRole('searchbox', { name: 'Product code' }))).toHaveValue(PRODUCT);
  await expect(reviewRow(page)).toContainText('reviewer@web.example');
  await checkPage(page, 'reviews', () => expect(reviewRow(page)).toBeVisible());

  await reviewRow(page).getByRole('button', { name: `Hide the review "${TITLE}"` }).click();
  await expect(reviewRow(page).getByText('hidden', { exact: true })).toBeVisible();
  await expect.poll(() => publicCodes(buyer), { message: 'hidden from shoppers' }).not.toContain(review);
  expect((await ok(adminToken(), 'GET', `/products/${PRODUCT}/reviews?limit=100`)).items).toContainEqual(expect.objectContaining({ code: review, hidden: true }));

  await reviewRow(page).getByRole('button', { name: `Publish the review "${TITLE}"` }).click();
  await expect(reviewRow(page).getByText('published', { exact: true })).toBeVisible();
  await expect.poll(() => publicCodes(buyer), { message: 'shown to shoppers again' }).toContain(review);

  // Mails: filtered by the order (typed in, kept in the URL), one opened in full.
  await page.goto(`${admin()}/mails`);
  await page.getByRole('searchbox', { name: 'Order code' }).fill(order);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]order=${order}`));
  const confirmed = page.getByRole('region', { name: 'Mails' }).getByRole('button', { name: `Your order ${order} is confirmed` });
  await expect(confirmed).toBeVisible();
  await expect(page.getByRole('region', { name: 'Mails' }).locator('tbody tr')).toHaveCount(5);
  await checkPage(page, 'mails', () => expect(confirmed).toBeVisible());
  await confirmed.click();
  const mail = page.getByRole('dialog', { name: `Your order ${order} is confirmed` });
  await expect(mail).toContainText('reviewer@web.example');
  await expect(mail).toContainText(`Order ${order}: confirmed`);
  await checkPage(page, 'mail', () => expect(mail).toBeVisible());
  await mail.getByRole('button', { name: 'Close' }).click();
  await expect(mail).toBeHidden();
  await confirmed.click();
  await mail.getByRole('link', { name: order }).click();

  // The order's screen lists the same mails.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Order ${order}`);
  const sent = page.getByRole('region', { name: 'Mails sent' });
  await expect(sent.getByRole('button', { name: `Your order ${order} was delivered` })).toBeVisible();
  await expect(sent.locator('tbody tr')).toHaveCount(5);
});
