import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import { Session } from '../../shared/session';
import { applyTheme, followSystemTheme } from '../../shared/theme';
import { ToastProvider } from '../../shared/ui/toast';
import type { RuntimeConfig } from './app';
import { createAppRouter } from './router';
import { t } from './strings';
import './styles.css';

async function start(): Promise<void> {
  applyTheme();
  followSystemTheme();
  const config = (await (await fetch('/config.json')).json()) as RuntimeConfig;
  const session = new Session(config.apiUrl, 'admin');
  const api = createApi({ baseUrl: config.apiUrl, token: () => session.token, onUnauthorized: () => session.end() });
  const queryClient = new QueryClient({
    defaultOptions: {
      // A 4xx will not change by asking again; a network error or a 5xx may.
      queries: { retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status < 500), staleTime: 10_000 },
    },
  });
  const router = createAppRouter({ config, session, api, queryClient });
  // The session ended (a 401 anywhere, a refused refresh, sign-out): to sign-in, keeping where the user was.
  session.subscribe(() => {
    if (session.signedIn) return;
    queryClient.clear();
    const here = router.state.location;
    if (here.pathname !== '/sign-in') void router.navigate({ to: '/sign-in', search: { redirect: here.href } });
  });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ToastProvider closeLabel={t('common.close')}>
          <RouterProvider router={router} />
        </ToastProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}

void start();
