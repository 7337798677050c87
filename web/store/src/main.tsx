import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import { Session } from '../../shared/session';
import { applyTheme, followSystemTheme } from '../../shared/theme';
import type { RuntimeConfig } from './app';
import { pageData, startProductQueries } from './page-data';
import { createStoreRouter } from './router';
import { resolveShop } from './shop';
import { t } from './strings';
import './styles.css';

async function start(): Promise<void> {
  applyTheme();
  followSystemTheme();
  const root = createRoot(document.getElementById('root')!);
  // A product page's largest paint waits on its chunk and its data: fetch the chunk while the shop
  // is looked up, and the product and its reviews as soon as the shop's key is known, not one after
  // the other. The server usually wrote all three reads into the page (page-data.ts): no round trip then.
  const productPage = /^\/products\/([^/]+)\/?$/.exec(location.pathname);
  if (productPage) void import('./pages/product');
  const data = pageData();
  const config = (await (await fetch('/config.json')).json()) as RuntimeConfig;
  const shop = await resolveShop(config.apiUrl, config.defaultShop, data?.shop).catch(() => undefined);
  if (!shop) {
    root.render(
      <main className="mx-auto max-w-xl p-8">
        <h1 className="text-2xl font-semibold">{t('app.unknownShop')}</h1>
        <p className="mt-2 text-gray-700 dark:text-gray-300">{t('app.unknownShopHint')}</p>
      </main>,
    );
    return;
  }
  const session = new Session(config.apiUrl, 'storefront');
  // A customer's token when signed in, else the shop's publishable key: a guest of this shop.
  const api = createApi({ baseUrl: config.apiUrl, token: () => session.token, publishableKey: () => shop.publishableKey, onUnauthorized: () => session.end() });
  const queryClient = new QueryClient({
    defaultOptions: {
      // A 4xx will not change by asking again; a network error or a 5xx may.
      queries: { retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status < 500), staleTime: 30_000 },
    },
  });
  if (productPage) startProductQueries(queryClient, api, decodeURIComponent(productPage[1]!), data?.shop.tenant === shop.tenant ? data : undefined);
  const router = createStoreRouter({ config, shop, session, api, queryClient });
  session.subscribe(() => {
    if (!session.signedIn) queryClient.removeQueries({ queryKey: ['me'] });
  });
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        {/* No ToastProvider: no storefront page toasts (messages are inline), and Radix's toast would weigh on the first paint. */}
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
}

void start();
