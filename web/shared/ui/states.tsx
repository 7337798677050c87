import type { ReactNode } from 'react';
import { Button } from './button';
import { cn } from './cn';

/** A grey block where content will be; announced once as busy, not per block. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn('animate-pulse rounded bg-gray-200 dark:bg-gray-700', className)} />;
}

export function LoadingRows({ rows = 5, label }: { rows?: number; label: string }) {
  return (
    <div role="status" aria-label={label} className="flex flex-col gap-2">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-9 w-full" />
      ))}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-gray-300 p-8 text-center dark:border-gray-600">
      <p className="font-medium text-gray-900 dark:text-gray-100">{title}</p>
      {children && <div className="mt-2 text-sm text-gray-700 dark:text-gray-300">{children}</div>}
    </div>
  );
}

export function ErrorState({ title, message, onRetry, retryLabel }: { title: string; message?: string; onRetry?: () => void; retryLabel: string }) {
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-6 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
      <p className="font-medium">{title}</p>
      {message && <p className="mt-1 text-sm">{message}</p>}
      {onRetry && (
        <Button variant="secondary" className="mt-3" onClick={onRetry}>
          {retryLabel}
        </Button>
      )}
    </div>
  );
}
