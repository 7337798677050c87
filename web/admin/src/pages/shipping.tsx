/**
 * Shipping: zones (where: countries, regions, postcode prefixes) and the methods that serve them
 * (a flat price, free above a subtotal, or weight tiers). Both lists on one screen, each paged on
 * its own; create and edit in a dialog; "active" off retires one (as the API's DELETE does).
 * Shipping rates carry no currency in the API: amounts are typed in minor units of the shop's.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { Button } from '../../../shared/ui/button';
import { Checkbox } from '../../../shared/ui/checkbox';
import { DataTable } from '../../../shared/ui/data-table';
import { Field, Input } from '../../../shared/ui/field';
import { EmptyState, ErrorState, LoadingRows } from '../../../shared/ui/states';
import { useToast } from '../../../shared/ui/toast';
import { ActiveBadge, Card, DialogForm, useFormAction } from '../edit-form';
import { editColumn } from '../list-page';
import { useCursorTrail } from '../local-pager';
import { t, type Strings } from '../strings';

const routeApi = getRouteApi('/app/shipping');
type Zone = Schemas['ShippingZone'];
type Method = Schemas['ShippingMethod'];
type Rate = Schemas['ShippingRateDto'];
const RATE_KINDS: readonly Rate['kind'][] = ['flat', 'free_above', 'weight_tiers'];

const list = (text: string) => text.split(',').map((v) => v.trim()).filter(Boolean);
const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : undefined);

/** Weight tiers as typed, one a line: "1000: 490" (up to 1000 g: 490). */
const tiersText = (tiers: Rate['tiers']) => (tiers ?? []).map((tier) => `${tier.upToGrams}: ${tier.amount}`).join('\n');
function parseTiers(text: string): Rate['tiers'] | undefined {
  const tiers = text.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => /^(\d+)\s*:\s*(\d+)$/.exec(line));
  return tiers.every(Boolean) ? tiers.map((m) => ({ upToGrams: Number(m![1]), amount: Number(m![2]) })) : undefined;
}
export function describeRate(rate: Rate): string {
  if (rate.kind === 'flat') return t('shipping.rateFlat', { amount: rate.amount ?? 0 });
  if (rate.kind === 'free_above') return t('shipping.rateFreeAbove', { amount: rate.amount ?? 0, above: rate.freeAbove ?? 0 });
  return t('shipping.rateTiers', { count: rate.tiers?.length ?? 0 });
}

interface ZoneForm {
  code: string;
  name: string;
  countries: string;
  regions: string;
  postalCodePrefixes: string;
  active: boolean;
}

function ZoneDialog({ zone, onClose }: { zone?: Zone; onClose: () => void }) {
  const { api } = routeApi.useRouteContext();
  const queryClient = useQueryClient();
  const toast = useToast();
  const a = zone?.attributes;
  const form = useForm<ZoneForm>({ defaultValues: { code: zone?.code ?? '', name: zone?.name ?? '', countries: a?.countries.join(', ') ?? '', regions: a?.regions?.join(', ') ?? '', postalCodePrefixes: a?.postalCodePrefixes?.join(', ') ?? '', active: a?.active ?? true } });
  const [version, setVersion] = useState(zone?.version);
  const save = useFormAction(
    form,
    ['code', 'name', 'countries', 'regions', 'postalCodePrefixes', 'active'],
    async ({ variables: v, idempotencyKey }: { variables: ZoneForm; idempotencyKey: string }) => {
      const headers = { 'Idempotency-Key': idempotencyKey };
      const where = { countries: list(v.countries.toUpperCase()), regions: list(v.regions), postalCodePrefixes: list(v.postalCodePrefixes) };
      if (zone) return unwrap(await api.PATCH('/shipping-zones/{code}', { params: { path: { code: zone.code } }, headers, body: { expectedVersion: version!, name: v.name, ...where, active: v.active } }));
      return unwrap(await api.POST('/shipping-zones', { headers, body: { code: v.code, name: v.name, ...where } }));
    },
    () => {
      toast({ title: t('edit.saved'), tone: 'info' });
      void queryClient.invalidateQueries({ queryKey: ['shipping-zones'] });
      onClose();
    },
  );
  const reload = async () => (setVersion(unwrap(await api.GET('/shipping-zones/{code}', { params: { path: { code: zone!.code } } })).version), save.clearProblem());
  const errors = form.formState.errors;
  const text = (name: Exclude<keyof ZoneForm, 'active'>, label: keyof Strings, hint?: string, required = true) => (
    <Field label={t(label)} hint={hint} error={errors[name]?.message}>
      {(control) => <Input {...control} {...form.register(name, required ? { required: t('edit.required') } : {})} />}
    </Field>
  );
  return (
    <DialogForm title={zone ? t('shipping.editZone', { code: zone.code }) : t('shipping.newZone')} onClose={onClose} onSubmit={form.handleSubmit((v) => save.act(v))} problem={save.problem} onReload={zone ? () => void reload() : undefined} pending={save.isPending}>
      {!zone && text('code', 'shipping.code')}
      {text('name', 'shipping.name')}
      {text('countries', 'shipping.countries', t('shipping.countriesHint'))}
      {text('regions', 'shipping.regions', t('shipping.listHint'), false)}
      {text('postalCodePrefixes', 'shipping.postalCodePrefixes', t('shipping.listHint'), false)}
      {zone && <Checkbox label={t('shipping.active')} {...form.register('active')} />}
    </DialogForm>
  );
}

interface MethodForm {
  code: string;
  name: string;
  zoneCode: string;
  kind: Rate['kind'];
  amount: string;
  freeAbove: string;
  tiers: string;
  active: boolean;
}

function MethodDialog({ method, zones, onClose }: { method?: Method; zones: Zone[]; onClose: () => void }) {
  const { api } = routeApi.useRouteContext();
  const queryClient = useQueryClient();
  const toast = useToast();
  const a = method?.attributes;
  const form = useForm<MethodForm>({ defaultValues: { code: method?.code ?? '', name: method?.name ?? '', zoneCode: a?.zoneCode ?? zones[0]?.code ?? '', kind: a?.rate.kind ?? 'flat', amount: a?.rate.amount === undefined ? '' : String(a.rate.amount), freeAbove: a?.rate.freeAbove === undefined ? '' : String(a.rate.freeAbove), tiers: tiersText(a?.rate.tiers), active: a?.active ?? true } });
  const [version, setVersion] = useState(method?.version);
  const kind = form.watch('kind');
  const save = useFormAction(
    form,
    ['code', 'name', 'zoneCode', 'kind', 'amount', 'freeAbove', 'tiers', 'active'],
    async ({ variables: { v, rate }, idempotencyKey }: { variables: { v: MethodForm; rate: Rate }; idempotencyKey: string }) => {
      const headers = { 'Idempotency-Key': idempotencyKey };
      if (method) return unwrap(await api.PATCH('/shipping-methods/{code}', { params: { path: { code: method.code } }, headers, body: { expectedVersion: version!, name: v.name, rate, active: v.active } }));
      return unwrap(await api.POST('/shipping-methods', { headers, body: { code: v.code, name: v.name, zoneCode: v.zoneCode, rate } }));
    },
    () => {
      toast({ title: t('edit.saved'), tone: 'info' });
      void queryClient.invalidateQueries({ queryKey: ['shipping-methods'] });
      onClose();
    },
  );
  const reload = async () => (setVersion(unwrap(await api.GET('/shipping-methods/{code}', { params: { path: { code: method!.code } } })).version), save.clearProblem());
  const submit = form.handleSubmit((v) => {
    const bad = (name: 'amount' | 'freeAbove' | 'tiers', message: keyof Strings) => (form.setError(name, { message: t(message) }), undefined);
    const amount = kind === 'weight_tiers' ? undefined : (whole(v.amount) ?? bad('amount', 'coupon.notANumber'));
    const freeAbove = kind === 'free_above' ? (whole(v.freeAbove) ?? bad('freeAbove', 'coupon.notANumber')) : undefined;
    const tiers = kind === 'weight_tiers' ? (parseTiers(v.tiers) ?? bad('tiers', 'shipping.tiersInvalid')) : undefined;
    if ((kind !== 'weight_tiers' && amount === undefined) || (kind === 'free_above' && freeAbove === undefined) || (kind === 'weight_tiers' && !tiers)) return;
    save.act({ v, rate: { kind, ...(amount !== undefined ? { amount } : {}), ...(freeAbove !== undefined ? { freeAbove } : {}), ...(tiers ? { tiers } : {}) } });
  });
  const errors = form.formState.errors;
  const select = 'min-h-10 w-full rounded-md border border-gray-400 bg-white px-3 text-sm text-gray-900 dark:border-gray-500 dark:bg-gray-900 dark:text-gray-100';
  return (
    <DialogForm title={method ? t('shipping.editMethod', { code: method.code }) : t('shipping.newMethod')} onClose={onClose} onSubmit={submit} problem={save.problem} onReload={method ? () => void reload() : undefined} pending={save.isPending}>
      {!method && <Field label={t('shipping.code')} error={errors.code?.message}>{(control) => <Input {...control} {...form.register('code', { required: t('edit.required') })} />}</Field>}
      <Field label={t('shipping.name')} error={errors.name?.message}>{(control) => <Input {...control} {...form.register('name', { required: t('edit.required') })} />}</Field>
      {!method && (
        <Field label={t('shipping.zone')} error={errors.zoneCode?.message}>
          {(control) => (
            <select {...control} className={select} {...form.register('zoneCode', { required: t('edit.required') })}>
              {zones.map((zone) => (
                <option key={zone.code} value={zone.code}>
                  {zone.name ?? zone.code}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label={t('shipping.rateKind')} error={errors.kind?.message}>
        {(control) => (
          <select {...control} className={select} {...form.register('kind')}>
            {RATE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`shipping.kind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {kind !== 'weight_tiers' && <Field label={t('shipping.amount')} hint={t('shipping.minorUnits')} error={errors.amount?.message}>{(control) => <Input {...control} inputMode="numeric" {...form.register('amount')} />}</Field>}
      {kind === 'free_above' && <Field label={t('shipping.freeAbove')} hint={t('shipping.minorUnits')} error={errors.freeAbove?.message}>{(control) => <Input {...control} inputMode="numeric" {...form.register('freeAbove')} />}</Field>}
      {kind === 'weight_tiers' && (
        <Field label={t('shipping.tiers')} hint={t('shipping.tiersHint')} error={errors.tiers?.message}>
          {(control) => <textarea {...control} rows={4} className="w-full rounded-md border border-gray-400 bg-white p-2 text-sm text-gray-900 dark:border-gray-500 dark:bg-gray-900 dark:text-gray-100" {...form.register('tiers')} />}
        </Field>
      )}
      {method && <Checkbox label={t('shipping.active')} {...form.register('active')} />}
    </DialogForm>
  );
}

function Shipping() {
  const { api } = routeApi.useRouteContext();
  const zonesPage = useCursorTrail();
  const methodsPage = useCursorTrail();
  const [editing, setEditing] = useState<{ zone?: Zone; newZone?: true; method?: Method; newMethod?: true }>();
  const zones = useQuery({ queryKey: ['shipping-zones', zonesPage.cursor], queryFn: async () => unwrap(await api.GET('/shipping-zones', { params: { query: { cursor: zonesPage.cursor, limit: 100 } } })), placeholderData: keepPreviousData });
  const methods = useQuery({ queryKey: ['shipping-methods', methodsPage.cursor], queryFn: async () => unwrap(await api.GET('/shipping-methods', { params: { query: { cursor: methodsPage.cursor } } })), placeholderData: keepPreviousData });
  const states = (query: typeof zones | typeof methods, empty: string) =>
    query.isPending ? <LoadingRows label={t('common.loading')} rows={3} /> : query.isError ? <ErrorState title={t('common.loadFailed')} message={query.error.message} onRetry={() => void query.refetch()} retryLabel={t('common.retry')} /> : query.data.items.length ? null : <EmptyState title={empty} />;
  const zoneName = (code: string) => zones.data?.items.find((zone) => zone.code === code)?.name ?? code;
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">{t('nav.shipping')}</h1>
      <div className="flex flex-col gap-4">
        <Card title={t('shipping.zones')} actions={<Button onClick={() => setEditing({ newZone: true })}>{t('shipping.newZone')}</Button>}>
          {states(zones, t('shipping.noZones')) ?? (
            <>
              <DataTable
                label={t('shipping.zones')}
                rows={zones.data!.items}
                rowKey={(zone) => zone.code}
                columns={[
                  { header: t('shipping.code'), className: 'font-medium', cell: (zone) => zone.code },
                  { header: t('shipping.name'), cell: (zone) => zone.name },
                  { header: t('shipping.where'), cell: (zone) => [zone.attributes.countries.join(', '), zone.attributes.regions?.join(', '), zone.attributes.postalCodePrefixes?.map((p) => `${p}…`).join(', ')].filter(Boolean).join(' · ') },
                  { header: t('coupons.state'), cell: (zone) => <ActiveBadge active={zone.attributes.active} /> },
                  editColumn((code) => t('shipping.editZone', { code }), (zone: Zone) => setEditing({ zone })),
                ]}
              />
              {zonesPage.pager(zones.data!.cursor)}
            </>
          )}
        </Card>
        <Card title={t('shipping.methods')} actions={zones.data?.items.length ? <Button onClick={() => setEditing({ newMethod: true })}>{t('shipping.newMethod')}</Button> : undefined}>
          {states(methods, t('shipping.noMethods')) ?? (
            <>
              <DataTable
                label={t('shipping.methods')}
                rows={methods.data!.items}
                rowKey={(method) => method.code}
                columns={[
                  { header: t('shipping.code'), className: 'font-medium', cell: (method) => method.code },
                  { header: t('shipping.name'), cell: (method) => method.name },
                  { header: t('shipping.zone'), cell: (method) => zoneName(method.attributes.zoneCode) },
                  { header: t('shipping.rate'), cell: (method) => describeRate(method.attributes.rate) },
                  { header: t('coupons.state'), cell: (method) => <ActiveBadge active={method.attributes.active} /> },
                  editColumn((code) => t('shipping.editMethod', { code }), (method: Method) => setEditing({ method })),
                ]}
              />
              {methodsPage.pager(methods.data!.cursor)}
            </>
          )}
        </Card>
      </div>
      {(editing?.zone || editing?.newZone) && <ZoneDialog zone={editing.zone} onClose={() => setEditing(undefined)} />}
      {(editing?.method || editing?.newMethod) && <MethodDialog method={editing.method} zones={zones.data?.items ?? []} onClose={() => setEditing(undefined)} />}
    </>
  );
}

export const route = createLazyRoute('/app/shipping')({ component: Shipping });
