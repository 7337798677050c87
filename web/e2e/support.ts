import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { join } from 'node:path';

export const admin = () => process.env.WEB_ADMIN!;
export const seededOrders = () => JSON.parse(process.env.WEB_ORDERS!) as string[];

/**
 * A signed-in staff member without the /auth routes (not merged yet): the dev token goes where the
 * app keeps its session (web/shared/session.ts), before any page script runs. Only when no session
 * is there, so signing out or a 401 still ends it.
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
