/**
 * Tax rates: the list (sortable, cursor-paged in the URL), create, edit (rate, name, active) and
 * delete (the API retires the rate: `active: false`). A rate is typed in percent and sent in basis
 * points (19 % → 1900).
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { Button } from '../../../shared/ui/button';
import { Checkbox } from '../../../shared/ui/checkbox';
import { DataTable } from '../../../shared/ui/data-table';
import { Field, Input } from '../../../shared/ui/field';
import { useToast } from '../../../shared/ui/toast';
import { ActiveBadge, DialogForm, useFormAction } from '../edit-form';
import { editColumn, ListPage } from '../list-page';
import { firstPage } from '../paging';
import { TAX_RATE_SORTS } from '../router';
import { SortFilter } from '../sort-filter';
import { t, type Strings } from '../strings';

const routeApi = getRouteApi('/app/tax-rates');
type TaxRate = Schemas['TaxRate'];
const SORT_LABELS: Record<(typeof TAX_RATE_SORTS)[number], keyof Strings> = { code: 'taxRates.sortCode', country: 'taxRates.sortCountry', name: 'taxRates.sortName', '-createdAt': 'taxRates.sortNewest' };

interface RateForm {
  code: string;
  country: string;
  region: string;
  taxClass: string;
  percent: string;
  name: string;
  active: boolean;
}
const NAMES = ['code', 'country', 'region', 'taxClass', 'percent', 'name', 'active'] as const;
const percentOf = (bps: number) => String(bps / 100);

function RateDialog({ rate, onClose }: { rate?: TaxRate; onClose: () => void }) {
  const { api } = routeApi.useRouteContext();
  const queryClient = useQueryClient();
  const toast = useToast();
  const a = rate?.attributes;
  const form = useForm<RateForm>({ defaultValues: { code: rate?.code ?? '', country: a?.country ?? '', region: a?.region ?? '', taxClass: a?.taxClass ?? 'standard', percent: a ? percentOf(a.rateBps) : '', name: a?.name ?? '', active: a?.active ?? true } });
  const [version, setVersion] = useState(rate?.version);
  const save = useFormAction(
    form,
    NAMES,
    async ({ variables: v, idempotencyKey }: { variables: RateForm & { rateBps: number }; idempotencyKey: string }) => {
      const headers = { 'Idempotency-Key': idempotencyKey };
      if (rate) return unwrap(await api.PATCH('/tax-rates/{code}', { params: { path: { code: rate.code } }, headers, body: { expectedVersion: version!, rateBps: v.rateBps, name: v.name, active: v.active } }));
      return unwrap(await api.POST('/tax-rates', { headers, body: { code: v.code, country: v.country.toUpperCase(), region: v.region || undefined, taxClass: v.taxClass, rateBps: v.rateBps, name: v.name } }));
    },
    () => {
      toast({ title: t('edit.saved'), tone: 'info' });
      void queryClient.invalidateQueries({ queryKey: ['tax-rates'] });
      onClose();
    },
  );
  const reload = async () => {
    setVersion(unwrap(await api.GET('/tax-rates/{code}', { params: { path: { code: rate!.code } } })).version);
    save.clearProblem();
  };
  const submit = form.handleSubmit((v) => {
    if (!/^\d+(\.\d{1,2})?$/.test(v.percent.trim())) return form.setError('percent', { message: t('coupon.notANumber') });
    save.act({ ...v, rateBps: Math.round(Number(v.percent) * 100) });
  });
  const required = { required: t('edit.required') };
  const errors = form.formState.errors;
  const text = (name: Exclude<keyof RateForm, 'active'>, label: keyof Strings, options: { hint?: string; required?: boolean } = {}) => (
    <Field label={t(label)} hint={options.hint} error={errors[name]?.message}>
      {(control) => <Input {...control} {...form.register(name, options.required === false ? {} : required)} />}
    </Field>
  );
  return (
    <DialogForm title={rate ? t('taxRates.editTitle', { code: rate.code }) : t('taxRates.new')} onClose={onClose} onSubmit={submit} problem={save.problem} onReload={rate ? () => void reload() : undefined} pending={save.isPending}>
      {!rate && text('code', 'taxRates.code')}
      {!rate && text('country', 'taxRates.country', { hint: t('taxRates.countryHint') })}
      {!rate && text('region', 'taxRates.region', { hint: t('coupon.optional'), required: false })}
      {!rate && text('taxClass', 'taxRates.taxClass')}
      {text('percent', 'taxRates.percent')}
      {text('name', 'taxRates.name')}
      {rate && <Checkbox label={t('taxRates.active')} {...form.register('active')} />}
    </DialogForm>
  );
}

function TaxRates() {
  const { api } = routeApi.useRouteContext();
  const search = routeApi.useSearch();
  const navigate = useNavigate({ from: '/tax-rates' });
  const [editing, setEditing] = useState<{ rate?: TaxRate }>();
  const query = useQuery({
    queryKey: ['tax-rates', search.sort, search.cursor],
    queryFn: async () => unwrap(await api.GET('/tax-rates', { params: { query: { sort: search.sort, cursor: search.cursor } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <ListPage
        title={t('taxRates.title')}
        query={query}
        search={search}
        go={(next) => void navigate({ search: next })}
        empty={t('taxRates.empty')}
        filters={
          <div className="flex flex-wrap items-end gap-3">
            <SortFilter id="tax-rate-sort" label={t('coupons.sort')} value={search.sort} onChange={(sort) => void navigate({ search: { ...firstPage(search), sort } })} options={TAX_RATE_SORTS.map((s) => ({ value: s, label: t(SORT_LABELS[s]) }))} />
            <Button onClick={() => setEditing({})}>{t('taxRates.new')}</Button>
          </div>
        }
      >
        {(page) => (
          <DataTable
            label={t('taxRates.title')}
            rows={page.items}
            rowKey={(rate) => rate.code}
            columns={[
              { header: t('taxRates.code'), className: 'font-medium', cell: (rate) => rate.code },
              { header: t('taxRates.name'), cell: (rate) => rate.attributes.name },
              { header: t('taxRates.where'), cell: (rate) => [rate.attributes.country, rate.attributes.region].filter(Boolean).join(' / ') },
              { header: t('taxRates.taxClass'), cell: (rate) => rate.attributes.taxClass },
              { header: t('taxRates.rate'), numeric: true, cell: (rate) => `${percentOf(rate.attributes.rateBps)} %` },
              { header: t('coupons.state'), cell: (rate) => <ActiveBadge active={rate.attributes.active} /> },
              editColumn((code) => t('taxRates.editTitle', { code }), (rate: TaxRate) => setEditing({ rate })),
            ]}
          />
        )}
      </ListPage>
      {editing && <RateDialog rate={editing.rate} onClose={() => setEditing(undefined)} />}
    </>
  );
}

export const route = createLazyRoute('/app/tax-rates')({ component: TaxRates });
