import { expect, test } from '@playwright/test';
import { admin, checkPage, signInWithToken } from './support';

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
});
