import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { cn } from './cn';

/** A data table that scrolls sideways inside its own box on a narrow screen (the page does not). */
export function Table({ className, label, ...props }: HTMLAttributes<HTMLTableElement> & { label: string }) {
  return (
    <div className="w-full overflow-x-auto rounded-lg border border-gray-200 dark:border-gray-700" role="region" aria-label={label} tabIndex={0}>
      <table className={cn('w-full border-collapse text-left text-sm', className)} {...props} />
    </div>
  );
}

export const Th = ({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) => (
  <th scope="col" className={cn('bg-gray-50 px-3 py-2 font-semibold whitespace-nowrap text-gray-800 dark:bg-gray-800 dark:text-gray-100', className)} {...props} />
);

export const Td = ({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) => <td className={cn('border-t border-gray-200 px-3 py-2 text-gray-900 dark:border-gray-700 dark:text-gray-100', className)} {...props} />;

/** A column header the list sorts by: a button, with `aria-sort` saying how it is sorted now. */
export function SortTh({ children, sorted, onSort, sortLabel, className }: { children: string; sorted?: 'ascending' | 'descending'; onSort: () => void; sortLabel: string; className?: string }) {
  return (
    <Th aria-sort={sorted ?? 'none'} className={className}>
      <button type="button" onClick={onSort} aria-label={sortLabel} className="inline-flex items-center gap-1 font-semibold underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600">
        {children}
        <span aria-hidden>{sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : '↕'}</span>
      </button>
    </Th>
  );
}
