import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { admin, checkPage, post, signInWithToken } from './support';

/** A small PNG of one colour, written to a file for the file chooser. */
async function png(name: string, width: number, colour: { r: number; g: number; b: number }): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'e2e-img-')), name);
  writeFileSync(file, await sharp({ create: { width, height: 100, channels: 3, background: colour } }).png().toBuffer());
  return file;
}

const asAdmin = async (method: string, path: string, body?: object) => {
  const reply = await fetch(`${process.env.WEB_API}${path}`, {
    method,
    headers: { authorization: `Bearer ${process.env.WEB_ADMIN_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: body && JSON.stringify(body),
  });
  return { status: reply.status, body: (await reply.json()) as Record<string, any> };
};

test.describe('catalog operations: signed in as a tenant admin', () => {
  test.beforeEach(async ({ page }) => {
    await signInWithToken(page);
  });

  test('inventory: adjust stock with a reason, see the movement; a change made meanwhile is a 409 shown, not overwritten', async ({ page }) => {
    await page.goto(`${admin()}/inventory`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inventory');
    await checkPage(page, 'inventory-pick', () => expect(page.getByText('Enter a SKU to see its stock')).toBeVisible());

    // An unknown SKU says so.
    await page.getByLabel('SKU or product code').fill('NO-SUCH-SKU');
    await page.getByRole('button', { name: 'Show stock' }).click();
    await expect(page.getByText('There is no SKU or product NO-SUCH-SKU in this shop.')).toBeVisible();

    await page.getByLabel('SKU or product code').fill('WEB-SKU-02');
    await page.getByRole('button', { name: 'Show stock' }).click();
    await expect(page).toHaveURL(/[?&]sku=WEB-SKU-02/);
    const levels = page.getByRole('region', { name: 'Stock levels' });
    const main = levels.getByRole('row', { name: /^main/ });
    await expect(main).toContainText('50');
    const before = (await asAdmin('GET', '/inventory/WEB-SKU-02')).body.warehouses[0];

    // The reason is required: named next to its input, nothing sent.
    await page.getByLabel('Change on hand by').fill('-3');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByText('Required', { exact: true })).toBeVisible();
    expect((await asAdmin('GET', '/inventory/WEB-SKU-02')).body.warehouses[0].version).toBe(before.version);

    await page.getByLabel('Reason').selectOption('damage');
    await page.getByLabel('Low-stock threshold').fill('5');
    await page.getByLabel('Note').fill('dropped a box');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByText(`Saved: main is at version ${before.version + 1}, ${before.onHand - 3} on hand`)).toBeVisible();
    await expect(main).toContainText(String(before.onHand - 3));
    const movements = page.getByRole('region', { name: 'Movements' });
    await expect(movements.getByRole('row').filter({ hasText: 'damage' })).toContainText('-3');
    const after = (await asAdmin('GET', '/inventory/WEB-SKU-02')).body.warehouses[0];
    expect(after).toMatchObject({ onHand: before.onHand - 3, lowStockThreshold: 5, version: before.version + 1 });
    await checkPage(page, 'inventory-sku', () => expect(movements.getByRole('row').filter({ hasText: 'damage' })).toBeVisible());

    // Someone else counts the stock meanwhile: the page's change is refused with the current version, and the levels reload.
    expect((await asAdmin('PATCH', '/inventory/WEB-SKU-02', { expectedVersion: after.version, onHand: 40, reason: 'count' })).status).toBe(200);
    await page.getByLabel('Change on hand by').fill('2');
    await page.getByLabel('Reason').selectOption('restock');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByRole('alert')).toContainText(`it is at version ${after.version + 1} now`);
    await expect(main).toContainText('40');
    expect((await asAdmin('GET', '/inventory/WEB-SKU-02')).body.warehouses[0].onHand).toBe(40);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByText(`Saved: main is at version ${after.version + 2}, 42 on hand`)).toBeVisible();
  });

  test('images: upload two through the presigned POST, see the renditions, alt text, reorder by keyboard; the storefront API shows them', async ({ page }) => {
    await page.goto(`${admin()}/products/WEB-03`);
    const section = page.getByRole('region', { name: 'Images' });
    await expect(section.getByText('No images yet')).toBeVisible();
    await section.getByLabel('Choose images').setInputFiles([await png('red.png', 200, { r: 200, g: 0, b: 0 }), await png('blue.png', 300, { r: 0, g: 0, b: 200 })]);
    await expect(section.getByText('red.png: ready')).toBeVisible();
    await expect(section.getByText('blue.png: ready')).toBeVisible();
    const images = section.getByRole('listitem', { name: /^Image \d/ });
    await expect(images).toHaveCount(2);
    await expect(images.nth(0).locator('img')).toHaveJSProperty('complete', true);
    // The smallest WebP rendition the media function made (160 px), loaded from storage.
    expect(await images.nth(0).locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
    const widths = async () => (await asAdmin('GET', '/products/WEB-03/media')).body.items.map((m: any) => m.width) as number[];
    const before = await widths();
    expect([...before].sort()).toEqual([200, 300]);
    await checkPage(page, 'product-images', () => expect(images).toHaveCount(2));

    await images.nth(0).getByLabel('Alt text').fill('A red square');
    await images.nth(0).getByRole('button', { name: 'Save image details' }).click();
    await expect(images.nth(0).getByRole('status')).toHaveText('Saved');
    await section.getByRole('button', { name: 'Move image 2 up' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(widths).toEqual([...before].reverse());
    await expect(images.nth(1).getByLabel('Alt text')).toHaveValue('A red square');

    const key = (await post('/publishable-keys', { label: 'e2e images' }, process.env.WEB_ADMIN_TOKEN)).body.key as string;
    await expect
      .poll(async () => {
        const seen = (await (await fetch(`${process.env.WEB_API}/products/WEB-03`, { headers: { 'x-publishable-key': key } })).json()) as any;
        return (seen.attributes.media ?? []).map((m: any) => [m.width, m.alt, m.renditions.length > 0]);
      })
      .toEqual([
        [before[1], '', true],
        [before[0], 'A red square', true],
      ]);
  });

  test('bulk: a dry run names the bad row, then start applies the good rows; an export offers its file', async ({ page }) => {
    await page.goto(`${admin()}/products`);
    await page.getByRole('link', { name: 'Import or export' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import and export');
    await checkPage(page, 'bulk', () => expect(page.getByRole('button', { name: 'Upload and check' })).toBeVisible());
    const csv = [
      'product_code,product_name,sku,price,currency',
      'IMP-1,Imported one,IMP-1-SKU,1500,USD',
      'IMP-2,Imported two,IMP-2-SKU,2500,USD',
      'IMP-3,Imported three,IMP-3-SKU,twelve,USD',
    ].join('\n');
    await page.getByLabel('CSV file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv + '\n') });
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Checked: nothing written yet' })).toBeVisible();
    const report = page.getByRole('region', { name: 'Report by row' });
    const bad = report.getByRole('row').filter({ hasText: 'IMP-3' });
    await expect(bad).toContainText('failed');
    await expect(bad).toContainText('price');
    expect((await asAdmin('GET', '/products/IMP-1')).status).toBe(404);
    await checkPage(page, 'bulk-report', () => expect(bad).toBeVisible());

    await page.getByRole('button', { name: 'Start the import' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Completed' })).toBeVisible();
    expect((await asAdmin('GET', '/products/IMP-1')).body).toMatchObject({ name: 'Imported one', attributes: { price: { amount: 1500 } } });
    expect((await asAdmin('GET', '/products/IMP-2')).status).toBe(200);
    expect((await asAdmin('GET', '/products/IMP-3')).status).toBe(404);
    await expect(page.getByRole('region', { name: 'Imports of the shop' })).toContainText('Checked: nothing written yet · dry run');

    await page.getByRole('button', { name: 'Export all products' }).click();
    await expect(page.getByText(/^Done: \d+ rows$/)).toBeVisible();
    const href = await page.getByRole('link', { name: 'Download the CSV' }).getAttribute('href');
    expect(await (await fetch(href!)).text()).toContain('IMP-1-SKU');
  });
});
