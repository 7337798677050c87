/**
 * The orders list's "Placed from / to" are the shop's days (its `timeZone` setting), as Home and the
 * reports count them, not UTC's: the seeded orders are looked for on the day they were placed in a
 * zone where that day is not their UTC day. The zone goes back to what it was afterwards.
 */
import { expect, test } from '@playwright/test';
import { admin, seededOrders, signInWithToken } from './support';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
async function call(method: 'GET' | 'PATCH', path: string, body?: object): Promise<Body> {
  const reply = await fetch(`${process.env.WEB_API}${path}`, {
    method,
    headers: { authorization: `Bearer ${process.env.WEB_ADMIN_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: body && JSON.stringify(body),
  });
  const text = await reply.text();
  if (!reply.ok) throw new Error(`${method} ${path}: ${reply.status} ${text}`);
  return JSON.parse(text) as Body;
}
const dayIn = (iso: string, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
const setZone = async (timeZone: string) => call('PATCH', '/settings', { expectedVersion: (await call('GET', '/settings')).version, timeZone });

test('orders list: the day filters take in the shop’s day, not the UTC day', async ({ page }) => {
  const codes = seededOrders();
  const placed = await Promise.all(codes.map(async (code) => ((await call('GET', `/orders/${code}`)).attributes.placedAt ?? '') as string));
  // UTC+14 puts a time from 10:00 UTC on into the next day, UTC-11 one before 11:00 into the day before.
  const zone = placed.every((at) => new Date(at).getUTCHours() >= 10) ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
  const shopDays = new Set(placed.map((at) => dayIn(at, zone)));
  const utcDays = new Set(placed.map((at) => at.slice(0, 10)));
  expect(shopDays.size, 'the seeded orders share one shop day').toBe(1);
  const [shopDay] = [...shopDays];
  expect(utcDays.has(shopDay!), 'their UTC day is another one').toBe(false);

  const before = (await call('GET', '/settings')).timeZone as string | undefined;
  await setZone(zone);
  try {
    await signInWithToken(page);
    const orders = page.getByRole('region', { name: 'Orders' });
    // Their UTC day is not their day in the shop: none of them there.
    const [utcDay] = [...utcDays];
    await page.goto(`${admin()}/orders?from=${utcDay}&to=${utcDay}`);
    await expect(orders.or(page.getByText(/^No order matches these filters/))).toBeVisible();
    for (const code of codes) await expect(orders.getByRole('link', { name: code, exact: true })).toHaveCount(0);

    await page.goto(`${admin()}/orders?from=${shopDay}&to=${shopDay}`);
    await expect(page.getByLabel('Placed from')).toHaveValue(shopDay!);
    for (const code of codes) await expect(orders.getByRole('link', { name: code, exact: true })).toBeVisible();
  } finally {
    // Back to the zone the journeys after this one expect (the browser's, as staff.spec leaves it).
    await setZone(before ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  }
});
