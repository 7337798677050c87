/**
 * The platform's tenants, for system admins (tenant `system`, `tenants.manage`): the list
 * (cursor-paged in the URL), create (code, name, currency, contact email), and a tenant's page with
 * disable/enable and its details and limits, each change with the version read (409: who changed it
 * and when, and a reload that keeps what was typed).
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { formatDateTime } from '../../../shared/format';
import { Badge } from '../../../shared/ui/badge';
import { Button } from '../../../shared/ui/button';
import { DataTable } from '../../../shared/ui/data-table';
import { Field, Input } from '../../../shared/ui/field';
import { useToast } from '../../../shared/ui/toast';
import { Card, detailStates, DialogForm, FormProblem, linkClass, useFormAction } from '../edit-form';
import { ListPage } from '../list-page';
import { t } from '../strings';

const listApi = getRouteApi('/app/tenants');
const detailApi = getRouteApi('/app/tenants/$code');
type Tenant = Schemas['Tenant'];
type Limits = Required<Schemas['TenantLimitsDto']>;
type LimitName = keyof Limits;

/**
 * Every limit PATCH /tenants/{code} accepts, with the API's default and highest value (the minimum
 * is 1): the type check keeps the list in step with the OpenAPI document.
 */
const LIMITS = {
  maxLineQuantity: [100, 1000],
  maxOrderUnits: [500, 25_000],
  maxHeldUnitsPerSku: [200, 1_000_000],
  customerActionsPerHour: [60, 100_000],
  cartChangesPerMinute: [60, 10_000],
  guestCartsPerClientPerMinute: [300, 100_000],
  guestCheckoutsPerClientPerMinute: [300, 100_000],
  guestPaymentsPerClientPerMinute: [120, 100_000],
  guestActionsPerKeyPerMinute: [6000, 1_000_000],
  guestHeldUnitsPerSkuPerClient: [400, 1_000_000],
  mailsPerRecipientPerHour: [30, 100_000],
  maxPaymentAttemptsPerOrder: [10, 100],
} as const satisfies Record<LimitName, readonly [number, number]>;
const LIMIT_NAMES = Object.keys(LIMITS) as LimitName[];

const StateBadge = ({ enabled }: { enabled: boolean }) => <Badge tone={enabled ? 'success' : 'danger'}>{enabled ? t('tenants.enabled') : t('tenants.disabled')}</Badge>;

interface NewTenantForm {
  code: string;
  name: string;
  currency: string;
  contactEmail: string;
  ownerEmail: string;
}

function NewTenant({ onClose }: { onClose: () => void }) {
  const { api } = listApi.useRouteContext();
  const queryClient = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const form = useForm<NewTenantForm>({ defaultValues: { code: '', name: '', currency: 'USD', contactEmail: '', ownerEmail: '' } });
  const create = useFormAction(
    form,
    ['code', 'name', 'currency', 'contactEmail', 'ownerEmail'],
    async ({ variables: v, idempotencyKey }: { variables: NewTenantForm; idempotencyKey: string }) =>
      unwrap(await api.POST('/tenants', { headers: { 'Idempotency-Key': idempotencyKey }, body: { code: v.code.trim(), name: v.name, currency: v.currency.trim().toUpperCase(), contactEmail: v.contactEmail.trim() || undefined, ownerEmail: v.ownerEmail.trim() || undefined } })),
    (tenant) => {
      toast({ title: t('tenants.created', { code: tenant.code }), tone: 'info' });
      void queryClient.invalidateQueries({ queryKey: ['tenants'] });
      queryClient.setQueryData(['tenant', tenant.code], tenant);
      void navigate({ to: '/tenants/$code', params: { code: tenant.code } });
    },
  );
  const required = { required: t('edit.required') };
  const errors = form.formState.errors;
  return (
    <DialogForm title={t('tenants.new')} onClose={onClose} onSubmit={form.handleSubmit((v) => create.act(v))} problem={create.problem} pending={create.isPending}>
      <Field label={t('tenants.code')} hint={t('tenants.codeHint')} error={errors.code?.message}>
        {(control) => <Input {...control} autoComplete="off" {...form.register('code', required)} />}
      </Field>
      <Field label={t('tenants.name')} error={errors.name?.message}>
        {(control) => <Input {...control} {...form.register('name', required)} />}
      </Field>
      <Field label={t('tenants.currency')} hint={t('tenants.currencyHint')} error={errors.currency?.message}>
        {(control) => <Input {...control} maxLength={3} {...form.register('currency', required)} />}
      </Field>
      <Field label={t('tenants.contactEmail')} hint={t('coupon.optional')} error={errors.contactEmail?.message}>
        {(control) => <Input {...control} type="email" {...form.register('contactEmail')} />}
      </Field>
      <Field label={t('tenants.ownerEmail')} hint={t('tenants.ownerEmailHint')} error={errors.ownerEmail?.message}>
        {(control) => <Input {...control} type="email" autoComplete="off" {...form.register('ownerEmail')} />}
      </Field>
    </DialogForm>
  );
}

function TenantList() {
  const { api } = listApi.useRouteContext();
  const search = listApi.useSearch();
  const navigate = useNavigate({ from: '/tenants' });
  const [creating, setCreating] = useState(false);
  const query = useQuery({
    queryKey: ['tenants', search.cursor],
    queryFn: async () => unwrap(await api.GET('/tenants', { params: { query: { cursor: search.cursor } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <ListPage title={t('tenants.title')} query={query} search={search} go={(next) => void navigate({ search: next })} empty={t('tenants.empty')} filters={<Button onClick={() => setCreating(true)}>{t('tenants.new')}</Button>}>
        {(page) => (
          <DataTable
            label={t('tenants.title')}
            rows={page.items}
            rowKey={(tenant) => tenant.code}
            columns={[
              {
                header: t('tenants.code'),
                cell: (tenant) => (
                  <Link to="/tenants/$code" params={{ code: tenant.code }} className={linkClass} aria-label={t('tenants.open', { code: tenant.code })}>
                    {tenant.code}
                  </Link>
                ),
              },
              { header: t('tenants.name'), cell: (tenant) => tenant.name },
              { header: t('tenants.currency'), cell: (tenant) => tenant.attributes.currency },
              { header: t('tenants.state'), cell: (tenant) => <StateBadge enabled={tenant.attributes.enabled} /> },
            ]}
          />
        )}
      </ListPage>
      {creating && <NewTenant onClose={() => setCreating(false)} />}
    </>
  );
}

type DetailsForm = { name: string; contactEmail: string } & Record<LimitName, string>;
const DETAIL_NAMES = ['name', 'contactEmail', ...LIMIT_NAMES] as const;

const detailsOf = (tenant: Tenant): DetailsForm => {
  const limits = (tenant.attributes.limits ?? {}) as Partial<Limits>;
  return { name: tenant.name ?? '', contactEmail: tenant.attributes.contactEmail ?? '', ...(Object.fromEntries(LIMIT_NAMES.map((n) => [n, limits[n] === undefined ? '' : String(limits[n])])) as Record<LimitName, string>) };
};

function TenantDetail() {
  const { api, config } = detailApi.useRouteContext();
  const { code } = detailApi.useParams();
  const query = useQuery({ queryKey: ['tenant', code], queryFn: async () => unwrap(await api.GET('/tenants/{code}', { params: { path: { code } } })) });
  const back = (
    <Link to="/tenants" search={{}} className="text-sm text-blue-800 underline dark:text-blue-300">
      ← {t('tenants.back')}
    </Link>
  );
  const pending = detailStates(query, back, t('tenants.notFound', { code }));
  if (pending !== undefined || !query.data) return pending;
  const tenant = query.data;
  return (
    <>
      {back}
      <div className="mt-2 mb-1 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t('tenants.detailTitle', { code })}</h1>
        <StateBadge enabled={tenant.attributes.enabled} />
      </div>
      <p className="mb-4 text-sm text-gray-700 dark:text-gray-300">{t('tenants.version', { version: tenant.version, at: formatDateTime(tenant.updatedAt, config.timeZone) })}</p>
      <TenantForms tenant={tenant} />
      <OwnerInvitation code={tenant.code} />
    </>
  );
}

/**
 * Every change of the page is one PATCH with the version shown: disable/enable, or what was
 * changed in the forms (only those fields, so a reload after a 409 re-applies the person's change
 * on top of the other's, never their old values over it).
 */
/** POST /tenants/{code}/owner-invitations: an owner for a shop whose first invitation expired, or another one. */
function OwnerInvitation({ code }: { code: string }) {
  const { api } = detailApi.useRouteContext();
  const toast = useToast();
  const form = useForm<{ email: string }>({ defaultValues: { email: '' } });
  const invite = useFormAction(
    form,
    ['email'],
    async ({ variables, idempotencyKey }: { variables: { email: string }; idempotencyKey: string }) =>
      unwrap(await api.POST('/tenants/{code}/owner-invitations', { params: { path: { code } }, headers: { 'Idempotency-Key': idempotencyKey }, body: { email: variables.email.trim() } })),
    (invited) => {
      toast({ title: t('tenants.ownerInvited', { email: invited.email }), tone: 'info' });
      form.reset();
    },
  );
  return (
    <form noValidate onSubmit={form.handleSubmit((v) => invite.act(v))} className="mt-6 max-w-4xl">
      <Card title={t('tenants.owner')}>
        <p className="mb-3 text-sm text-gray-700 dark:text-gray-300">{t('tenants.ownerHint')}</p>
        <FormProblem problem={invite.problem} />
        <div className="flex flex-wrap items-end gap-3">
          <Field label={t('tenants.inviteOwnerEmail')} error={form.formState.errors.email?.message}>
            {(control) => <Input {...control} type="email" autoComplete="off" {...form.register('email', { required: t('edit.required') })} />}
          </Field>
          <Button type="submit" disabled={invite.isPending}>
            {t('tenants.inviteOwner')}
          </Button>
        </div>
      </Card>
    </form>
  );
}

function TenantForms({ tenant }: { tenant: Tenant }) {
  const { api } = detailApi.useRouteContext();
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useForm<DetailsForm>({ defaultValues: detailsOf(tenant) });
  const show = (latest: Tenant) => {
    queryClient.setQueryData(['tenant', tenant.code], latest);
    void queryClient.invalidateQueries({ queryKey: ['tenants'] });
  };
  const change = useFormAction(
    form,
    DETAIL_NAMES,
    async ({ variables, idempotencyKey }: { variables: Omit<Schemas['UpdateTenantDto'], 'expectedVersion'>; idempotencyKey: string }) =>
      unwrap(await api.PATCH('/tenants/{code}', { params: { path: { code: tenant.code } }, headers: { 'Idempotency-Key': idempotencyKey }, body: { ...variables, expectedVersion: tenant.version } })),
    (saved) => {
      const toggled = saved.attributes.enabled !== tenant.attributes.enabled;
      toast({ title: toggled ? t(saved.attributes.enabled ? 'tenants.nowEnabled' : 'tenants.nowDisabled', { code: tenant.code }) : t('edit.saved'), tone: 'info' });
      if (!toggled) form.reset(detailsOf(saved));
      show(saved);
    },
  );
  // After a 409: the version saved now; what the person changed stays, the rest is theirs.
  const reload = async () => {
    const latest = unwrap(await api.GET('/tenants/{code}', { params: { path: { code: tenant.code } } }));
    form.reset(detailsOf(latest), { keepDirtyValues: true });
    show(latest);
    change.clearProblem();
  };
  const submit = form.handleSubmit((v) => {
    const dirty = form.formState.dirtyFields;
    const limits: Partial<Limits> = {};
    let bad = false;
    for (const name of LIMIT_NAMES) {
      const text = v[name].trim();
      if (!dirty[name] || !text) continue;
      const value = Number(text);
      const max = LIMITS[name][1];
      if (!/^\d+$/.test(text) || value < 1 || value > max) {
        form.setError(name, { message: t('tenants.notANumber', { min: 1, max }) });
        bad = true;
      } else limits[name] = value;
    }
    if (bad) return;
    change.act({
      ...(dirty.name ? { name: v.name } : {}),
      ...(dirty.contactEmail && v.contactEmail.trim() ? { contactEmail: v.contactEmail.trim() } : {}),
      ...(Object.keys(limits).length ? { limits } : {}),
    });
  });
  const errors = form.formState.errors;
  const enabled = tenant.attributes.enabled;
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <FormProblem problem={change.problem} onReload={() => void reload()} />
      <Card
        title={t('tenants.state')}
        actions={
          <Button variant={enabled ? 'danger' : 'secondary'} disabled={change.isPending} onClick={() => change.act({ enabled: !enabled })}>
            {enabled ? t('tenants.disable') : t('tenants.enable')}
          </Button>
        }
      >
        <p className="text-sm text-gray-700 dark:text-gray-300">{t('tenants.disableHint')}</p>
      </Card>
      <form noValidate onSubmit={submit} className="flex flex-col gap-6">
        <Card title={t('tenants.details')}>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label={t('tenants.name')} error={errors.name?.message}>
              {(control) => <Input {...control} {...form.register('name', { required: t('edit.required') })} />}
            </Field>
            <Field label={t('tenants.contactEmail')} error={errors.contactEmail?.message}>
              {(control) => <Input {...control} type="email" {...form.register('contactEmail')} />}
            </Field>
            <Field label={t('tenants.currency')}>{(control) => <Input {...control} readOnly value={tenant.attributes.currency} />}</Field>
          </div>
        </Card>
        <Card title={t('tenants.limits')}>
          <p className="mb-3 text-sm text-gray-700 dark:text-gray-300">{t('tenants.limitsHint')}</p>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {LIMIT_NAMES.map((name) => (
              <Field key={name} label={name} hint={t('tenants.default', { value: LIMITS[name][0] })} error={errors[name]?.message}>
                {(control) => <Input {...control} inputMode="numeric" {...form.register(name)} />}
              </Field>
            ))}
          </div>
        </Card>
        <div>
          <Button type="submit" disabled={change.isPending}>
            {t('edit.save')}
          </Button>
        </div>
      </form>
    </div>
  );
}

export const listRoute = createLazyRoute('/app/tenants')({ component: TenantList });
export const detailRoute = createLazyRoute('/app/tenants/$code')({ component: TenantDetail });
