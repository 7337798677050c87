import { createLazyRoute, getRouteApi, Link, Outlet } from '@tanstack/react-router';
import { useSyncExternalStore } from 'react';
import { isDark, onThemeChange, toggleTheme } from '../../../shared/theme';
import { Button } from '../../../shared/ui/button';
import { EmptyState } from '../../../shared/ui/states';
import { sectionsFor } from '../sections';
import { t } from '../strings';

const api = getRouteApi('/app');

/** The frame of every signed-in screen: the sections the role may use, the theme toggle, sign-out. */
function Shell() {
  const { session } = api.useRouteContext();
  const claims = session.claims!;
  const sections = sectionsFor(claims.roles);
  // What is shown now: the toggle, or the OS while no choice is kept, may change it.
  const dark = useSyncExternalStore(onThemeChange, () => isDark());
  return (
    <div className="min-h-screen bg-white text-gray-900 dark:bg-gray-950 dark:text-gray-100">
      <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 dark:focus:bg-gray-900">
        {t('app.skip')}
      </a>
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-gray-200 px-4 py-3 dark:border-gray-800">
        <p className="font-semibold">{t('app.name')}</p>
        <div className="flex flex-wrap items-center gap-2">
          <span className="hidden text-sm text-gray-700 sm:inline dark:text-gray-300">{t('session.signedInAs', { who: claims.email ?? claims.sub, shop: claims.tenant ?? '' })}</span>
          <Button variant="ghost" onClick={() => void toggleTheme()}>
            {dark ? t('theme.toLight') : t('theme.toDark')}
          </Button>
          <Button variant="secondary" onClick={() => void session.signOut()}>
            {t('session.signOut')}
          </Button>
        </div>
      </header>
      <div className="flex flex-col md:flex-row">
        <nav aria-label={t('nav.label')} className="border-b border-gray-200 md:min-h-[calc(100vh-4rem)] md:w-56 md:shrink-0 md:border-r md:border-b-0 dark:border-gray-800">
          <ul className="flex gap-1 overflow-x-auto p-2 md:flex-col">
            {sections.map((section) => (
              <li key={section.id}>
                <Link
                  // Each section's id is its route's path: a section without a route fails the build.
                  to={section.id === 'home' ? '/' : (`/${section.id}` as const)}
                  activeOptions={{ exact: section.id === 'home' }}
                  className="block rounded-md px-3 py-2 text-sm whitespace-nowrap text-gray-800 hover:bg-gray-100 aria-[current=page]:bg-blue-100 aria-[current=page]:font-semibold aria-[current=page]:text-blue-950 dark:text-gray-200 dark:hover:bg-gray-800 dark:aria-[current=page]:bg-blue-950 dark:aria-[current=page]:text-blue-50"
                >
                  {t(section.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="content" className="min-w-0 flex-1 p-4 md:p-6">
          {sections.length ? <Outlet /> : <EmptyState title={t('common.noAccess')} />}
        </main>
      </div>
    </div>
  );
}

export const route = createLazyRoute('/app')({ component: Shell });
