import { Link } from '@tanstack/react-router';
import { EmptyState } from '../../../shared/ui/states';
import { t } from '../strings';

/** A path the admin has no screen for (a mistyped or outdated link): said in words, with a way back. */
export function NotFound() {
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">{t('common.notFound')}</h1>
      <EmptyState title={t('common.notFoundHint')}>
        <Link to="/" className="text-blue-800 underline dark:text-blue-300">
          {t('nav.home')}
        </Link>
      </EmptyState>
    </>
  );
}
