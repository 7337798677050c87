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
