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
import { NotFound, Shell } from './shell';

const root = createRootRouteWithContext<StoreContext>()({ component: Shell, notFoundComponent: NotFound });

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

// --- catalog, product, cart ---
const home = createRoute({ getParentRoute: () => root, path: '/' }).lazy(() => import('./pages/home').then((m) => m.route));
export const SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'name'] as const;
/** The catalog's filters, all in the URL (a shared link shows the same list); `option.<name>` holds comma-separated values. */
export type CatalogSearch = { q?: string; minPrice?: number; maxPrice?: number; inStock?: 'true'; sort?: (typeof SORTS)[number] } & { [option: `option.${string}`]: string | undefined };
const minor = (value: unknown) => (value !== '' && Number.isInteger(Number(value)) && Number(value) >= 0 ? Number(value) : undefined);
function catalogSearch(search: Record<string, unknown>): CatalogSearch {
  const options = Object.fromEntries(Object.entries(search).filter(([name, value]) => name.startsWith('option.') && text(value)).map(([name, value]) => [name, String(value)]));
  return { ...options, q: text(search.q), minPrice: minor(search.minPrice), maxPrice: minor(search.maxPrice), inStock: search.inStock === 'true' || search.inStock === true ? 'true' : undefined, sort: SORTS.find((s) => s === search.sort) };
}
const catalog = createRoute({ getParentRoute: () => root, path: '/search', validateSearch: catalogSearch }).lazy(() => import('./pages/catalog').then((m) => m.route));
const category = createRoute({ getParentRoute: () => root, path: '/categories/$code', validateSearch: catalogSearch }).lazy(() => import('./pages/catalog').then((m) => m.categoryRoute));
const product = createRoute({ getParentRoute: () => root, path: '/products/$code' }).lazy(() => import('./pages/product').then((m) => m.route));
const cart = createRoute({ getParentRoute: () => root, path: '/cart' }).lazy(() => import('./pages/cart').then((m) => m.route));

// --- account ---
const account = createRoute({ getParentRoute: () => root, path: '/account' }).lazy(() => import('./pages/account/account').then((m) => m.route));
const emailSearch = (search: Record<string, unknown>): { email?: string } => ({ email: text(search.email) });
const accountPage = (path: '/account/addresses' | '/account/orders' | '/account/returns' | '/account/wishlist', name: 'addressesRoute' | 'ordersRoute' | 'returnsRoute' | 'wishlistRoute') =>
  createRoute({ getParentRoute: () => root, path }).lazy(() => import('./pages/account/account').then((m) => m[name]));
const accountPages = [
  accountPage('/account/addresses', 'addressesRoute'),
  accountPage('/account/orders', 'ordersRoute'),
  accountPage('/account/returns', 'returnsRoute'),
  accountPage('/account/wishlist', 'wishlistRoute'),
  createRoute({ getParentRoute: () => root, path: '/account/sign-up' }).lazy(() => import('./pages/account/auth').then((m) => m.signUpRoute)),
  createRoute({ getParentRoute: () => root, path: '/account/verify', validateSearch: emailSearch }).lazy(() => import('./pages/account/auth').then((m) => m.verifyRoute)),
  createRoute({ getParentRoute: () => root, path: '/account/forgot' }).lazy(() => import('./pages/account/auth').then((m) => m.forgotRoute)),
  createRoute({ getParentRoute: () => root, path: '/account/reset', validateSearch: emailSearch }).lazy(() => import('./pages/account/auth').then((m) => m.resetRoute)),
];

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

const routes = root.addChildren([home, catalog, category, product, cart, account, ...accountPages, checkout, order]);

export function createStoreRouter(context: StoreContext) {
  return createRouter({ routeTree: routes, context, defaultPreload: 'intent', scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createStoreRouter>;
  }
}
