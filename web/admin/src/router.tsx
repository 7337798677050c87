/**
 * The admin's routes. Each screen is its own chunk (`.lazy`), loaded when first visited: the first
 * load carries the shell only. Search params are validated here, so a page reads typed filters.
 */
import { createRootRouteWithContext, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import { NotFound } from './pages/not-found';
import type { Schemas } from '../../shared/api/client';
import type { paths } from '../../shared/api/schema';
import { loadShopTimeZone, safeReturn, type AppContext } from './app';
import { ordersListQuery, ordersSearch, type OrdersSearch } from './orders-search';
import { oneOf, pageSearch, type PageSearch } from './paging';
import { may, type Permission } from './permissions';
import { mayUse, sectionsFor, type SectionId } from './sections';

export type OrderStatus = Schemas['OrderAttributes']['status'];
/** Every order status, in the order an order moves through them; the type check keeps it complete. */
export const ORDER_STATUSES = ['pending', 'awaiting_payment', 'confirmed', 'processing', 'partially_shipped', 'shipped', 'delivered', 'completed', 'cancelled'] as const satisfies readonly OrderStatus[];
type Missing = Exclude<OrderStatus, (typeof ORDER_STATUSES)[number]>;
const complete: Missing extends never ? true : Missing = true;
void complete;

const root = createRootRouteWithContext<AppContext>()({ component: Outlet });

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

const signIn = createRoute({
  getParentRoute: () => root,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { redirect?: string; tenant?: string } => ({ redirect: text(search.redirect), tenant: text(search.tenant) }),
  beforeLoad: ({ context, search }) => {
    if (context.session.signedIn) throw redirect({ href: safeReturn(search.redirect) });
  },
}).lazy(() => import('./pages/sign-in').then((m) => m.route));

const authSearch = (search: Record<string, unknown>): { tenant?: string; email?: string; code?: string } => ({ tenant: text(search.tenant), email: text(search.email), code: text(search.code) });
const forgotPassword = createRoute({ getParentRoute: () => root, path: '/forgot-password', validateSearch: authSearch }).lazy(() => import('./pages/password').then((m) => m.forgotRoute));
const resetPassword = createRoute({ getParentRoute: () => root, path: '/reset-password', validateSearch: authSearch }).lazy(() => import('./pages/password').then((m) => m.resetRoute));
const acceptInvitation = createRoute({ getParentRoute: () => root, path: '/accept-invitation', validateSearch: authSearch }).lazy(() => import('./pages/password').then((m) => m.inviteRoute));

/** Everything behind sign-in: the shell with the navigation. */
const app = createRoute({
  getParentRoute: () => root,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    if (!context.session.signedIn) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
    await loadShopTimeZone(context);
    return { roles: context.session.claims!.roles };
  },
}).lazy(() => import('./pages/shell').then((m) => m.route));

const section = (id: SectionId) => ({ context }: { context: { roles: string[] } }) => {
  if (!mayUse(context.roles, id)) throw redirect({ to: '/' });
};

/** A screen of a section that only changes things (a new product, a bulk import): a role that may only read the section is sent to its list. */
const changing = (id: SectionId, permission: Permission, list: '/products') => ({ context }: { context: { roles: string[] } }) => {
  section(id)({ context });
  if (!may(context.roles, permission)) throw redirect({ to: list });
};

/** Home: the shop's figures (the reports); a role without reports.read starts at its first section. */
const home = createRoute({
  getParentRoute: () => app,
  path: '/',
  beforeLoad: ({ context }) => {
    if (may(context.roles, 'reports.read')) return;
    const first = sectionsFor(context.roles).find((s) => s.id !== 'home');
    if (first) throw redirect({ to: `/${first.id}` as '/' });
  },
}).lazy(() => import('./pages/home').then((m) => m.route));

const orders = createRoute({
  getParentRoute: () => app,
  path: '/orders',
  beforeLoad: section('orders'),
  validateSearch: (search: Record<string, unknown>): OrdersSearch => ordersSearch(search, ORDER_STATUSES),
  // Not awaited: the screen shows its loading state meanwhile, and its useQuery joins this request.
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => void context.queryClient.prefetchQuery(ordersListQuery(context.api, deps, context.config.timeZone)),
}).lazy(() => import('./pages/orders-list').then((m) => m.route));

const order = createRoute({ getParentRoute: () => app, path: '/orders/$code', beforeLoad: section('orders') }).lazy(() => import('./pages/order-detail').then((m) => m.route));

export const PRODUCT_STATES = ['active', 'inactive'] as const;
export const PRODUCT_STOCK = ['in', 'low', 'out'] as const;
export const PRODUCT_SORTS = ['name', '-name', 'price', '-price', 'updatedAt', '-updatedAt', 'stock', '-stock'] as const satisfies readonly NonNullable<ProductListQuery['sort']>[];
type ProductListQuery = NonNullable<paths['/products']['get']['parameters']['query']>;
export type ProductsSearch = { q?: string; category?: string; stock?: (typeof PRODUCT_STOCK)[number]; state?: (typeof PRODUCT_STATES)[number]; sort?: (typeof PRODUCT_SORTS)[number] } & PageSearch;
const products = createRoute({
  getParentRoute: () => app,
  path: '/products',
  beforeLoad: section('products'),
  // A hand-edited URL keeps what is valid: text trimmed to the API's 100 characters, a code-like category, known values.
  validateSearch: (search: Record<string, unknown>): ProductsSearch => ({
    q: text(typeof search.q === 'string' ? search.q.trim().slice(0, 100) : undefined),
    category: typeof search.category === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(search.category) ? search.category : undefined,
    stock: oneOf(search.stock, PRODUCT_STOCK),
    state: oneOf(search.state, PRODUCT_STATES),
    sort: oneOf(search.sort, PRODUCT_SORTS),
    ...pageSearch(search),
  }),
}).lazy(() => import('./pages/products-list').then((m) => m.route));
const productNew = createRoute({ getParentRoute: () => app, path: '/products/new', beforeLoad: changing('products', 'catalog.write', '/products') }).lazy(() => import('./pages/product-edit').then((m) => m.newRoute));
const productEdit = createRoute({ getParentRoute: () => app, path: '/products/$code', beforeLoad: section('products') }).lazy(() => import('./pages/product-edit').then((m) => m.editRoute));

// Shop management (issue 22: categories, customers, coupons, tax rates, shipping, publishable keys): one block, so parallel screens merge.
const categories = createRoute({ getParentRoute: () => app, path: '/categories', beforeLoad: section('categories') }).lazy(() => import('./pages/categories').then((m) => m.route));

export const CUSTOMER_STATUSES = ['active', 'disabled'] as const;
export const CUSTOMER_SORTS = ['createdAt', 'lastOrderAt', 'lifetimeValue'] as const;
/** A yes/no filter: kept in the URL as a JSON boolean (?hasOrders=true). */
const yesNo = (value: unknown) => (value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined);
export interface CustomerSearch extends PageSearch {
  q?: string;
  status?: (typeof CUSTOMER_STATUSES)[number];
  hasOrders?: boolean;
  marketingConsent?: boolean;
  sort?: (typeof CUSTOMER_SORTS)[number];
}
const customers = createRoute({
  getParentRoute: () => app,
  path: '/customers',
  beforeLoad: section('customers'),
  validateSearch: (search: Record<string, unknown>): CustomerSearch => ({
    q: text(search.q),
    status: oneOf(search.status, CUSTOMER_STATUSES),
    hasOrders: yesNo(search.hasOrders),
    marketingConsent: yesNo(search.marketingConsent),
    sort: oneOf(search.sort, CUSTOMER_SORTS),
    ...pageSearch(search),
  }),
}).lazy(() => import('./pages/customers').then((m) => m.listRoute));
const customer = createRoute({ getParentRoute: () => app, path: '/customers/$id', beforeLoad: section('customers') }).lazy(() => import('./pages/customers').then((m) => m.detailRoute));

export const COUPON_SORTS = ['code', '-code', 'createdAt', '-createdAt'] as const;
const coupons = createRoute({
  getParentRoute: () => app,
  path: '/coupons',
  beforeLoad: section('coupons'),
  validateSearch: (search: Record<string, unknown>): { sort?: (typeof COUPON_SORTS)[number] } & PageSearch => ({ sort: oneOf(search.sort, COUPON_SORTS), ...pageSearch(search) }),
}).lazy(() => import('./pages/coupons').then((m) => m.listRoute));
const coupon = createRoute({ getParentRoute: () => app, path: '/coupons/$code', beforeLoad: section('coupons') }).lazy(() => import('./pages/coupons').then((m) => m.detailRoute));
export const TAX_RATE_SORTS = ['code', 'country', 'name', '-createdAt'] as const;
const taxRates = createRoute({
  getParentRoute: () => app,
  path: '/tax-rates',
  beforeLoad: section('tax-rates'),
  validateSearch: (search: Record<string, unknown>): { sort?: (typeof TAX_RATE_SORTS)[number] } & PageSearch => ({ sort: oneOf(search.sort, TAX_RATE_SORTS), ...pageSearch(search) }),
}).lazy(() => import('./pages/tax-rates').then((m) => m.route));
const shipping = createRoute({ getParentRoute: () => app, path: '/shipping', beforeLoad: section('shipping') }).lazy(() => import('./pages/shipping').then((m) => m.route));
const publishableKeys = createRoute({ getParentRoute: () => app, path: '/publishable-keys', beforeLoad: section('publishable-keys'), validateSearch: pageSearch }).lazy(() => import('./pages/publishable-keys').then((m) => m.route));
const shopRoutes = [categories, customers, customer, coupons, coupon, taxRates, shipping, publishableKeys];

/** Bulk import/export of products: the import and the export shown live in the URL. */
const jobId = (value: unknown) => (typeof value === 'string' && /^[A-Za-z0-9]{1,64}$/.test(value) ? value : undefined);
const productsBulk = createRoute({
  getParentRoute: () => app,
  path: '/products/bulk',
  // catalog.write (and reports.read for the export): the shop's admins, not fulfilment.
  beforeLoad: changing('products', 'catalog.write', '/products'),
  validateSearch: (search: Record<string, unknown>): { import?: string; export?: string } => ({ import: jobId(search.import), export: jobId(search.export) }),
}).lazy(() => import('./pages/bulk').then((m) => m.route));

/** Inventory: the SKU looked at and the page of its movements live in the URL. */
export type InventorySearch = { sku?: string } & PageSearch;
const inventory = createRoute({
  getParentRoute: () => app,
  path: '/inventory',
  beforeLoad: section('inventory'),
  validateSearch: (search: Record<string, unknown>): InventorySearch => ({
    sku: typeof search.sku === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(search.sku) ? search.sku : undefined,
    ...pageSearch(search),
  }),
}).lazy(() => import('./pages/inventory').then((m) => m.route));

/** The platform's tenants (system admins): the page of the list in the URL. */
const tenants = createRoute({ getParentRoute: () => app, path: '/tenants', beforeLoad: section('tenants'), validateSearch: pageSearch }).lazy(() => import('./pages/tenants').then((m) => m.listRoute));
const tenant = createRoute({ getParentRoute: () => app, path: '/tenants/$code', beforeLoad: section('tenants') }).lazy(() => import('./pages/tenants').then((m) => m.detailRoute));

// Staff and settings (issue 22, engineer adminstaff): one block, so parallel screens merge.
const staff = createRoute({ getParentRoute: () => app, path: '/staff', beforeLoad: section('staff'), validateSearch: pageSearch }).lazy(() => import('./pages/staff').then((m) => m.route));
const settings = createRoute({ getParentRoute: () => app, path: '/settings', beforeLoad: section('settings') }).lazy(() => import('./pages/settings').then((m) => m.route));
const staffRoutes = [staff, settings];

// Moderation (issue 22: reviews, mails): one block, so parallel screens merge.
export const REVIEW_STATUSES = ['published', 'hidden'] as const satisfies readonly Schemas['ReviewListItem']['status'][];
export const REVIEW_RATINGS = [5, 4, 3, 2, 1] as const;
const codeText = (value: unknown) => (typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(value) ? value : undefined);
export type ReviewsSearch = { status?: (typeof REVIEW_STATUSES)[number]; product?: string; rating?: number } & PageSearch;
const reviews = createRoute({
  getParentRoute: () => app,
  path: '/reviews',
  beforeLoad: section('reviews'),
  validateSearch: (search: Record<string, unknown>): ReviewsSearch => ({
    status: oneOf(search.status, REVIEW_STATUSES),
    product: codeText(search.product),
    rating: REVIEW_RATINGS.find((r) => r === Number(search.rating)),
    ...pageSearch(search),
  }),
}).lazy(() => import('./pages/reviews').then((m) => m.route));
export type MailsSearch = { order?: string } & PageSearch;
const mails = createRoute({
  getParentRoute: () => app,
  path: '/mails',
  beforeLoad: section('mails'),
  validateSearch: (search: Record<string, unknown>): MailsSearch => ({ order: codeText(search.order), ...pageSearch(search) }),
}).lazy(() => import('./pages/mails').then((m) => m.route));
const moderationRoutes = [reviews, mails];

/** Any other address inside the app: said in the shell (the session and the navigation stay). */
const unknownAddress = createRoute({ getParentRoute: () => app, path: '$', component: NotFound });

const routes = root.addChildren([signIn, forgotPassword, resetPassword, acceptInvitation, app.addChildren([home, orders, order, products, productNew, productEdit, ...shopRoutes, productsBulk, inventory, ...staffRoutes, ...moderationRoutes, tenants, tenant, unknownAddress])]);

export function createAppRouter(context: AppContext) {
  return createRouter({ routeTree: routes, context, defaultPreload: 'intent', scrollRestoration: true, defaultNotFoundComponent: NotFound });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
