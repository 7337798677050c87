/** The frame of every storefront page: the shop's name, search, cart and account links, the theme toggle. */
import { Link, Outlet, useRouteContext } from '@tanstack/react-router';
import { lazy, Suspense, useRef, useSyncExternalStore } from 'react';
import { isDark, onThemeChange, toggleTheme } from '../../shared/theme';
import { Button } from '../../shared/ui/button';
import { SearchBox } from './search-box';
import { setDrawerOpen, useCart, useDrawerOpen } from './shopping-cart';
import { t } from './strings';

// The drawer (Radix Dialog and the cart's parts) is its own chunk: loaded when first opened, not with the first page.
const CartDrawer = lazy(() => import('./cart-drawer'));

const linkClass = 'rounded-md px-3 py-2 text-sm font-medium hover:bg-gray-100 dark:hover:bg-gray-800';

export function Shell() {
  const { shop } = useRouteContext({ from: '__root__' });
  const dark = useSyncExternalStore(onThemeChange, () => isDark());
  const { count } = useCart();
  const drawerOpen = useDrawerOpen();
  const drawerUsed = useRef(false);
  drawerUsed.current ||= drawerOpen;
  return (
    <div className="min-h-screen bg-white text-gray-900 dark:bg-gray-950 dark:text-gray-100">
      <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 dark:focus:bg-gray-900">
        {t('app.skip')}
      </a>
      <header className="border-b border-gray-200 dark:border-gray-800">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-2 px-4 py-3">
          <Link to="/" className="mr-auto text-lg font-semibold">
            {shop.name}
          </Link>
          <SearchBox />
          <nav aria-label={t('nav.label')} className="flex items-center gap-1">
            <Link to="/search" className={linkClass}>
              {t('nav.catalog')}
            </Link>
            <Link to="/account" className={linkClass}>
              {t('nav.account')}
            </Link>
            <Link
              to="/cart"
              className={linkClass}
              aria-haspopup="dialog"
              onClick={(event) => {
                // A plain click opens the drawer; a new tab (ctrl/cmd/middle click) gets the cart page.
                if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                event.preventDefault();
                setDrawerOpen(true);
              }}
            >
              {t('cart.count', { count })}
            </Link>
          </nav>
          <Button variant="ghost" onClick={() => void toggleTheme()}>
            {dark ? t('theme.toLight') : t('theme.toDark')}
          </Button>
        </div>
      </header>
      <main id="content" className="mx-auto max-w-6xl px-4 py-6">
        <Outlet />
      </main>
      {drawerUsed.current && (
        <Suspense fallback={null}>
          <CartDrawer open={drawerOpen} />
        </Suspense>
      )}
    </div>
  );
}

/** An address that is no page of the shop: said inside the shell, so the navigation stays. */
export function NotFound() {
  return <h1 className="text-2xl font-semibold">{t('common.notFound')}</h1>;
}
