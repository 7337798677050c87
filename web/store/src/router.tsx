/**
 * The storefront's routes. Each page is its own chunk (`.lazy`), loaded when first visited: the
 * first load carries the shell only (budget: 150 KB of JavaScript gzipped). Search params are
 * validated here, so a page reads typed filters and a shared link shows the same page.
 *
 * /products/$code and /categories/$code are also answered with crawler HTML (title, Open Graph,
 * JSON-LD) by the server in front of the app: keep those paths stable.
 */
import { createRootRouteWithContext, createRoute, createRouter } from '@tanstack/react-router';
import type { StoreContext } from './app';
import { Shell } from './shell';

const root = createRootRouteWithContext<StoreContext>()({ component: Shell });

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

// --- catalog, product, cart ---
const home = createRoute({ getParentRoute: () => root, path: '/' }).lazy(() => import('./pages/home').then((m) => m.route));
const catalog = createRoute({ getParentRoute: () => root, path: '/search', validateSearch: (search: Record<string, unknown>): { q?: string } => ({ q: text(search.q) }) }).lazy(() =>
  import('./pages/catalog').then((m) => m.route),
);
const category = createRoute({ getParentRoute: () => root, path: '/categories/$code' }).lazy(() => import('./pages/catalog').then((m) => m.categoryRoute));
const product = createRoute({ getParentRoute: () => root, path: '/products/$code' }).lazy(() => import('./pages/product').then((m) => m.route));
const cart = createRoute({ getParentRoute: () => root, path: '/cart' }).lazy(() => import('./pages/cart').then((m) => m.route));

// --- account ---
const account = createRoute({ getParentRoute: () => root, path: '/account' }).lazy(() => import('./pages/account/account').then((m) => m.route));

// --- checkout and orders ---
export const CHECKOUT_STEPS = ['email', 'address', 'shipping', 'payment', 'review'] as const;
export type CheckoutStep = (typeof CHECKOUT_STEPS)[number];
/** The step is in the URL (back works); `payment`/`outcome` are what the provider's page sends the shopper back with. */
export interface CheckoutSearch {
  step?: CheckoutStep;
  payment?: string;
  outcome?: string;
}
const checkout = createRoute({
  getParentRoute: () => root,
  path: '/checkout',
  validateSearch: (search: Record<string, unknown>): CheckoutSearch => ({
    step: CHECKOUT_STEPS.find((step) => step === search.step),
    payment: text(search.payment),
    outcome: text(search.outcome),
  }),
}).lazy(() => import('./pages/checkout').then((m) => m.route));
/** `placed`: just placed from this tab (the confirmation). */
const order = createRoute({ getParentRoute: () => root, path: '/orders/$code', validateSearch: (search: Record<string, unknown>): { placed?: boolean } => ({ placed: search.placed === true || search.placed === 'true' || undefined }) }).lazy(() =>
  import('./pages/order').then((m) => m.route),
);

const routes = root.addChildren([home, catalog, category, product, cart, account, checkout, order]);

export function createStoreRouter(context: StoreContext) {
  return createRouter({ routeTree: routes, context, defaultPreload: 'intent', scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createStoreRouter>;
  }
}
