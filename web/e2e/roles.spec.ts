/**
 * What a role that may read a screen but not change it is offered (issue 22: "an action the role
 * may not take is not offered, and the API refuses it anyway"). The fulfilment role reads the
 * catalog and the stock (catalog.read, inventory.read) but holds neither catalog.write nor
 * inventory.write (src/auth/permissions.ts): its product screen has no save, no image upload,
 * reorder, edit or delete, its products list no "New product" or import, and its inventory screen
 * no adjustment. Asserted on a product this journey makes (and gives an image), by its own code.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { admin, checkPage, signInWithToken } from './support';

const repo = resolve(__dirname, '..', '..');
const PRODUCT = 'WEB-ROLES';
const SKU = 'WEB-ROLES-SKU';

const token = (role: string, user: string) => {
  const run = spawnSync(process.execPath, [join(repo, 'node_modules/tsx/dist/cli.mjs'), 'scripts/token.ts', '--tenant', 'demo', '--role', role, '--user', user, '--email', `${user}@web.example`], { cwd: repo, env: { ...process.env, DATA_DIR: process.env.WEB_DATA_DIR, TABLE_PREFIX: '' }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`scripts/token.ts: ${run.stderr}`);
  return run.stdout.trim();
};

async function call(who: string, method: string, path: string, body?: object): Promise<{ status: number; body: Record<string, any> }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const reply = await fetch(`${process.env.WEB_API}${path}`, { method, headers: { authorization: `Bearer ${who}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: body && JSON.stringify(body) });
  const text = await reply.text();
  return { status: reply.status, body: text ? JSON.parse(text) : {} };
}

test('a fulfilment user reads a product and its stock but is offered no change to the product, its images or its stock', async ({ page, browser }) => {
  test.slow();
  const shop = process.env.WEB_ADMIN_TOKEN!;
  expect((await call(shop, 'POST', '/products', { code: PRODUCT, name: 'Roles tee', sku: SKU, price: { amount: 1900, currency: 'USD' } })).status).toBe(201);
  await expect.poll(async () => (await call(shop, 'GET', `/inventory/${SKU}`)).status, { message: 'the stock of the new product' }).toBe(200);
  expect((await call(shop, 'PATCH', `/inventory/${SKU}`, { expectedVersion: 0, onHand: 7, reason: 'restock' })).status).toBe(200);

  // The shop's admin gives it an image, through the screen.
  await signInWithToken(page);
  await page.goto(`${admin()}/products/${PRODUCT}`);
  const images = page.getByRole('region', { name: 'Images' });
  const file = join(mkdtempSync(join(tmpdir(), 'web-roles-')), 'roles.png');
  writeFileSync(file, await sharp({ create: { width: 200, height: 100, channels: 3, background: { r: 0, g: 120, b: 0 } } }).png().toBuffer());
  await images.getByLabel('Choose images').setInputFiles(file);
  await expect(images.getByText('roles.png: ready')).toBeVisible();
  await expect(images.getByRole('listitem', { name: 'Image 1' })).toBeVisible();

  const fulfilment = token('fulfilment', 'web-roles-packer');
  const context = await browser.newContext();
  const packer = await context.newPage();
  await signInWithToken(packer, fulfilment);

  // The products list: no new product, no import or export.
  await packer.goto(`${admin()}/products`);
  await expect(packer.getByRole('heading', { level: 1 })).toHaveText('Products');
  await expect(packer.getByRole('table')).toBeVisible();
  await expect(packer.getByRole('link', { name: 'New product' })).toHaveCount(0);
  await expect(packer.getByRole('link', { name: 'Import or export' })).toHaveCount(0);
  // Nor by address: the new-product screen sends the role back to the list.
  await packer.goto(`${admin()}/products/new`);
  await expect(packer).toHaveURL(`${admin()}/products`);

  // The product: read, every field disabled, no save; the image shown with no upload, reorder, edit or delete.
  await packer.goto(`${admin()}/products/${PRODUCT}`);
  await expect(packer.getByRole('heading', { level: 1 })).toHaveText(`Product ${PRODUCT}`);
  await expect(packer.getByText('Your role may read products but not change them.')).toBeVisible();
  await expect(packer.getByLabel('Name')).toHaveValue('Roles tee');
  await expect(packer.getByLabel('Name')).toBeDisabled();
  await expect(packer.getByRole('button', { name: 'Add an option' })).toBeDisabled();
  await expect(packer.getByRole('button', { name: 'Generate the variants' })).toBeDisabled();
  await expect(packer.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
  const shown = packer.getByRole('region', { name: 'Images' });
  const image = shown.getByRole('listitem', { name: 'Image 1' });
  await expect(image.locator('img')).toBeVisible();
  await expect(shown.getByLabel('Choose images')).toHaveCount(0);
  await expect(shown.getByRole('button')).toHaveCount(0);
  await expect(shown.getByRole('textbox')).toHaveCount(0);
  await checkPage(packer, 'product-read-only', () => expect(image.locator('img')).toBeVisible());

  // The stock: read, not adjusted (inventory.write is the shop's admins').
  await packer.goto(`${admin()}/inventory?sku=${SKU}`);
  await expect(packer.getByRole('region', { name: 'Stock levels' }).getByRole('row', { name: /^main 7 / })).toBeVisible();
  await expect(packer.getByText('Your role may read stock but not change it.')).toBeVisible();
  await expect(packer.getByRole('button', { name: 'Apply' })).toHaveCount(0);
  await context.close();

  // And the API refuses each of them anyway.
  const product = (await call(shop, 'GET', `/products/${PRODUCT}`)).body;
  const refusals = [
    await call(fulfilment, 'PATCH', `/products/${PRODUCT}`, { expectedVersion: product.version, name: 'Renamed' }),
    await call(fulfilment, 'POST', `/products/${PRODUCT}/media`, { contentType: 'image/png' }),
    await call(fulfilment, 'PATCH', `/inventory/${SKU}`, { expectedVersion: 1, onHand: 1, reason: 'count' }),
  ];
  expect(refusals.map((r) => [r.status, r.body.permission])).toEqual([
    [403, 'catalog.write'],
    [403, 'catalog.write'],
    [403, 'inventory.write'],
  ]);
});
