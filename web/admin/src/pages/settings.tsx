/**
 * Settings: GET/PATCH /settings in sections (shop, checkout, payments, limits, storefront), each
 * its own form. A section sends only the fields changed in it, with the settings' version as the
 * page holds it now (a save of another section moves it); a stale version opens the conflict dialog
 * with the settings as saved now. The provider's credentials are the deployment's and never shown;
 * the publishable key shows as set or not. A role that may not change settings sees them read-only.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { get, useForm, type FieldValues, type Path, type UseFormReturn } from 'react-hook-form';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { formatDateTime } from '../../../shared/format';
import { ConflictDialog } from '../../../shared/ui/conflict-dialog';
import { Button } from '../../../shared/ui/button';
import { Checkbox } from '../../../shared/ui/checkbox';
import { Field, Input } from '../../../shared/ui/field';
import { ErrorState, LoadingRows } from '../../../shared/ui/states';
import { applyShopTimeZone, SETTINGS_QUERY } from '../app';
import { Card, conflictLabels, FormProblem, useFormAction } from '../edit-form';
import { may } from '../permissions';
import { t, type Strings } from '../strings';
import { FormMessage } from './auth-layout';

const routeApi = getRouteApi('/app/settings');
type Settings = Schemas['ShopSettings'];
type Body = Schemas['UpdateShopSettingsDto'];

/** How a setting is typed: the form holds text (or a tick), the body the API's type. */
type Kind = 'text' | 'int' | 'bool' | 'list' | 'offline' | 'provider' | 'capture';
interface Spec {
  name: string;
  label: keyof Strings;
  kind: Kind;
  hint?: string;
}

const SECTIONS: { id: string; title: keyof Strings; specs: Spec[] }[] = [
  { id: 'shop', title: 'settings.shop', specs: [{ name: 'country', label: 'settings.country', kind: 'text' }, { name: 'timeZone', label: 'settings.timeZone', kind: 'text' }] },
  {
    id: 'checkout',
    title: 'settings.checkout',
    specs: [
      { name: 'pricesIncludeTax', label: 'settings.pricesIncludeTax', kind: 'bool' },
      { name: 'shippingTaxable', label: 'settings.shippingTaxable', kind: 'bool' },
      { name: 'shippingTaxClass', label: 'settings.shippingTaxClass', kind: 'text' },
      { name: 'holdSeconds', label: 'settings.holdSeconds', kind: 'int' },
      { name: 'cartIdleSeconds', label: 'settings.cartIdleSeconds', kind: 'int' },
      { name: 'abandonedCartReminders', label: 'settings.abandonedCartReminders', kind: 'bool' },
      { name: 'returnWindowDays', label: 'settings.returnWindowDays', kind: 'int' },
    ],
  },
  {
    id: 'payments',
    title: 'settings.payments',
    specs: [
      { name: 'paymentProvider', label: 'settings.paymentProvider', kind: 'provider' },
      { name: 'captureOn', label: 'settings.captureOn', kind: 'capture' },
      { name: 'onlinePaymentMethods', label: 'settings.onlinePaymentMethods', kind: 'list' },
      { name: 'offlinePaymentMethods', label: 'settings.offlinePaymentMethods', kind: 'offline', hint: 'cash_on_delivery, bank_transfer:before_shipping' },
      { name: 'offlinePaymentHoldHours', label: 'settings.offlinePaymentHoldHours', kind: 'int' },
    ],
  },
  {
    id: 'limits',
    title: 'settings.limits',
    specs: [
      { name: 'maxCartLines', label: 'settings.maxCartLines', kind: 'int' },
      { name: 'maxImagesPerProduct', label: 'settings.maxImagesPerProduct', kind: 'int' },
      { name: 'maxMediaBytes', label: 'settings.maxMediaBytes', kind: 'int' },
      { name: 'maxImportFileBytes', label: 'settings.maxImportFileBytes', kind: 'int' },
    ],
  },
  { id: 'storefront', title: 'settings.storefront', specs: [{ name: 'storefront.domains', label: 'settings.domains', kind: 'list' }, { name: 'storefront.publishableKey', label: 'settings.newKey', kind: 'text' }] },
];

type Offline = Settings['offlinePaymentMethods'][number];
const offlineText = (entry: Offline) => (typeof entry === 'string' ? entry : `${entry.method}:${entry.kind}`);
const listOf = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The storefront's fields live in `storefront` (named `storefront.domains`, as the API's 400 names them); its key is never put into the form (a new one is typed). */
function valueOf(settings: Settings, spec: Spec): unknown {
  if (spec.name === 'storefront.domains') return settings.storefront?.domains ?? [];
  if (spec.name === 'storefront.publishableKey') return '';
  return (settings as unknown as Record<string, unknown>)[spec.name];
}

function formValue(spec: Spec, value: unknown): string | boolean {
  if (spec.kind === 'bool') return Boolean(value);
  if (spec.kind === 'list') return ((value as string[] | undefined) ?? []).join(', ');
  if (spec.kind === 'offline') return (value as Offline[]).map(offlineText).join(', ');
  return value === undefined ? '' : String(value);
}

function toForm(settings: Settings, specs: Spec[]): FieldValues {
  const form: FieldValues = {};
  for (const spec of specs) {
    const [name, inner] = spec.name.split('.');
    const value = formValue(spec, valueOf(settings, spec));
    if (inner) form[name] = { ...form[name], [inner]: value };
    else form[name] = value;
  }
  return form;
}

function parse(spec: Spec, value: unknown): unknown {
  if (spec.kind === 'bool') return Boolean(value);
  const text = String(value).trim();
  if (spec.kind === 'int') return /^\d+$/.test(text) ? Number(text) : text;
  if (spec.kind === 'list') return listOf(text);
  if (spec.kind === 'offline') return listOf(text).map((entry) => (entry.includes(':') ? { method: entry.split(':')[0], kind: entry.split(':')[1] } : entry));
  return text;
}

/** Only what was changed in the section; the storefront is replaced whole (its key kept unless a new one is typed). */
function bodyOf(settings: Settings, section: string, specs: Spec[], values: FieldValues, dirty: readonly string[]): Partial<Body> {
  if (section === 'storefront') {
    const key = String(values.storefront.publishableKey).trim() || settings.storefront?.publishableKey;
    return { storefront: { domains: listOf(String(values.storefront.domains)), ...(key ? { publishableKey: key } : {}) } };
  }
  return Object.fromEntries(specs.filter((spec) => dirty.includes(spec.name)).map((spec) => [spec.name, parse(spec, values[spec.name])]));
}

const shown = (value: unknown) => (typeof value === 'boolean' ? t(value ? 'yes' : 'no') : String(value ?? '') || '—');

function SettingInput({ spec, form, readOnly }: { spec: Spec; form: UseFormReturn<FieldValues>; readOnly: boolean }) {
  const error = (get(form.formState.errors, spec.name) as { message?: string } | undefined)?.message;
  const register = form.register(spec.name as Path<FieldValues>, spec.kind === 'int' ? { pattern: { value: /^\s*\d+\s*$/, message: t('settings.whole') } } : {});
  if (spec.kind === 'bool') return <Checkbox label={t(spec.label)} disabled={readOnly} {...register} />;
  const hint = spec.name === 'timeZone' ? t('settings.timeZoneHint', { fallback: t('settings.browserZone') }) : spec.hint;
  const choices =
    spec.kind === 'provider'
      ? [['', t('settings.providerDefault')], ['test', 'test'], ['stripe', 'stripe']]
      : spec.kind === 'capture'
        ? [['shipment', t('settings.captureOn.shipment')], ['confirmation', t('settings.captureOn.confirmation')]]
        : undefined;
  return (
    <Field label={t(spec.label)} hint={hint} error={error}>
      {(control) =>
        choices ? (
          <select {...control} disabled={readOnly} className="min-h-10 w-full rounded-md border border-gray-400 bg-white px-3 text-sm text-gray-900 dark:border-gray-500 dark:bg-gray-900 dark:text-gray-100" {...register}>
            {choices.map(([value, label]) => (
              <option key={value} value={value} disabled={value === ''}>
                {label}
              </option>
            ))}
          </select>
        ) : (
          <Input {...control} readOnly={readOnly} inputMode={spec.kind === 'int' ? 'numeric' : undefined} autoComplete="off" {...register} />
        )
      }
    </Field>
  );
}

function SettingsSection({ section, settings, readOnly }: { section: (typeof SECTIONS)[number]; settings: Settings; readOnly: boolean }) {
  const { api, config } = routeApi.useRouteContext();
  const queryClient = useQueryClient();
  const { id, specs } = section;
  const form = useForm<FieldValues>({ defaultValues: toForm(settings, specs) });
  const [saved, setSaved] = useState<number>();
  const [baseline, setBaseline] = useState(settings);
  const dirty = () => Object.keys(form.formState.dirtyFields);
  const save = useFormAction(
    form,
    specs.map((s) => s.name) as Path<FieldValues>[],
    async ({ variables, idempotencyKey }: { variables: { body: Partial<Body>; version: number }; idempotencyKey: string }) =>
      unwrap(await api.PATCH('/settings', { headers: { 'Idempotency-Key': idempotencyKey }, body: { ...variables.body, expectedVersion: variables.version } })),
    (next) => {
      queryClient.setQueryData(SETTINGS_QUERY, next);
      applyShopTimeZone(config, next.timeZone);
      setBaseline(next);
      form.reset(toForm(next, specs));
      setSaved(next.version);
    },
  );
  const conflict = save.problem?.conflict;
  // The 409 names the version saved now: read it, to show theirs beside what was typed.
  const current = useQuery({ queryKey: ['settings', 'conflict', conflict?.currentVersion], enabled: Boolean(conflict), queryFn: async () => unwrap(await api.GET('/settings')) });
  const theirs = conflict && current.data;
  const send = (version: number) => {
    setSaved(undefined);
    if (!dirty().length) return;
    save.act({ body: bodyOf(baseline, id, specs, form.getValues(), dirty()), version });
  };
  const changed = specs.filter((spec) => dirty().includes(spec.name.split('.')[0]));
  return (
    <Card title={t(section.title)}>
      <form noValidate aria-label={t(section.title)} className="flex flex-col gap-3" onSubmit={form.handleSubmit(() => send((queryClient.getQueryData<Settings>(SETTINGS_QUERY) ?? settings).version))}>
        {saved !== undefined && <FormMessage tone="info">{t('settings.saved', { version: saved })}</FormMessage>}
        {!conflict && <FormProblem problem={save.problem} />}
        {id === 'storefront' && (
          <p className="text-sm">
            {t('settings.publishableKey')}: {baseline.storefront?.publishableKey ? t('settings.keySet', { last4: baseline.storefront.publishableKey.slice(-4) }) : t('settings.keyNotSet')}
          </p>
        )}
        {id === 'payments' && (
          <p className="text-sm">
            {t('settings.providerCredentials')}: {t('settings.credentialsNote')}
          </p>
        )}
        <fieldset disabled={readOnly} className="grid grid-cols-1 gap-3 md:grid-cols-2">
          {specs.map((spec) => (
            <SettingInput key={spec.name} spec={spec} form={form} readOnly={readOnly} />
          ))}
        </fieldset>
        {!readOnly && (
          <div>
            <Button type="submit" disabled={save.isPending}>
              {t('edit.save')}
            </Button>
          </div>
        )}
      </form>
      {theirs && (
        <ConflictDialog
          open
          busy={save.isPending}
          onOpenChange={(open) => !open && save.clearProblem()}
          fields={changed.map((spec) => ({ label: t(spec.label), theirs: shown(formValue(spec, valueOf(theirs, spec))), yours: shown(form.getValues(spec.name)) }))}
          labels={conflictLabels(whoChanged(conflict.changed, theirs.version, config.timeZone))}
          onReload={() => {
            queryClient.setQueryData(SETTINGS_QUERY, theirs);
            applyShopTimeZone(config, theirs.timeZone);
            setBaseline(theirs);
            form.reset(toForm(theirs, specs));
            save.clearProblem();
          }}
          onReapply={() => {
            queryClient.setQueryData(SETTINGS_QUERY, theirs);
            setBaseline(theirs);
            send(theirs.version);
          }}
        />
      )}
    </Card>
  );
}

function SettingsPage() {
  const { api, config, roles } = routeApi.useRouteContext();
  const query = useQuery({ queryKey: SETTINGS_QUERY, queryFn: async () => unwrap(await api.GET('/settings')) });
  const readOnly = !may(roles, 'settings.write');
  const zone = config.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">{t('settings.title')}</h1>
      {query.isPending ? (
        <LoadingRows label={t('common.loading')} />
      ) : query.isError ? (
        <ErrorState title={t('common.loadFailed')} message={query.error.message} onRetry={() => void query.refetch()} retryLabel={t('common.retry')} />
      ) : (
        <>
          <p className="mb-4 text-sm text-gray-700 dark:text-gray-300">
            {t('settings.version', { version: query.data.version })} · {t('settings.datesIn', { zone })}
          </p>
          {readOnly && <FormMessage tone="info">{t('settings.readOnly')}</FormMessage>}
          <div className="flex max-w-4xl flex-col gap-4">
            {SECTIONS.map((section) => (
              <SettingsSection key={section.id} section={section} settings={query.data} readOnly={readOnly} />
            ))}
          </div>
        </>
      )}
    </>
  );
}

export const route = createLazyRoute('/app/settings')({ component: SettingsPage });

/** "X saved version N at <time in the shop's zone>", as the product editor says it; just the version when the 409 names no time. */
function whoChanged(changed: { by?: string; at?: string }, version: number, timeZone: string | undefined): string {
  return changed.at ? t('conflict.who', { by: changed.by ?? '?', version, at: formatDateTime(changed.at, timeZone) }) : t('settings.version', { version });
}
