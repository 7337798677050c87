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
  // The admin's journeys count the orders and products the setup seeded: the storefront's, which
  // place orders and add a catalog, run after them (one stack, one worker).
  projects: [
    { name: 'admin', testIgnore: ['**/checkout.spec.ts', '**/store.spec.ts'] },
    { name: 'store', testMatch: ['**/checkout.spec.ts', '**/store.spec.ts'], dependencies: ['admin'] },
  ],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: findChromium(), args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] },
    trace: 'retain-on-failure',
  },
});
