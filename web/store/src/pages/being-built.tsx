import { EmptyState } from '../../../shared/ui/states';
import { t } from '../strings';

/** A page whose screen is not built yet (the storefront grows page by page). */
export function BeingBuilt({ title }: { title: string }) {
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">{title}</h1>
      <EmptyState title={t('common.notBuilt')} />
    </>
  );
}
