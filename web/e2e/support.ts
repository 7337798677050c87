import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import { readMails } from '../../scripts/lib/mail-viewer';
import type { StackState } from '../../scripts/lib/stack-state';
import { SHOP } from './global-setup';

export const admin = () => process.env.WEB_ADMIN!;
/** The storefront the suite's stack serves (its default shop is the seeded demo shop). */
export const store = () => process.env.WEB_STORE!;
export const seededOrders = () => JSON.parse(process.env.WEB_ORDERS!) as string[];

/** The demo owner's or customer's sign-in, as `npm start` made them. */
export const demoUser = (role: 'owner' | 'customer') => (JSON.parse(process.env.WEB_DEMO_USERS!) as StackState['demoUsers']).find((u) => u.role === role)!;

/** The six-digit code of the newest mail to `to` in the shop, once the outbox has sent it (and newer than `after`). */
export async function mailedCode(to: string, after = new Date(0), shop = SHOP): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(() => {
      const newest = readMails(process.env.WEB_MAIL_DIR!, { shop, to }, 1).mails[0];
      code = newest && newest.at >= after ? /\b(\d{6})\b/.exec(newest.text)?.[1] : undefined;
      return code;
    }, { message: `a code mailed to ${to}` })
    .toBeDefined();
  return code!;
}

/** POST to the API as JSON (an idempotency key on each), answering the status and the body. */
export async function post(path: string, body: object, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const reply = await fetch(`${process.env.WEB_API}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const text = await reply.text();
  return { status: reply.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Fills and sends the admin's sign-in form (the page is on it). */
export async function signInThroughForm(page: Page, email: string, password: string, shop = SHOP): Promise<void> {
  await page.getByLabel('Shop code').fill(shop);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * A signed-in staff member for the journeys that are not about signing in (see global-setup.ts):
 * the dev token goes where the app keeps its session (web/shared/session.ts), before any page
 * script runs. Only when no session is there, so signing out or a 401 still ends it.
 */
export async function signInWithToken(page: Page, token = process.env.WEB_ADMIN_TOKEN!): Promise<void> {
  await page.addInitScript((session) => {
    if (!sessionStorage.getItem('shopstream.session') && !sessionStorage.getItem('web-test.used')) {
      sessionStorage.setItem('shopstream.session', session);
      sessionStorage.setItem('web-test.used', '1');
    }
  }, JSON.stringify({ tenant: 'demo', email: 'admin@web.example', client: 'admin', tokens: { idToken: token } }));
}

const SCREENS = join(__dirname, '..', '..', 'test-results', 'screens');

/**
 * Every page, in both themes at 1280 and 375 px: no serious or critical axe-core violation, and a
 * screenshot (test-results/screens/<name>-<width>-<theme>.png). `ready` is what shows the page has
 * its content. Leaves the page light at 1280 px.
 */
export async function checkPage(page: Page, name: string, ready: () => Promise<void>): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await ready();
      await expect(page.locator('html')).toHaveClass(colorScheme === 'dark' ? /dark/ : /^(?!.*dark)/);
      // The toggle (signed-in screens) offers the other theme than the one shown.
      const toggle = page.getByRole('button', { name: /^(Light|Dark) theme$/ });
      if (await toggle.count()) await expect(toggle).toHaveText(colorScheme === 'dark' ? 'Light theme' : 'Dark theme');
      // Usable at 375 px: wide tables scroll in their own box, the page never sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px is wider than the window`).toBeLessThanOrEqual(width);
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
      expect(serious, `${name} at ${width} px, ${colorScheme}`).toEqual([]);
      await page.screenshot({ path: join(SCREENS, `${name}-${width}-${colorScheme}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}
