/**
 * The browser suite (`npm run test:web`): the admin app served by a local stack of its own
 * (e2e/global-setup.ts), in Debian's Chromium. Screenshots of every page are written under
 * test-results/ (gitignored).
 */
import { defineConfig } from '@playwright/test';
import { findChromium } from '../scripts/lib/chromium';

export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results/web',
  globalSetup: './e2e/global-setup.ts',
  // One stack, one browser: the machine is shared and the journeys are few.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  // One stack for every journey, one worker: a journey that counts what the setup seeded runs
  // before the journeys that add to it. The shop screens expect no shipping zone yet and the
  // seeded customers; the orders journeys add a zone, orders and customers; the storefront's place
  // orders and add a catalog; moderation places one more order.
  projects: [
    { name: 'admin', testMatch: ['**/admin.spec.ts', '**/auth.spec.ts', '**/shop.spec.ts', '**/system.spec.ts'] },
    { name: 'catalog-and-orders', testMatch: ['**/catalog-ops.spec.ts', '**/orders.spec.ts', '**/products.spec.ts', '**/staff.spec.ts', '**/roles.spec.ts', '**/shop-days.spec.ts'], dependencies: ['admin'] },
    { name: 'store', testMatch: ['**/checkout.spec.ts', '**/store.spec.ts', '**/store-images.spec.ts', '**/store-more.spec.ts', '**/store-account.spec.ts', '**/store-variants.spec.ts'], dependencies: ['catalog-and-orders'] },
    // Last: it places and delivers an order (for a verified buyer's review), which the orders list's journey would count.
    { name: 'moderation', testMatch: ['**/moderation.spec.ts'], dependencies: ['store'] },
  ],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: findChromium(), args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] },
    trace: 'retain-on-failure',
  },
});
