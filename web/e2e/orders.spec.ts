/**
 * The orders journeys (issue 22): home's figures and its status links, an order fulfilled in two
 * shipments and partly refunded, a return accepted and received, and what a fulfilment user is not
 * offered (and the API refuses). Each asserts the API's state afterwards, not only the screen.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { admin, checkPage, seededOrders, signInWithToken } from './support';

const repo = resolve(__dirname, '..', '..');
const tsx = (script: string, ...args: string[]) => {
  const run = spawnSync(process.execPath, [join(repo, 'node_modules/tsx/dist/cli.mjs'), script, ...args], { cwd: repo, env: { ...process.env, DATA_DIR: process.env.WEB_DATA_DIR, TABLE_PREFIX: '' }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${script}: ${run.stderr}`);
  return run.stdout.trim();
};
const token = (role: string, user: string) => tsx('scripts/token.ts', '--tenant', 'demo', '--role', role, '--user', user, '--email', `${user}@web.example`);

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
async function call(who: string, method: string, path: string, body?: object, ok = true): Promise<{ status: number; body: Body }> {
  const init = { method, headers: { authorization: `Bearer ${who}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: body && JSON.stringify(body) };
  // A kept-alive socket the server closed meanwhile fails the request: send it again, with the same key.
  const reply = await fetch(`${process.env.WEB_API}${path}`, init).catch(() => fetch(`${process.env.WEB_API}${path}`, init));
  const text = await reply.text();
  if (ok && !reply.ok) throw new Error(`${method} ${path}: ${reply.status} ${text}`);
  return { status: reply.status, body: text ? (JSON.parse(text) as Body) : {} };
}
const read = async (who: string, path: string) => (await call(who, 'GET', path)).body;
const adminToken = () => process.env.WEB_ADMIN_TOKEN!;
const order = (code: string) => read(adminToken(), `/orders/${code}`);
const address = { name: 'Ada Buyer', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US', region: 'CA' };

/** An order paid online through the shop's test provider, confirmed: 2 x WEB-01 and 1 x WEB-02. */
async function paidOrder(buyer: string): Promise<string> {
  await call(adminToken(), 'POST', '/shipping-zones', { code: 'web-us', name: 'United States', countries: ['US'] }, false);
  await call(adminToken(), 'POST', '/shipping-methods', { code: 'web-ground', name: 'Ground', zoneCode: 'web-us', rate: { kind: 'flat', amount: 500 } }, false);
  const cart = (await call(buyer, 'POST', '/carts')).body;
  await call(buyer, 'POST', `/carts/${cart.id}/lines`, { sku: 'WEB-SKU-01', quantity: 2 });
  await call(buyer, 'POST', `/carts/${cart.id}/lines`, { sku: 'WEB-SKU-02', quantity: 1 });
  await call(buyer, 'PUT', `/carts/${cart.id}/addresses`, { shippingAddress: address });
  const priced = (await call(buyer, 'PUT', `/carts/${cart.id}/shipping-method`, { methodCode: 'web-ground' })).body;
  const placed = (await call(buyer, 'POST', `/carts/${cart.id}/complete`, { expectedVersion: priced.version, paymentMethod: 'card' })).body;
  const code = (placed.code ?? placed.orderCode) as string;
  await expect.poll(async () => (await order(code)).attributes.status, { message: `${code} awaits payment` }).toBe('awaiting_payment');
  await call(buyer, 'POST', `/carts/${cart.id}/payments`);
  tsx('scripts/pay.ts', code, '--tenant', 'demo', '--outcome', 'succeed');
  await expect.poll(async () => (await order(code)).attributes.status, { message: `${code} confirmed by its payment` }).toBe('confirmed');
  return code;
}

async function openOrder(page: Page, code: string) {
  await page.goto(`${admin()}/orders/${code}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Order ${code}`);
}
const actions = (page: Page) => page.getByRole('region', { name: 'Actions' });

test.describe('orders: signed in as a tenant admin', () => {
  test.beforeEach(async ({ page }) => {
    await signInWithToken(page);
  });

  test('home shows the seeded figures, and a status links to the filtered list', async ({ page }) => {
    // The reports read the read model: wait until it counts every seeded order.
    const today = new Date().toISOString().slice(0, 10);
    await expect
      .poll(async () => ((await read(adminToken(), '/reports/orders-by-status')).items as Body[]).reduce((n, row) => n + row.orders, 0), { message: 'the report counts the seeded orders' })
      .toBeGreaterThanOrEqual(seededOrders().length);
    const byStatus = (await read(adminToken(), '/reports/orders-by-status')).items as Body[];
    const sales = ((await read(adminToken(), `/reports/sales?from=${today}&to=${today}`)).items as Body[])[0];
    await page.goto(`${admin()}/`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Home');
    const todayPanel = page.getByRole('region', { name: "Today's sales" });
    if (sales) await expect(todayPanel).toContainText(`${sales.orders} orders`);
    await expect(page.getByRole('img', { name: /Net sales per day/ })).toBeVisible();
    await checkPage(page, 'home', () => expect(page.getByRole('img', { name: /Net sales per day/ })).toBeVisible());

    const confirmed = byStatus.find((row) => row.status === 'confirmed')!;
    await page.getByRole('link', { name: `confirmed: ${confirmed.orders}` }).click();
    await expect(page).toHaveURL(/\/orders\?.*status=confirmed/);
    await expect(page.getByRole('region', { name: 'Orders' }).locator('tbody tr')).toHaveCount(confirmed.orders);
  });

  test('orders list: search, payment state, dates and sort live in the URL; reload and back restore them', async ({ page }) => {
    const [first, , processing] = seededOrders();
    const rows = page.getByRole('region', { name: 'Orders' }).locator('tbody tr');
    await page.goto(`${admin()}/orders`);
    await expect(rows).toHaveCount(seededOrders().length);
    await page.getByRole('searchbox', { name: 'Search' }).fill(processing);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]q=${processing}`));
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(processing);
    await page.reload();
    await expect(rows).toHaveCount(1);
    await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue(processing);
    await page.goBack();
    await expect(rows).toHaveCount(seededOrders().length);

    // Seeded orders are paid on delivery: no payment through the shop.
    await page.getByRole('combobox', { name: 'Payment' }).click();
    await page.getByRole('option', { name: 'captured', exact: true }).click();
    await expect(page).toHaveURL(/[?&]payment=captured/);
    await expect(page.getByText('No order matches these filters')).toBeVisible();
    await page.goBack();

    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('Placed from').fill(today);
    await expect(page).toHaveURL(new RegExp(`[?&]from=${today}`));
    await expect(rows).toHaveCount(seededOrders().length);

    await page.getByRole('button', { name: 'Sort by Placed' }).click();
    await expect(page).toHaveURL(/[?&]sort=-createdAt/);
    await expect(rows.last()).toContainText(first);
    await page.reload();
    await expect(rows.last()).toContainText(first);
    await expect(page.getByRole('columnheader', { name: 'Sort by Placed' })).toHaveAttribute('aria-sort', 'descending');
    await checkPage(page, 'orders-filtered', () => expect(rows).toHaveCount(seededOrders().length));
  });

  test('fulfil an order in two shipments, then refund part of it', async ({ page }) => {
    // A long journey with two screens checked in both themes at two widths (a shared machine is slow).
    test.slow();
    const code = await paidOrder(token('customer', 'web-payer'));
    await openOrder(page, code);
    await actions(page).getByRole('button', { name: 'Start processing' }).dblclick();
    await expect(page.getByRole('main').getByText('processing', { exact: true }).first()).toBeVisible();
    await expect(actions(page).getByRole('button', { name: 'Ship' })).toBeVisible();
    expect((await order(code)).attributes.status).toBe('processing');

    // First shipment: one of the two WEB-01, nothing of WEB-02.
    await actions(page).getByRole('button', { name: 'Ship' }).click();
    const ship = page.getByRole('dialog', { name: 'Ship lines' });
    await ship.getByLabel('Web product 01 (WEB-SKU-01)').fill('1');
    await ship.getByLabel('Web product 02 (WEB-SKU-02)').fill('0');
    await ship.getByLabel('Carrier').fill('DHL');
    await ship.getByLabel('Tracking number').fill('WEB-TRACK-1');
    await checkPage(page, 'order-ship', () => expect(ship).toBeVisible());
    await ship.getByRole('button', { name: 'Confirm' }).click();
    await expect(ship).toBeHidden();
    await expect(page.getByRole('region', { name: 'Shipments' })).toContainText('WEB-TRACK-1');
    expect((await order(code)).attributes.status).toBe('partially_shipped');

    // Second: the rest (the dialog offers what is left).
    await actions(page).getByRole('button', { name: 'Ship' }).click();
    await expect(ship.getByLabel('Web product 01 (WEB-SKU-01)')).toHaveValue('1');
    await ship.getByLabel('Carrier').fill('DHL');
    await ship.getByLabel('Tracking number').fill('WEB-TRACK-2');
    await ship.getByRole('button', { name: 'Confirm' }).click();
    await expect(ship).toBeHidden();
    await expect(page.getByRole('region', { name: 'Shipments' }).getByRole('listitem')).toHaveCount(2);
    const shipped = await order(code);
    expect(shipped.attributes.status).toBe('shipped');
    expect((shipped.attributes.shipments as Body[]).map((s) => s.lines)).toEqual([[{ sku: 'WEB-SKU-01', quantity: 1 }], [{ sku: 'WEB-SKU-01', quantity: 1 }, { sku: 'WEB-SKU-02', quantity: 1 }]]);

    // Refund $5.25 of what was captured: 525 minor units, once, whatever the clicks.
    await actions(page).getByRole('button', { name: 'Refund' }).click();
    const refund = page.getByRole('dialog', { name: 'Refund part of the payment' });
    await refund.getByLabel('Amount (USD)').fill('5.255');
    await refund.getByLabel('Reason').fill('scratched box');
    await refund.getByRole('button', { name: 'Confirm' }).click();
    await expect(refund.getByText('Enter an amount such as')).toBeVisible();
    await refund.getByLabel('Amount (USD)').fill('5.25');
    await refund.getByRole('button', { name: 'Confirm' }).dblclick();
    await expect(refund).toBeHidden();
    const payments = (await read(adminToken(), `/orders/${code}/payments`)).items as Body[];
    const refunds = (payments[0].attributes.transactions as Body[]).filter((line) => line.kind === 'refund');
    expect(refunds.map((line) => [line.amount.amount, line.reason])).toEqual([[525, 'scratched box']]);
    await expect(page.getByRole('region', { name: 'Ledger', exact: true })).toContainText('scratched box');
    await checkPage(page, 'order-fulfilled', () => expect(page.getByRole('region', { name: 'Ledger', exact: true })).toContainText('scratched box'));

    // A fulfilment user on the same order: no refund offered, and the API refuses one.
    const fulfilment = token('fulfilment', 'web-packer');
    const packer = await page.context().browser()!.newContext();
    const packerPage = await packer.newPage();
    await signInWithToken(packerPage, fulfilment);
    await openOrder(packerPage, code);
    await expect(actions(packerPage).getByRole('button', { name: 'Mark delivered' })).toBeVisible();
    await expect(packerPage.getByRole('button', { name: 'Refund' })).toHaveCount(0);
    await expect(packerPage.getByRole('button', { name: 'Cancel order' })).toHaveCount(0);
    await packer.close();
    const refused = await call(fulfilment, 'POST', `/orders/${code}/refunds`, { amount: 100, reason: 'goodwill' }, false);
    expect([refused.status, refused.body.permission]).toEqual([403, 'payments.refund']);
  });

  test('accept and receive a return; a stale version is shown as changed by someone else', async ({ page }) => {
    test.slow();
    const buyer = token('customer', 'web-returner');
    const placed = (await call(buyer, 'POST', '/orders', { items: [{ productCode: 'WEB-02', quantity: 2 }], shippingAddress: address, paymentMethod: 'cash_on_delivery' })).body;
    await expect.poll(async () => (await order(placed.code)).attributes.status).toBe('confirmed');
    let current = await order(placed.code);
    current = (await call(adminToken(), 'PATCH', `/orders/${placed.code}/status`, { status: 'processing', expectedVersion: current.version })).body;
    current = (await call(adminToken(), 'POST', `/orders/${placed.code}/shipments`, { expectedVersion: current.version, carrier: 'DHL', trackingNumber: 'WEB-RET-1' })).body;
    await openOrder(page, placed.code);
    // Someone else delivers it while the screen shows "shipped".
    await expect(actions(page).getByRole('button', { name: 'Mark delivered' })).toBeVisible();
    await call(adminToken(), 'PATCH', `/orders/${placed.code}/status`, { status: 'delivered', expectedVersion: current.version });
    await actions(page).getByRole('button', { name: 'Mark delivered' }).click();
    await expect(page.getByText('Changed by someone else since you opened it.')).toBeVisible();
    await checkPage(page, 'order-conflict', () => expect(page.getByText('Changed by someone else since you opened it.')).toBeVisible());
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect(actions(page).getByRole('button', { name: 'Complete' })).toBeVisible();

    const asked = (await call(buyer, 'POST', `/orders/${placed.code}/returns`, { lines: [{ sku: 'WEB-SKU-02', quantity: 1 }], reason: 'too small' })).body;
    await page.reload();
    const returns = page.getByRole('region', { name: 'Returns' });
    await expect(returns).toContainText(`Return ${asked.code}`);
    await returns.getByRole('button', { name: 'Accept' }).click();
    await expect(returns.getByRole('button', { name: 'Mark received' })).toBeVisible();
    expect((await read(adminToken(), `/orders/${placed.code}/returns`)).items[0].attributes.state).toBe('accepted');
    await returns.getByRole('button', { name: 'Mark received' }).dblclick();
    await expect(returns.getByRole('button', { name: 'Mark received' })).toHaveCount(0);
    const done = (await read(adminToken(), `/orders/${placed.code}/returns`)).items[0];
    expect(['received', 'refunded']).toContain(done.attributes.state);
    expect(done.attributes.received).toEqual([{ sku: 'WEB-SKU-02', quantity: 1, condition: 'restock' }]);
  });
});
