/**
 * Coupons: the list (sortable, cursor-paged in the URL), a create form with every rule of the API
 * (CreateCouponDto), and one coupon: edit what the API lets change (UpdateCouponDto: not its code,
 * kind or currency), its redemption ledger, delete (the API retires it: no new uses, the ledger stays).
 * Amounts are typed in the currency's units and sent as integer minor units; a percentage is typed
 * in percent and sent in basis points.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm, type UseFormReturn } from 'react-hook-form';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { useAction } from '../../../shared/api/use-action';
import { formatDateTime, formatMoney } from '../../../shared/format';
import { moneyText, parseMoney } from '../../../shared/format';
import { Badge } from '../../../shared/ui/badge';
import { Button } from '../../../shared/ui/button';
import { Checkbox } from '../../../shared/ui/checkbox';
import { DataTable } from '../../../shared/ui/data-table';
import { Dialog } from '../../../shared/ui/dialog';
import { Field, Input } from '../../../shared/ui/field';
import { EmptyState, ErrorState, LoadingRows } from '../../../shared/ui/states';
import { useToast } from '../../../shared/ui/toast';
import { ActiveBadge, Card, detailStates, DialogForm, FormProblem, linkClass, useFormAction } from '../edit-form';
import { ListPage } from '../list-page';
import { useCursorTrail } from '../local-pager';
import { firstPage } from '../paging';
import { SortFilter } from '../sort-filter';
import { COUPON_SORTS } from '../router';
import { t, type Strings } from '../strings';

const list = getRouteApi('/app/coupons');
const detail = getRouteApi('/app/coupons/$code');
type Coupon = Schemas['Coupon'];
type Kind = Coupon['attributes']['kind'];
const KINDS: readonly Kind[] = ['percentage', 'fixed', 'free_shipping'];
const SORT_LABELS: Record<(typeof COUPON_SORTS)[number], keyof Strings> = { code: 'coupons.sortCode', '-code': 'coupons.sortCodeDesc', createdAt: 'coupons.sortOldest', '-createdAt': 'coupons.sortNewest' };

export function describeDiscount({ kind, value, currency }: Coupon['attributes']): string {
  if (kind === 'percentage') return `${value / 100} %`;
  if (kind === 'fixed') return formatMoney({ amount: value, currency });
  return t('coupon.kind.free_shipping');
}

/** The form as typed: every field text (or a box), converted when sent. */
interface CouponForm {
  code: string;
  kind: Kind;
  value: string;
  currency: string;
  productCodes: string;
  categoryCodes: string;
  minimumSubtotal: string;
  maxDiscount: string;
  startsAt: string;
  endsAt: string;
  usageLimit: string;
  perCustomerLimit: string;
  exclusive: boolean;
  active: boolean;
}
const NAMES = ['code', 'kind', 'value', 'currency', 'productCodes', 'categoryCodes', 'minimumSubtotal', 'maxDiscount', 'startsAt', 'endsAt', 'usageLimit', 'perCustomerLimit', 'exclusive', 'active'] as const;

/** An ISO instant as a datetime-local input shows it (the browser's time), and back. */
const toLocalInput = (iso?: string) => (iso ? new Date(new Date(iso).getTime() - new Date(iso).getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : '');
const fromLocalInput = (local: string) => (local ? new Date(local).toISOString() : undefined);
const codes = (text: string) => text.split(',').map((c) => c.trim()).filter(Boolean);

function formValues(coupon?: Coupon): CouponForm {
  const a = coupon?.attributes;
  const currency = a?.currency ?? 'USD';
  const money = (amount?: number) => (amount === undefined ? '' : moneyText(amount, currency));
  return {
    code: coupon?.code ?? '',
    kind: a?.kind ?? 'percentage',
    value: !a ? '' : a.kind === 'percentage' ? String(a.value / 100) : a.kind === 'fixed' ? money(a.value) : '0',
    currency,
    productCodes: a?.productCodes.join(', ') ?? '',
    categoryCodes: a?.categoryCodes.join(', ') ?? '',
    minimumSubtotal: money(a?.minimumSubtotal),
    maxDiscount: money(a?.maxDiscount),
    startsAt: toLocalInput(a?.startsAt),
    endsAt: toLocalInput(a?.endsAt),
    usageLimit: a?.usageLimit === undefined ? '' : String(a.usageLimit),
    perCustomerLimit: a?.perCustomerLimit === undefined ? '' : String(a.perCustomerLimit),
    exclusive: a?.exclusive ?? false,
    active: a?.active ?? true,
  };
}

/**
 * The typed form as the API's body (rules, value), or undefined after marking each input that is
 * not a number. Optional fields left empty are not sent.
 */
function toBody(v: CouponForm, form: UseFormReturn<CouponForm>) {
  let ok = true;
  const bad = (name: keyof CouponForm) => ((ok = false), form.setError(name, { message: t('coupon.notANumber') }), undefined);
  const money = (name: 'value' | 'minimumSubtotal' | 'maxDiscount') => (v[name].trim() === '' ? undefined : (parseMoney(v[name], v.currency) ?? bad(name)));
  const whole = (name: 'usageLimit' | 'perCustomerLimit') => (v[name].trim() === '' ? undefined : /^\d+$/.test(v[name].trim()) ? Number(v[name]) : bad(name));
  const percent = () => (/^\d+(\.\d{1,2})?$/.test(v.value.trim()) ? Math.round(Number(v.value) * 100) : bad('value'));
  const value = v.kind === 'free_shipping' ? 0 : v.kind === 'percentage' ? percent() : money('value');
  const body = {
    value,
    productCodes: codes(v.productCodes),
    categoryCodes: codes(v.categoryCodes),
    minimumSubtotal: money('minimumSubtotal'),
    maxDiscount: money('maxDiscount'),
    startsAt: fromLocalInput(v.startsAt),
    endsAt: fromLocalInput(v.endsAt),
    usageLimit: whole('usageLimit'),
    perCustomerLimit: whole('perCustomerLimit'),
    exclusive: v.exclusive,
  };
  return ok && value !== undefined ? { ...body, value } : undefined;
}

function CouponFields({ form, creating }: { form: UseFormReturn<CouponForm>; creating: boolean }) {
  const errors = form.formState.errors;
  const kind = form.watch('kind');
  const text = (name: Exclude<keyof CouponForm, 'exclusive' | 'active' | 'kind'>, label: keyof Strings, extra: { type?: string; hint?: string; inputMode?: 'decimal' | 'numeric' } = {}) => (
    <Field label={t(label)} hint={extra.hint} error={errors[name]?.message}>
      {(control) => <Input {...control} type={extra.type ?? 'text'} inputMode={extra.inputMode} {...form.register(name, name === 'code' || name === 'currency' ? { required: t('edit.required') } : {})} />}
    </Field>
  );
  const box = (name: 'exclusive' | 'active', label: keyof Strings) => <Checkbox label={t(label)} {...form.register(name)} />;
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
      {creating && text('code', 'coupons.code')}
      {creating && (
        <Field label={t('coupon.kind')} error={errors.kind?.message}>
          {(control) => (
            <select {...control} className="min-h-10 w-full rounded-md border border-gray-400 bg-white px-3 text-sm text-gray-900 dark:border-gray-500 dark:bg-gray-900 dark:text-gray-100" {...form.register('kind')}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`coupon.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {kind !== 'free_shipping' && text('value', kind === 'percentage' ? 'coupon.percent' : 'coupon.amount', { inputMode: 'decimal' })}
      {creating && text('currency', 'coupon.currency', { hint: t('coupon.currencyHint') })}
      {text('minimumSubtotal', 'coupon.minimumSubtotal', { inputMode: 'decimal', hint: t('coupon.optional') })}
      {text('maxDiscount', 'coupon.maxDiscount', { inputMode: 'decimal', hint: t('coupon.optional') })}
      {text('productCodes', 'coupon.productCodes', { hint: t('coupon.codesHint') })}
      {text('categoryCodes', 'coupon.categoryCodes', { hint: t('coupon.codesHint') })}
      {text('startsAt', 'coupon.startsAt', { type: 'datetime-local', hint: t('coupon.optional') })}
      {text('endsAt', 'coupon.endsAt', { type: 'datetime-local', hint: t('coupon.optional') })}
      {text('usageLimit', 'coupon.usageLimit', { inputMode: 'numeric', hint: t('coupon.optional') })}
      {text('perCustomerLimit', 'coupon.perCustomerLimit', { inputMode: 'numeric', hint: t('coupon.optional') })}
      <div className="flex flex-col gap-2 sm:col-span-2">
        {box('exclusive', 'coupon.exclusive')}
        {!creating && box('active', 'coupon.active')}
      </div>
    </div>
  );
}

function NewCoupon({ onClose }: { onClose: () => void }) {
  const { api } = list.useRouteContext();
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useForm<CouponForm>({ defaultValues: formValues() });
  const create = useFormAction(
    form,
    NAMES,
    async ({ variables, idempotencyKey }: { variables: Schemas['CreateCouponDto']; idempotencyKey: string }) => unwrap(await api.POST('/coupons', { headers: { 'Idempotency-Key': idempotencyKey }, body: variables })),
    (coupon) => {
      toast({ title: t('coupons.created', { code: coupon.code }), tone: 'info' });
      void queryClient.invalidateQueries({ queryKey: ['coupons'] });
      onClose();
    },
  );
  const submit = form.handleSubmit((v) => {
    const body = toBody(v, form);
    if (body) create.act({ ...body, code: v.code.trim(), kind: v.kind, currency: v.currency.trim().toUpperCase() });
  });
  return (
    <DialogForm title={t('coupons.new')} onClose={onClose} onSubmit={submit} problem={create.problem} pending={create.isPending}>
      <CouponFields form={form} creating />
    </DialogForm>
  );
}

function validity(a: Coupon['attributes'], when: (iso: string) => string) {
  const parts = [a.startsAt && t('coupons.from', { at: when(a.startsAt) }), a.endsAt && t('coupons.until', { at: when(a.endsAt) })].filter(Boolean);
  return parts.length ? parts.join(' ') : t('coupons.always');
}

function CouponsList() {
  const { api, config } = list.useRouteContext();
  const search = list.useSearch();
  const navigate = useNavigate({ from: '/coupons' });
  const [creating, setCreating] = useState(false);
  const when = (iso: string) => formatDateTime(iso, config.timeZone);
  const query = useQuery({
    queryKey: ['coupons', search.sort, search.cursor],
    queryFn: async () => unwrap(await api.GET('/coupons', { params: { query: { sort: search.sort, cursor: search.cursor } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <ListPage
        title={t('coupons.title')}
        query={query}
        search={search}
        go={(next) => void navigate({ search: next })}
        empty={t('coupons.empty')}
        filters={
          <div className="flex flex-wrap items-end gap-3">
            <SortFilter id="coupon-sort" label={t('coupons.sort')} value={search.sort} onChange={(sort) => void navigate({ search: { ...firstPage(search), sort } })} options={COUPON_SORTS.map((s) => ({ value: s, label: t(SORT_LABELS[s]) }))} />
            <Button onClick={() => setCreating(true)}>{t('coupons.new')}</Button>
          </div>
        }
      >
        {(page) => (
          <DataTable
            label={t('coupons.table')}
            rows={page.items}
            rowKey={(coupon) => coupon.code}
            columns={[
              {
                header: t('coupons.code'),
                cell: (coupon) => (
                  <Link to="/coupons/$code" params={{ code: coupon.code }} className={linkClass}>
                    {coupon.code}
                  </Link>
                ),
              },
              { header: t('coupons.discount'), className: 'whitespace-nowrap', cell: (coupon) => describeDiscount(coupon.attributes) },
              { header: t('coupons.state'), cell: (coupon) => <ActiveBadge active={coupon.attributes.active} /> },
              { header: t('coupons.redeemed'), numeric: true, cell: (coupon) => (coupon.attributes.usageLimit ? `${coupon.redeemed} / ${coupon.attributes.usageLimit}` : coupon.redeemed) },
              { header: t('coupons.window'), cell: (coupon) => validity(coupon.attributes, when) },
            ]}
          />
        )}
      </ListPage>
      {creating && <NewCoupon onClose={() => setCreating(false)} />}
    </>
  );
}

function EditCoupon({ coupon, onReload }: { coupon: Coupon; onReload: () => Promise<unknown> }) {
  const { api } = detail.useRouteContext();
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useForm<CouponForm>({ defaultValues: formValues(coupon) });
  // The version edits are made on: moves forward on a reload, keeping what was typed.
  const [version, setVersion] = useState(coupon.version);
  const save = useFormAction(
    form,
    NAMES,
    async ({ variables, idempotencyKey }: { variables: Schemas['UpdateCouponDto']; idempotencyKey: string }) => unwrap(await api.PATCH('/coupons/{code}', { params: { path: { code: coupon.code } }, headers: { 'Idempotency-Key': idempotencyKey }, body: variables })),
    (saved) => {
      toast({ title: t('edit.saved'), tone: 'info' });
      setVersion(saved.version);
      queryClient.setQueryData(['coupon', coupon.code], saved);
      void queryClient.invalidateQueries({ queryKey: ['coupons'] });
    },
  );
  const submit = form.handleSubmit((v) => {
    const body = toBody(v, form);
    if (body) save.act({ ...body, active: v.active, expectedVersion: version });
  });
  const reload = async () => {
    save.clearProblem();
    const fresh = (await onReload()) as { data?: Coupon };
    if (fresh.data) setVersion(fresh.data.version);
  };
  return (
    <form noValidate className="flex flex-col gap-3" onSubmit={submit} aria-label={t('coupon.rules')}>
      <FormProblem problem={save.problem} onReload={() => void reload()} />
      <CouponFields form={form} creating={false} />
      <div>
        <Button type="submit" disabled={save.isPending}>
          {t('edit.save')}
        </Button>
      </div>
    </form>
  );
}

function Ledger({ code }: { code: string }) {
  const { api, config } = detail.useRouteContext();
  const { cursor, first, pager } = useCursorTrail();
  const query = useQuery({ queryKey: ['coupon', code, 'redemptions', cursor], queryFn: async () => unwrap(await api.GET('/coupons/{code}/redemptions', { params: { path: { code }, query: { cursor } } })), placeholderData: keepPreviousData });
  if (query.isPending) return <LoadingRows label={t('common.loading')} rows={3} />;
  if (query.isError) return <ErrorState title={t('common.loadFailed')} message={query.error.message} onRetry={() => void query.refetch()} retryLabel={t('common.retry')} />;
  const page = query.data;
  if (!page.items.length && first) return <EmptyState title={t('coupon.noRedemptions')} />;
  return (
    <>
      <DataTable
        label={t('coupon.ledger')}
        rows={page.items}
        rowKey={(r) => `${r.orderCode}-${r.at}`}
        columns={[
          {
            header: t('coupon.order'),
            cell: (r) => (
              <Link to="/orders/$code" params={{ code: r.orderCode }} className={linkClass}>
                {r.orderCode}
              </Link>
            ),
          },
          { header: t('coupon.redemptionState'), cell: (r) => <Badge tone={r.state === 'final' ? 'success' : r.state === 'held' ? 'info' : 'neutral'}>{r.state}</Badge> },
          { header: t('coupon.redeemer'), className: 'font-mono text-xs', cell: (r) => r.redeemer },
          {
            header: t('coupon.at'),
            className: 'whitespace-nowrap',
            cell: (r) => (
              <>
                {formatDateTime(r.at, config.timeZone)}
                {r.releasedAt && <div className="text-xs">{t('coupon.releasedAt', { at: formatDateTime(r.releasedAt, config.timeZone) })}</div>}
              </>
            ),
          },
        ]}
      />
      {pager(page.cursor)}
    </>
  );
}

function CouponDetail() {
  const { api, config } = detail.useRouteContext();
  const { code } = detail.useParams();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const query = useQuery({ queryKey: ['coupon', code], queryFn: async () => unwrap(await api.GET('/coupons/{code}', { params: { path: { code } } })) });
  const remove = useAction(async ({ idempotencyKey }: { variables: undefined; idempotencyKey: string }) => unwrap(await api.DELETE('/coupons/{code}', { params: { path: { code } }, headers: { 'Idempotency-Key': idempotencyKey } })), {
    onSuccess: (retired) => {
      setConfirming(false);
      toast({ title: t('coupon.deleted', { code }), tone: 'info' });
      queryClient.setQueryData(['coupon', code], retired);
      void queryClient.invalidateQueries({ queryKey: ['coupons'] });
    },
    onError: (error) => toast({ title: t('edit.failed'), description: error.message, tone: 'error' }),
  });
  const back = (
    <Link to="/coupons" search={{}} className="text-sm text-blue-800 underline dark:text-blue-300">
      ← {t('coupon.back')}
    </Link>
  );
  const pending = detailStates(query, back, t('coupon.notFound', { code }));
  if (pending !== undefined || !query.data) return pending;
  const coupon = query.data;
  return (
    <>
      {back}
      <div className="mt-2 mb-2 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t('coupon.title', { code })}</h1>
        <Badge tone="info">{describeDiscount(coupon.attributes)}</Badge>
        <ActiveBadge active={coupon.attributes.active} />
      </div>
      <p className="mb-4 text-sm text-gray-700 dark:text-gray-300">{t('coupon.version', { version: coupon.version, at: formatDateTime(coupon.updatedAt, config.timeZone) })}</p>
      <div className="flex flex-col gap-4">
        <Card
          title={t('coupon.rules')}
          actions={
            coupon.attributes.active && (
              <Button variant="danger" onClick={() => setConfirming(true)}>
                {t('coupon.delete')}
              </Button>
            )
          }
        >
          <EditCoupon coupon={coupon} onReload={() => query.refetch()} />
        </Card>
        <Card title={t('coupon.ledger')}>
          <Ledger code={code} />
        </Card>
      </div>
      <Dialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t('coupon.deleteConfirm', { code })}
        description={t('coupon.deleteHint')}
        actions={
          <>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t('edit.cancel')}
            </Button>
            <Button variant="danger" disabled={remove.isPending} onClick={() => remove.act(undefined)}>
              {t('coupon.delete')}
            </Button>
          </>
        }
      />
    </>
  );
}

export const listRoute = createLazyRoute('/app/coupons')({ component: CouponsList });
export const detailRoute = createLazyRoute('/app/coupons/$code')({ component: CouponDetail });
