/**
 * What every list screen shares: its heading and filters, the loading, error and empty states, and
 * the pager that keeps the cursor trail in the URL (paging.ts); the Edit column of settings tables.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '../../shared/ui/button';
import type { Column } from '../../shared/ui/data-table';
import { Field, Input } from '../../shared/ui/field';
import { Pager } from '../../shared/ui/pager';
import { Select, type SelectOption } from '../../shared/ui/select';
import { EmptyState, ErrorState, LoadingRows } from '../../shared/ui/states';
import { nextPage, previousPage, type PageSearch } from './paging';
import { t } from './strings';

export function ListPage<S extends PageSearch, P extends { items: unknown[]; cursor?: string }>({ title, filters, ...body }: { title: string; filters?: ReactNode } & ListBodyProps<S, P>) {
  return (
    <>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold">{title}</h1>
        {filters}
      </div>
      <ListBody {...body} />
    </>
  );
}

interface ListBodyProps<S extends PageSearch, P extends { items: unknown[]; cursor?: string }> {
  query: UseQueryResult<P>;
  search: S;
  go: (search: S) => void;
  empty: string;
  children: (page: P) => ReactNode;
}

/** A list's page under a heading of its own (a section of a screen): its states and its pager. */
export function ListBody<S extends PageSearch, P extends { items: unknown[]; cursor?: string }>({ query, search, go, empty, children }: ListBodyProps<S, P>) {
  const page = query.data;
  return (
    <>
      {query.isPending ? (
        <LoadingRows label={t('common.loading')} />
      ) : query.isError ? (
        <ErrorState title={t('common.loadFailed')} message={query.error.message} onRetry={() => void query.refetch()} retryLabel={t('common.retry')} />
      ) : page!.items.length ? (
        children(page!)
      ) : (
        <EmptyState title={empty} />
      )}
      {page && (search.trail?.length || page.cursor) ? (
        <Pager
          labels={{ nav: t('common.paging'), previous: t('common.previous'), next: t('common.next') }}
          onPrevious={search.trail?.length ? () => go(previousPage(search)) : undefined}
          onNext={page.cursor ? () => go(nextPage(search, page.cursor!)) : undefined}
        />
      ) : null}
    </>
  );
}

/** The "Actions" column of a table of settings rows: an Edit button per row, named after its code. */
export const editColumn = <R extends { code: string }>(name: (code: string) => string, onEdit: (row: R) => void): Column<R> => ({
  header: t('taxRates.actions'),
  cell: (row) => (
    <Button variant="secondary" aria-label={name(row.code)} onClick={() => onEdit(row)}>
      {t('categories.edit')}
    </Button>
  ),
});

const ALL = 'all';

/** A labelled filter over a fixed list; "All" (no value in the URL; `allLabel` names it otherwise) comes first. */
export function ListFilter<T extends string>({ id, label, value, options, onChange, allLabel }: { id: string; label: string; value: T | undefined; options: SelectOption[]; onChange: (value: T | undefined) => void; allLabel?: string }) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <Select id={id} label={label} value={value ?? ALL} onValueChange={(picked) => onChange(picked === ALL ? undefined : (picked as T))} options={[{ value: ALL, label: allLabel ?? t('common.all') }, ...options]} />
    </div>
  );
}

/** A labelled text filter (a code) applied on submit; empty clears it. */
export function TextFilter({ label, submitLabel, value, onChange, pattern }: { label: string; submitLabel: string; value: string | undefined; onChange: (value: string | undefined) => void; pattern?: string }) {
  const form = useForm({ values: { value: value ?? '' } });
  return (
    <form role="search" aria-label={label} className="flex items-end gap-2" onSubmit={form.handleSubmit((v) => onChange(v.value.trim() || undefined))}>
      <Field label={label}>{(control) => <Input {...control} type="search" pattern={pattern} {...form.register('value')} />}</Field>
      <Button type="submit" variant="secondary">
        {submitLabel}
      </Button>
    </form>
  );
}
