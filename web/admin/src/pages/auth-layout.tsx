import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { ApiError, fieldErrors } from '../../../shared/api/errors';
import { t } from '../strings';

/** The frame of the signed-out screens: a centered card with its title. */
export function AuthLayout({ title, children, back = true }: { title: string; children: ReactNode; back?: boolean }) {
  return (
    <main className="flex min-h-screen items-start justify-center bg-gray-50 px-4 py-12 sm:items-center dark:bg-gray-950">
      <div className="w-full max-w-sm rounded-lg border border-gray-200 bg-white p-6 shadow-sm dark:border-gray-700 dark:bg-gray-900">
        <p className="text-sm font-medium text-gray-700 dark:text-gray-300">{t('app.name')}</p>
        <h1 className="mt-1 mb-6 text-xl font-semibold">{title}</h1>
        {children}
        {back && (
          <p className="mt-6 text-sm">
            <Link to="/sign-in" search={{}} className="text-blue-800 underline dark:text-blue-300">
              {t('auth.backToSignIn')}
            </Link>
          </p>
        )}
      </div>
    </main>
  );
}

export function FormMessage({ tone, children }: { tone: 'error' | 'info'; children: ReactNode }) {
  return (
    <p role={tone === 'error' ? 'alert' : 'status'} className={tone === 'error' ? 'rounded-md bg-red-50 p-3 text-sm text-red-900 dark:bg-red-950 dark:text-red-100' : 'rounded-md bg-blue-50 p-3 text-sm text-blue-900 dark:bg-blue-950 dark:text-blue-100'}>
      {children}
    </p>
  );
}

/**
 * Puts a 400's `fields` next to their inputs (react-hook-form's setError) and returns what no input
 * shows, for the form's own message.
 */
export function showFieldErrors(error: unknown, names: readonly string[], setError: (name: never, error: { message: string }) => void): string | undefined {
  const fields = fieldErrors(error);
  const unplaced = Object.entries(fields).filter(([name, problem]) => (names.includes(name) ? (setError(name as never, { message: problem }), false) : true));
  if (unplaced.length) return unplaced.map(([name, problem]) => `${name}: ${problem}`).join('; ');
  if (Object.keys(fields).length) return undefined;
  return error instanceof ApiError ? error.message : String((error as Error).message ?? error);
}
