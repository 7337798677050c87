import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { EmptyState } from '../../../shared/ui/states';
import { SECTIONS } from '../sections';
import { t } from '../strings';

function NotBuilt({ id }: { id: string }) {
  const section = SECTIONS.find((s) => s.id === id)!;
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">{t(section.label)}</h1>
      <EmptyState title={t('common.notBuilt')}>{t('common.notBuiltHint')}</EmptyState>
    </>
  );
}

const other = getRouteApi('/app/$section');
export const sectionRoute = createLazyRoute('/app/$section')({ component: () => <NotBuilt id={other.useParams().section} /> });
