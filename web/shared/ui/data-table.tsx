import type { ReactNode } from 'react';
import { EmptyState } from './states';
import { SortTh, Table, Td, Th } from './table';

/** How a column sorts its list: the header becomes a button with `aria-sort` (SortTh). */
export interface ColumnSort {
  sorted?: 'ascending' | 'descending';
  onSort: () => void;
  /** The button's accessible name ("Sort by Total"). */
  label: string;
}

export interface Column<R> {
  header: string;
  cell: (row: R) => ReactNode;
  /** Numbers line up on the right, header and cells alike. */
  numeric?: boolean;
  /** More classes on each cell (not the header): `whitespace-nowrap`, `font-medium`. */
  className?: string | ((row: R) => string | undefined);
  sort?: ColumnSort;
}

/**
 * The admin's tables: one header row from the columns (sortable ones as buttons), one row per item,
 * and the empty state instead of a table with no rows when `empty` names it. Loading and error
 * states stay with the screen, which knows its query (ListPage).
 */
export function DataTable<R>({ label, columns, rows, rowKey, empty }: { label: string; columns: Column<R>[]; rows: R[]; rowKey: (row: R, index: number) => string; empty?: string }) {
  if (!rows.length && empty !== undefined) return <EmptyState title={empty} />;
  return (
    <Table label={label}>
      <thead>
        <tr>
          {columns.map(({ header, numeric, sort }) => {
            const className = numeric ? 'text-right' : undefined;
            return sort ? (
              <SortTh key={header} className={className} sorted={sort.sorted} onSort={sort.onSort} sortLabel={sort.label}>
                {header}
              </SortTh>
            ) : (
              <Th key={header} className={className}>
                {header}
              </Th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={rowKey(row, index)}>
            {columns.map(({ header, cell, numeric, className }) => {
              const extra = typeof className === 'function' ? className(row) : className;
              const classes = [numeric && 'text-right', extra].filter(Boolean).join(' ');
              return (
                <Td key={header} className={classes || undefined}>
                  {cell(row)}
                </Td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
