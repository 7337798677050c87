/**
 * Inventory of one SKU (the API has no list of SKUs: the user names one, or comes from a product):
 * its stock level per warehouse, an adjust form (a reason is required; the version of the level
 * read is sent as expectedVersion, so a change made meanwhile is a 409, shown, never overwritten),
 * the low-stock threshold, and the movement ledger paged through the URL.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { ApiError, ConflictError, fieldErrors } from '../../../shared/api/errors';
import { useAction } from '../../../shared/api/use-action';
import { formatDateTime } from '../../../shared/format';
import { Button } from '../../../shared/ui/button';
import { DataTable } from '../../../shared/ui/data-table';
import { Field, Input } from '../../../shared/ui/field';
import { EmptyState, ErrorState, LoadingRows } from '../../../shared/ui/states';
import { ListBody } from '../list-page';
import { firstPage } from '../paging';
import type { InventorySearch } from '../router';
import { may } from '../permissions';
import { t } from '../strings';

const routeApi = getRouteApi('/app/inventory');

type ChangeStock = Schemas['ChangeStockDto'];
const REASONS = ['restock', 'count', 'damage', 'return', 'correction'] as const satisfies readonly ChangeStock['reason'][];

function SkuForm({ value, onShow }: { value: string | undefined; onShow: (sku: string | undefined) => void }) {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  return (
    <form role="search" className="flex flex-wrap items-end gap-3" onSubmit={(e) => (e.preventDefault(), onShow(draft.trim() || undefined))}>
      <Field label={t('inventory.sku')} hint={t('inventory.skuHint')}>
        {(control) => <Input {...control} value={draft} maxLength={64} onChange={(e) => setDraft(e.target.value)} className="min-w-64" />}
      </Field>
      <Button type="submit" variant="secondary" className="mb-6">
        {t('inventory.show')}
      </Button>
    </form>
  );
}

interface AdjustForm {
  warehouse: string;
  adjustBy: string;
  reason: string;
  note: string;
  lowStockThreshold: string;
}

const wholeNumber = (text: string) => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : undefined);

/** The adjust form: the warehouse's version as read is the expectedVersion (0 for a warehouse without a level yet). */
function Adjust({ sku, levels, onSaved }: { sku: string; levels: Schemas['StockLevel'][]; onSaved: () => void }) {
  const { api } = routeApi.useRouteContext();
  const form = useForm<AdjustForm>({ defaultValues: { warehouse: levels[0]?.warehouse ?? 'main', adjustBy: '', reason: '', note: '', lowStockThreshold: '' } });
  const [message, setMessage] = useState<{ tone: 'error' | 'ok'; text: string }>();
  const errors = form.formState.errors;
  const change = useAction(
    async ({ variables, idempotencyKey }: { variables: ChangeStock; idempotencyKey: string }) =>
      unwrap(await api.PATCH('/inventory/{code}', { params: { path: { code: sku } }, body: variables, headers: { 'Idempotency-Key': idempotencyKey } })),
    {
      onSuccess: (level) => {
        setMessage({ tone: 'ok', text: t('inventory.applied', { warehouse: level.warehouse, version: level.version, onHand: level.onHand }) });
        form.reset({ ...form.getValues(), adjustBy: '', note: '' });
        onSaved();
      },
      onError: (error) => {
        if (error instanceof ConflictError) {
          setMessage({ tone: 'error', text: t('inventory.conflict', { version: error.currentVersion ?? '?' }) });
          return onSaved();
        }
        const fields = fieldErrors(error);
        for (const [field, problem] of Object.entries(fields)) if (field in form.getValues()) form.setError(field as keyof AdjustForm, { message: problem });
        setMessage({ tone: 'error', text: Object.keys(fields).length ? t('inventory.fixFields') : error instanceof ApiError ? error.message : String(error) });
      },
    },
  );

  const submit = (values: AdjustForm) => {
    setMessage(undefined);
    const adjustBy = wholeNumber(values.adjustBy);
    const threshold = values.lowStockThreshold.trim() ? wholeNumber(values.lowStockThreshold) : undefined;
    let valid = true;
    if (adjustBy === undefined) (valid = false), form.setError('adjustBy', { message: t('inventory.needNumber') });
    if (!values.reason) (valid = false), form.setError('reason', { message: t('inventory.required') });
    if (values.lowStockThreshold.trim() && threshold === undefined) (valid = false), form.setError('lowStockThreshold', { message: t('inventory.needNumber') });
    if (!valid) return setMessage({ tone: 'error', text: t('inventory.fixFields') });
    const warehouse = values.warehouse.trim() || 'main';
    change.act({
      warehouse,
      expectedVersion: levels.find((level) => level.warehouse === warehouse)?.version ?? 0,
      adjustBy,
      reason: values.reason as ChangeStock['reason'],
      ...(values.note.trim() ? { note: values.note.trim() } : {}),
      ...(threshold !== undefined ? { lowStockThreshold: threshold } : {}),
    });
  };

  return (
    <section aria-labelledby="adjust-title" className="mt-8 max-w-3xl">
      <h2 id="adjust-title" className="mb-3 text-lg font-semibold">
        {t('inventory.adjust')}
      </h2>
      <form noValidate className="grid gap-4 sm:grid-cols-2" onSubmit={form.handleSubmit(submit)}>
        {message && (
          <p role={message.tone === 'error' ? 'alert' : 'status'} className={`sm:col-span-2 text-sm ${message.tone === 'error' ? 'text-red-700 dark:text-red-300' : 'text-green-800 dark:text-green-300'}`}>
            {message.text}
          </p>
        )}
        <Field label={t('inventory.warehouse')} error={errors.warehouse?.message}>
          {(control) => <Input {...control} maxLength={64} {...form.register('warehouse')} />}
        </Field>
        <Field label={t('inventory.adjustBy')} hint={t('inventory.adjustByHint')} error={errors.adjustBy?.message}>
          {(control) => <Input {...control} inputMode="numeric" {...form.register('adjustBy')} />}
        </Field>
        <Field label={t('inventory.reason')} error={errors.reason?.message}>
          {({ invalid, ...control }) => (
            <select
              {...control}
              aria-invalid={invalid || undefined}
              {...form.register('reason')}
              className="min-h-10 rounded-md border border-gray-400 bg-white px-3 text-sm text-gray-900 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-gray-500 dark:bg-gray-900 dark:text-gray-100"
            >
              <option value="">{t('inventory.chooseReason')}</option>
              {REASONS.map((reason) => (
                <option key={reason} value={reason}>
                  {t(`reason.${reason}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('inventory.threshold')} hint={t('inventory.thresholdHint')} error={errors.lowStockThreshold?.message}>
          {(control) => <Input {...control} inputMode="numeric" {...form.register('lowStockThreshold')} />}
        </Field>
        <div className="sm:col-span-2">
          <Field label={t('inventory.note')} error={errors.note?.message}>
            {(control) => <Input {...control} maxLength={500} {...form.register('note')} />}
          </Field>
        </div>
        <div>
          <Button type="submit" disabled={change.isPending}>
            {change.isPending ? t('inventory.applying') : t('inventory.apply')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function Movements({ sku, search }: { sku: string; search: InventorySearch }) {
  const { api, config } = routeApi.useRouteContext();
  const navigate = useNavigate({ from: '/inventory' });
  const query = useQuery({
    queryKey: ['inventory', sku, 'movements', search.cursor],
    queryFn: async () => unwrap(await api.GET('/inventory/{code}/movements', { params: { path: { code: sku }, query: { cursor: search.cursor } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-labelledby="movements-title" className="mt-8">
      <h2 id="movements-title" className="mb-3 text-lg font-semibold">
        {t('inventory.movements')}
      </h2>
      <ListBody query={query} search={search} go={(next) => void navigate({ search: next })} empty={t('inventory.noMovements')}>
        {(page) => (
          <DataTable
            label={t('inventory.movements')}
            rows={page.items}
            rowKey={(movement) => `${movement.warehouse}/${movement.movementId}`}
            columns={[
              { header: t('inventory.at'), className: 'whitespace-nowrap', cell: (movement) => formatDateTime(movement.at, config.timeZone) },
              { header: t('inventory.warehouse'), cell: (movement) => movement.warehouse },
              { header: t('inventory.type'), cell: (movement) => movement.type },
              { header: t('inventory.onHandDelta'), numeric: true, cell: (movement) => signed(movement.onHandDelta) },
              { header: t('inventory.reservedDelta'), numeric: true, cell: (movement) => signed(movement.reservedDelta) },
              { header: t('inventory.reason'), cell: (movement) => movement.reason },
              { header: t('inventory.order'), cell: (movement) => movement.orderCode ?? '' },
              { header: t('inventory.by'), cell: (movement) => movement.by },
            ]}
          />
        )}
      </ListBody>
    </section>
  );
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function Inventory() {
  const { api, roles } = routeApi.useRouteContext();
  const search = routeApi.useSearch();
  const navigate = useNavigate({ from: '/inventory' });
  const queryClient = useQueryClient();
  const sku = search.sku;
  const levels = useQuery({
    queryKey: ['inventory', sku],
    enabled: Boolean(sku),
    queryFn: async () => unwrap(await api.GET('/inventory/{code}', { params: { path: { code: sku! } } })),
  });
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">{t('inventory.title')}</h1>
      <SkuForm value={sku} onShow={(next) => void navigate({ search: { ...firstPage(search), sku: next } })} />
      {!sku ? (
        <EmptyState title={t('inventory.pick')} />
      ) : levels.isPending ? (
        <LoadingRows label={t('common.loading')} />
      ) : levels.isError ? (
        levels.error instanceof ApiError && levels.error.status === 404 ? (
          <EmptyState title={t('inventory.notFound', { code: sku })} />
        ) : (
          <ErrorState title={t('common.loadFailed')} message={levels.error.message} onRetry={() => void levels.refetch()} retryLabel={t('common.retry')} />
        )
      ) : (
        <>
          <h2 className="mt-6 mb-3 text-lg font-semibold">{t('inventory.levelsOf', { sku: levels.data.sku, product: levels.data.productCode })}</h2>
          <DataTable
            label={t('inventory.levels')}
            rows={levels.data.warehouses}
            rowKey={(level) => level.warehouse}
            empty={t('inventory.noLevels')}
            columns={[
              { header: t('inventory.warehouse'), className: 'font-medium', cell: (level) => level.warehouse },
              { header: t('inventory.onHand'), numeric: true, cell: (level) => level.onHand },
              { header: t('inventory.reserved'), numeric: true, cell: (level) => level.reserved },
              { header: t('inventory.available'), numeric: true, cell: (level) => level.available },
              { header: t('inventory.threshold'), numeric: true, cell: (level) => level.lowStockThreshold },
              { header: t('inventory.version'), numeric: true, cell: (level) => level.version },
            ]}
          />
          {may(roles, 'inventory.write') ? (
            <Adjust key={levels.data.sku} sku={levels.data.sku} levels={levels.data.warehouses} onSaved={() => void queryClient.invalidateQueries({ queryKey: ['inventory', sku] })} />
          ) : (
            <p className="mt-6 text-sm text-gray-700 dark:text-gray-300">{t('inventory.readOnly')}</p>
          )}
          <Movements sku={levels.data.sku} search={search} />
        </>
      )}
    </>
  );
}

export const route = createLazyRoute('/app/inventory')({ component: Inventory });
