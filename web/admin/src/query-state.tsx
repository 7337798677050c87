/** A query's loading and error states (with retry), and its data once there: what every block of a screen shows. */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorState, LoadingRows } from '../../shared/ui/states';
import { t } from './strings';

export function QueryState<T>({ query, rows = 3, children }: { query: UseQueryResult<T>; rows?: number; children: (data: T) => ReactNode }) {
  if (query.isPending) return <LoadingRows label={t('common.loading')} rows={rows} />;
  if (query.isError) return <ErrorState title={t('common.loadFailed')} message={query.error.message} onRetry={() => void query.refetch()} retryLabel={t('common.retry')} />;
  return <>{children(query.data)}</>;
}
