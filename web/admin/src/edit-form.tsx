/**
 * What every create/edit form of the admin shares: the mutation runs through useAction (one
 * Idempotency-Key per submit, the same on a retry), a 400's `fields` land next to their inputs
 * (a path such as `productCodes.0` on the input named by its first part), and a 409 is explained
 * with the version the entity is at now and a reload that keeps what was typed.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { useState, type ReactNode } from 'react';
import { ApiError, ConflictError, fieldErrors } from '../../shared/api/errors';
import { useAction, type Action } from '../../shared/api/use-action';
import { formatDateTime } from '../../shared/format';
import { Badge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import type { ConflictLabels } from '../../shared/ui/conflict-dialog';
import { Dialog } from '../../shared/ui/dialog';
import { EmptyState, ErrorState, LoadingRows } from '../../shared/ui/states';
import type { AppContext } from './app';
import { FormMessage } from './pages/auth-layout';
import { t } from './strings';

export function useFormAction<F extends FieldValues, V, R>(form: UseFormReturn<F>, names: readonly Path<F>[], run: (action: Action<V>) => Promise<R>, onSaved?: (result: R) => void) {
  const [problem, setProblem] = useState<{ conflict?: ConflictError; message?: string }>();
  const action = useAction(run, {
    onMutate: () => setProblem(undefined),
    onSuccess: (result) => onSaved?.(result),
    onError: (error) => {
      if (error instanceof ConflictError && error.currentVersion !== undefined) return setProblem({ conflict: error });
      // A 409 naming a field (a slug in use) or a 400's fields: next to their inputs.
      const field = error instanceof ConflictError ? (error.body as { field?: string }).field : undefined;
      const fields = field ? { [field]: error.message } : fieldErrors(error);
      const unplaced: string[] = [];
      for (const [path, text] of Object.entries(fields)) {
        const name = names.find((n) => n === path || path.startsWith(`${n}.`));
        if (name) form.setError(name, { message: text });
        else unplaced.push(`${path}: ${text}`);
      }
      if (unplaced.length || !Object.keys(fields).length) setProblem({ message: unplaced.join('; ') || error.message });
    },
  });
  return { ...action, problem, clearProblem: () => setProblem(undefined) };
}

/** The form's own message: a stale version's 409 with its reload, or what no input shows. */
export function FormProblem({ problem, onReload }: { problem?: { conflict?: ConflictError; message?: string }; onReload?: () => void }) {
  if (!problem) return null;
  const { conflict, message } = problem;
  // Without a reload (a create), a 409 is not someone's newer version: the code is taken.
  if (!conflict || !onReload) return <FormMessage tone="error">{`${t('edit.failed')}: ${conflict?.message ?? message}`}</FormMessage>;
  const text = t('edit.conflict', { version: conflict.currentVersion! });
  return (
    <div role="alert" className="flex flex-col items-start gap-2 rounded-md bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-50">
      <p>{text}</p>
      <ChangedBy conflict={conflict} />
      {onReload && (
        <Button variant="secondary" onClick={onReload}>
          {t('edit.reload')}
        </Button>
      )}
    </div>
  );
}

/** "Changed by X at <time in the shop's time zone>": who wrote the version a 409 names, when the API says. */
export function ChangedBy({ conflict }: { conflict: ConflictError }) {
  const { config } = useRouter().options.context as AppContext;
  const { by, at } = conflict.changed;
  if (!at) return null;
  const when = formatDateTime(at, config.timeZone);
  return <p>{by ? t('edit.conflictBy', { by, at: when }) : t('edit.conflictAt', { at: when })}</p>;
}

/** A titled box of a detail page. */
export function Card({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section aria-label={title} className="rounded-lg border border-gray-200 p-4 dark:border-gray-700">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export const linkClass = 'font-medium text-blue-800 underline dark:text-blue-300';

/** A create/edit form in a dialog: its problem on top, Cancel and Save below. */
export function DialogForm({ title, onClose, onSubmit, problem, onReload, pending, submitLabel = t('edit.save'), children }: { title: string; onClose: () => void; onSubmit: () => void; problem: Parameters<typeof FormProblem>[0]['problem']; onReload?: () => void; pending: boolean; submitLabel?: string; children: ReactNode }) {
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={title}>
      <form noValidate className="flex max-h-[70vh] flex-col gap-3 overflow-y-auto p-1" onSubmit={onSubmit}>
        <FormProblem problem={problem} onReload={onReload} />
        {children}
        <div className="mt-2 flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {t('edit.cancel')}
          </Button>
          <Button type="submit" disabled={pending}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * A detail page before its entity is there: loading, "no such ..." (404) or the error with a
 * retry, under the link back to the list; undefined once the entity is loaded.
 */
export function detailStates(query: UseQueryResult<unknown>, back: ReactNode, notFound: string): ReactNode | undefined {
  if (query.isPending) return <LoadingRows label={t('common.loading')} rows={8} />;
  if (!query.isError) return undefined;
  return (
    <>
      {back}
      <div className="mt-4">
        {query.error instanceof ApiError && query.error.status === 404 ? (
          <EmptyState title={notFound} />
        ) : (
          <ErrorState title={t('common.loadFailed')} message={query.error.message} onRetry={() => void query.refetch()} retryLabel={t('common.retry')} />
        )}
      </div>
    </>
  );
}

/** Whether a coupon, rate, zone, method or key is in use or retired. */
export const ActiveBadge = ({ active }: { active: boolean }) => <Badge tone={active ? 'success' : 'neutral'}>{active ? t('coupons.active') : t('coupons.retired')}</Badge>;

/** The ConflictDialog's words; `who` says who saved the version there now, and when (as far as the API tells). */
export const conflictLabels = (who: string): ConflictLabels => ({
  title: t('conflict.title'),
  who,
  field: t('conflict.field'),
  theirs: t('conflict.theirs'),
  yours: t('conflict.yours'),
  reload: t('conflict.reload'),
  reapply: t('conflict.reapply'),
  none: t('conflict.none'),
});
