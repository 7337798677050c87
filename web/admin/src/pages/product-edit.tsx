/**
 * Create or edit a product: name, description, categories, active, options and the variant matrix
 * (each combination of the options' values a variant with its SKU, price and compare-at price in
 * the shop's currency, weight, tax class, active). Saving sends the version the form was loaded at;
 * a 409 opens the ConflictDialog: who saved what and when, theirs beside yours, reload or re-apply.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useFieldArray, useForm, type UseFormReturn } from 'react-hook-form';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { ApiError, ConflictError, fieldErrors } from '../../../shared/api/errors';
import { useAction } from '../../../shared/api/use-action';
import { formatDateTime, moneyText, parseMoney } from '../../../shared/format';
import { Button } from '../../../shared/ui/button';
import { ConflictDialog, type ConflictField } from '../../../shared/ui/conflict-dialog';
import { Field, Input, Label } from '../../../shared/ui/field';
import { EmptyState, ErrorState, LoadingRows } from '../../../shared/ui/states';
import type { AppContext } from '../app';
import { conflictLabels } from '../edit-form';
import { may } from '../permissions';
import { t } from '../strings';
import { ProductImages } from './product-images';

type Product = Schemas['Product'];

interface VariantRow {
  sku: string;
  options: Record<string, string>;
  price: string;
  compareAt: string;
  weight: string;
  taxClass: string;
  active: boolean;
}

export interface ProductForm {
  code: string;
  name: string;
  description: string;
  active: boolean;
  currency: string;
  categoryCodes: string[];
  options: { name: string; values: string }[];
  variants: VariantRow[];
}

const splitValues = (text: string) => [...new Set(text.split(',').map((v) => v.trim()).filter(Boolean))];

/** The form's values of a product as the API has it (every amount as text in major units). */
function formOf(product: Product): ProductForm {
  const a = product.attributes;
  const currency = a.price.currency;
  return {
    code: product.code,
    name: product.name ?? '',
    description: a.description ?? '',
    active: a.active !== false,
    currency,
    categoryCodes: a.categoryCodes ?? [],
    options: (a.options ?? []).map((o) => ({ name: o.name, values: o.values.join(', ') })),
    variants: a.variants.map((v) => ({
      sku: v.sku,
      options: v.options ?? {},
      price: moneyText((v.price ?? a.price).amount, currency),
      compareAt: v.compareAtPrice ? moneyText(v.compareAtPrice.amount, currency) : '',
      weight: v.weightGrams === undefined ? '' : String(v.weightGrams),
      taxClass: v.taxClass ?? 'standard',
      active: v.active !== false,
    })),
  };
}

/** The version the form stands on: its values as loaded (what the user changed is measured from them), who saved it and when. */
interface Loaded {
  form: ProductForm;
  version: number;
  updatedAt: string;
  updatedBy: string;
}
const loadedOf = (product: Product): Loaded => ({ form: formOf(product), version: product.version, updatedAt: product.updatedAt, updatedBy: product.updatedBy ?? '' });

/** Every combination of the options' values, keeping the rows the form has for a combination already. */
export function variantMatrix(form: Pick<ProductForm, 'code' | 'options' | 'variants'>): VariantRow[] {
  const options = form.options.map((o) => ({ name: o.name.trim(), values: splitValues(o.values) })).filter((o) => o.name && o.values.length);
  let combos: Record<string, string>[] = [{}];
  for (const option of options) combos = combos.flatMap((combo) => option.values.map((value) => ({ ...combo, [option.name]: value })));
  const key = (o: Record<string, string>) => JSON.stringify(Object.entries(o).sort());
  const template = form.variants[0];
  return combos.map((combo) => {
    const kept = form.variants.find((v) => key(v.options) === key(combo));
    if (kept) return kept;
    const suffix = Object.values(combo).map((v) => v.toUpperCase().replace(/[^A-Z0-9]+/g, '')).join('-');
    return {
      sku: [form.code.toUpperCase() || 'SKU', suffix].filter(Boolean).join('-'),
      options: combo,
      price: template?.price ?? '',
      compareAt: '',
      weight: template?.weight ?? '',
      taxClass: template?.taxClass ?? 'standard',
      active: true,
    };
  });
}

/** The body the API takes, or the fields whose amount is not one of the currency (shown next to them). */
function bodyOf(values: ProductForm): { body?: Schemas['CreateProductDto']; problems: [string, string][] } {
  const problems: [string, string][] = [];
  const example = moneyText(1250, values.currency);
  const money = (text: string, field: string) => {
    const amount = parseMoney(text, values.currency);
    if (amount === undefined) problems.push([field, t('product.moneyInvalid', { example })]);
    return { amount: amount ?? 0, currency: values.currency };
  };
  const variants = values.variants.map((v, i) => ({
    sku: v.sku.trim(),
    options: v.options,
    price: money(v.price, `variants.${i}.price`),
    ...(v.compareAt.trim() ? { compareAtPrice: money(v.compareAt, `variants.${i}.compareAt`) } : {}),
    weightGrams: v.weight.trim() ? Number(v.weight) : 0,
    taxClass: v.taxClass.trim() || 'standard',
    active: v.active,
  }));
  if (problems.length) return { problems };
  const options = values.options.map((o) => ({ name: o.name.trim(), values: splitValues(o.values) })).filter((o) => o.name);
  const prices = variants.filter((v) => v.active).map((v) => v.price.amount);
  return {
    problems,
    body: {
      code: values.code.trim(),
      name: values.name.trim(),
      description: values.description,
      active: values.active,
      categoryCodes: values.categoryCodes,
      // The product's price is its lowest selling variant's ("from" price); each variant has its own.
      price: { amount: prices.length ? Math.min(...prices) : (variants[0]?.price.amount ?? 0), currency: values.currency },
      options,
      variants,
    },
  };
}

/** The API's 400 field paths onto the form's (`variants.0.price.amount` is the input `variants.0.price`). */
const formField = (apiField: string) => apiField.replace(/\.(amount|currency)$/, '').replace(/compareAtPrice$/, 'compareAt').replace(/weightGrams$/, 'weight');

/** What a conflict shows: each field the user changed from what they loaded, where the saved version differs from theirs. */
function conflictFields(loaded: ProductForm, mine: ProductForm, theirs: ProductForm): ConflictField[] {
  const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const fields: [string, (f: ProductForm) => unknown][] = [
    [t('product.name'), (f) => f.name],
    [t('product.description'), (f) => f.description],
    [t('product.active'), (f) => f.active],
    [t('product.categories'), (f) => f.categoryCodes.join(', ')],
    [t('product.options'), (f) => f.options.map((o) => `${o.name}: ${o.values}`).join('; ')],
    [t('product.variants'), (f) => f.variants.map((v) => `${v.sku} ${v.price}${v.compareAt ? ` (${v.compareAt})` : ''}${v.active ? '' : ' ×'}`).join('; ')],
  ];
  return fields
    .filter(([, of]) => show(of(mine)) !== show(of(loaded)) && show(of(theirs)) !== show(of(mine)))
    .map(([label, of]) => ({ label, theirs: show(of(theirs)), yours: show(of(mine)) }));
}

/** `readOnly`: the role may read the catalog but not change it (no catalog.write): the form is shown disabled, with no save. */
function ProductEditor({ product, currency, context, readOnly = false }: { product?: Product; currency: string; context: Pick<AppContext, 'api' | 'config'>; readOnly?: boolean }) {
  const { api, config } = context;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const blank: ProductForm = { code: '', name: '', description: '', active: true, currency, categoryCodes: [], options: [], variants: [{ sku: '', options: {}, price: '', compareAt: '', weight: '', taxClass: 'standard', active: true }] };
  const [loaded, setLoaded] = useState<Loaded | undefined>(product && loadedOf(product));
  const form = useForm<ProductForm>({ defaultValues: loaded?.form ?? blank });
  const [message, setMessage] = useState<{ tone: 'error' | 'ok'; text: string }>();
  const [conflict, setConflict] = useState<{ current: Product; mine: ProductForm; changed: ConflictError['changed'] }>();
  const categories = useQuery({ queryKey: ['categories', 'all'], queryFn: async () => unwrap(await api.GET('/categories', { params: { query: { limit: 100, sort: 'name' } } })), staleTime: 60_000 });

  const save = useAction(
    async ({ variables, idempotencyKey }: { variables: { body: Schemas['CreateProductDto']; version?: number }; idempotencyKey: string }) => {
      const headers = { 'Idempotency-Key': idempotencyKey };
      const { body, version } = variables;
      if (version === undefined) return unwrap(await api.POST('/products', { body, headers }));
      const { code: _code, ...change } = body;
      return unwrap(await api.PATCH('/products/{code}', { params: { path: { code: body.code } }, body: { ...change, expectedVersion: version }, headers }));
    },
    {
      onSuccess: (saved) => {
        const next = loadedOf(saved as Product);
        setLoaded(next);
        form.reset(next.form);
        setConflict(undefined);
        void queryClient.invalidateQueries({ queryKey: ['products'] });
        queryClient.setQueryData(['product', saved.code], saved);
        setMessage({ tone: 'ok', text: t('product.saved', { version: saved.version }) });
        if (!product) void navigate({ to: '/products/$code', params: { code: saved.code } });
      },
      onError: async (error) => {
        if (error instanceof ConflictError && product && loaded) {
          // The 409 names the version saved now: read it to say who changed what, and when.
          const current = unwrap(await api.GET('/products/{code}', { params: { path: { code: product.code } } }));
          setConflict({ current, mine: form.getValues(), changed: error.changed });
          return;
        }
        const fields = fieldErrors(error);
        for (const [field, problem] of Object.entries(fields)) form.setError(formField(field) as never, { message: problem });
        setMessage({ tone: 'error', text: Object.keys(fields).length ? t('product.fixFields') : error instanceof ApiError ? error.message : String(error) });
      },
    },
  );

  const submit = (values: ProductForm, version = loaded?.version) => {
    setMessage(undefined);
    const { body, problems } = bodyOf(values);
    for (const [field, problem] of problems) form.setError(field as never, { message: problem });
    if (!body) return setMessage({ tone: 'error', text: t('product.fixFields') });
    save.act({ body, version });
  };

  const theirs = conflict && formOf(conflict.current);
  return (
    <>
      <Link to="/products" search={{}} className="text-sm text-blue-800 underline dark:text-blue-300">
        ← {t('product.back')}
      </Link>
      <h1 className="mt-2 mb-2 text-2xl font-semibold">{product ? t('product.editTitle', { code: product.code }) : t('product.newTitle')}</h1>
      {product && loaded && (
        <p className="mb-4 text-sm text-gray-700 dark:text-gray-300">{t('product.version', { version: loaded.version, at: formatDateTime(loaded.updatedAt, config.timeZone), by: loaded.updatedBy })}</p>
      )}
      <form noValidate className="flex max-w-5xl flex-col gap-6" onSubmit={form.handleSubmit((values) => submit(values))}>
        {message && (
          <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-sm text-red-700 dark:text-red-300' : 'text-sm text-green-800 dark:text-green-300'}>
            {message.text}
          </p>
        )}
        {readOnly && <p className="text-sm text-gray-700 dark:text-gray-300">{t('product.readOnly')}</p>}
        {/* A disabled fieldset disables every input and button in it: nothing to change, nothing to press. */}
        <fieldset disabled={readOnly} className="contents">
          <Details form={form} isNew={!product} categories={categories.data?.items ?? []} />
          <Variants form={form} />
        </fieldset>
        {!readOnly && (
          <div>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? t('product.saving') : t('product.save')}
            </Button>
          </div>
        )}
      </form>
      {conflict && theirs && loaded && (
        <ConflictDialog
          open
          busy={save.isPending}
          onOpenChange={(open) => !open && setConflict(undefined)}
          fields={conflictFields(loaded.form, conflict.mine, theirs)}
          // The 409 itself says who wrote the version it met and when (the product read may lag behind it).
          labels={conflictLabels(t('conflict.who', { by: conflict.changed.by ?? conflict.current.updatedBy ?? '?', version: conflict.current.version, at: formatDateTime(conflict.changed.at ?? conflict.current.updatedAt, config.timeZone) }))}
          onReload={() => {
            setLoaded(loadedOf(conflict.current));
            form.reset(theirs);
            setConflict(undefined);
          }}
          onReapply={() => {
            setLoaded({ ...loadedOf(conflict.current), form: loaded.form });
            submit(conflict.mine, conflict.current.version);
          }}
        />
      )}
    </>
  );
}

function Details({ form, isNew, categories }: { form: UseFormReturn<ProductForm>; isNew: boolean; categories: { code: string; name?: string }[] }) {
  const { errors } = form.formState;
  const required = { required: t('signIn.required') };
  return (
    <section aria-label={t('product.details')} className="grid grid-cols-1 gap-4 md:grid-cols-2">
      <Field label={t('product.code')} error={errors.code?.message}>
        {(control) => <Input {...control} readOnly={!isNew} {...form.register('code', required)} />}
      </Field>
      <Field label={t('product.name')} error={errors.name?.message}>
        {(control) => <Input {...control} {...form.register('name', required)} />}
      </Field>
      <div className="md:col-span-2">
        <Field label={t('product.description')} error={errors.description?.message}>
          {(control) => (
            <textarea
              {...control}
              rows={3}
              className="w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-sm text-gray-900 dark:border-gray-500 dark:bg-gray-900 dark:text-gray-100"
              {...form.register('description')}
            />
          )}
        </Field>
      </div>
      <fieldset className="flex flex-col gap-1.5">
        <legend className="text-sm font-medium">{t('product.categories')}</legend>
        <div className="flex flex-wrap gap-3">
          {categories.map((c) => (
            <label key={c.code} className="inline-flex items-center gap-2 text-sm">
              <input type="checkbox" value={c.code} className="size-4" {...form.register('categoryCodes')} />
              {c.name ?? c.code}
            </label>
          ))}
        </div>
        {errors.categoryCodes && <p className="text-sm text-red-700 dark:text-red-300">{errors.categoryCodes.message}</p>}
      </fieldset>
      <label className="inline-flex items-center gap-2 self-end text-sm font-medium">
        <input type="checkbox" className="size-4" {...form.register('active')} />
        {t('product.active')}
      </label>
    </section>
  );
}

function Variants({ form }: { form: UseFormReturn<ProductForm> }) {
  const options = useFieldArray({ control: form.control, name: 'options' });
  const variants = useFieldArray({ control: form.control, name: 'variants' });
  const { errors } = form.formState;
  const currency = form.watch('currency');
  const rows = form.watch('variants');
  return (
    <>
      <section aria-labelledby="product-options" className="flex flex-col gap-3">
        <h2 id="product-options" className="text-lg font-semibold">
          {t('product.options')}
        </h2>
        {options.fields.map((field, i) => (
          <div key={field.id} className="grid grid-cols-1 items-end gap-3 sm:grid-cols-[1fr_2fr_auto]">
            <Field label={t('product.optionName', { n: i + 1 })} error={errors.options?.[i]?.name?.message}>
              {(control) => <Input {...control} {...form.register(`options.${i}.name`)} />}
            </Field>
            <Field label={t('product.optionValues', { n: i + 1 })} hint={t('product.optionValuesHint')}>
              {(control) => <Input {...control} {...form.register(`options.${i}.values`)} />}
            </Field>
            <Button variant="secondary" onClick={() => options.remove(i)}>
              {t('product.removeOption', { n: i + 1 })}
            </Button>
          </div>
        ))}
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => options.append({ name: '', values: '' })} disabled={options.fields.length >= 3}>
            {t('product.addOption')}
          </Button>
          <Button variant="secondary" onClick={() => variants.replace(variantMatrix(form.getValues()))}>
            {t('product.generate')}
          </Button>
        </div>
        {errors.options?.message && <p className="text-sm text-red-700 dark:text-red-300">{errors.options.message}</p>}
      </section>
      <section aria-labelledby="product-variants" className="flex flex-col gap-3">
        <h2 id="product-variants" className="text-lg font-semibold">
          {t('product.variants')}
        </h2>
        {variants.fields.map((field, i) => {
          const e = errors.variants?.[i];
          const combo = Object.entries(rows[i]?.options ?? {}).map(([k, v]) => `${k}: ${v}`).join(', ');
          return (
            <fieldset key={field.id} className="grid grid-cols-1 gap-3 rounded-lg border border-gray-200 p-3 sm:grid-cols-3 lg:grid-cols-6 dark:border-gray-700">
              <legend className="px-1 text-sm font-medium">
                {t('product.variant')} {i + 1}
                {combo && ` (${combo})`}
              </legend>
              <Field label={t('product.sku')} error={e?.sku?.message}>
                {(control) => <Input {...control} {...form.register(`variants.${i}.sku`)} />}
              </Field>
              <Field label={t('product.price', { currency })} error={e?.price?.message}>
                {(control) => <Input {...control} inputMode="decimal" {...form.register(`variants.${i}.price`)} />}
              </Field>
              <Field label={t('product.compareAt', { currency })} error={e?.compareAt?.message}>
                {(control) => <Input {...control} inputMode="decimal" {...form.register(`variants.${i}.compareAt`)} />}
              </Field>
              <Field label={t('product.weight')} error={e?.weight?.message}>
                {(control) => <Input {...control} inputMode="numeric" {...form.register(`variants.${i}.weight`)} />}
              </Field>
              <Field label={t('product.taxClass')} error={e?.taxClass?.message}>
                {(control) => <Input {...control} {...form.register(`variants.${i}.taxClass`)} />}
              </Field>
              <div className="flex items-end">
                <Label className="inline-flex min-h-10 items-center gap-2">
                  <input type="checkbox" className="size-4" {...form.register(`variants.${i}.active`)} />
                  {t('product.variantActive')}
                </Label>
              </div>
            </fieldset>
          );
        })}
        {errors.variants?.message && <p className="text-sm text-red-700 dark:text-red-300">{errors.variants.message}</p>}
      </section>
    </>
  );
}

const editApi = getRouteApi('/app/products/$code');

function EditProduct() {
  const context = editApi.useRouteContext();
  const { api, roles } = context;
  const editable = may(roles, 'catalog.write');
  const { code } = editApi.useParams();
  const product = useQuery({ queryKey: ['product', code], queryFn: async () => unwrap(await api.GET('/products/{code}', { params: { path: { code } } })) });
  if (product.isPending) return <LoadingRows label={t('common.loading')} rows={8} />;
  if (product.isError) {
    return product.error instanceof ApiError && product.error.status === 404 ? (
      <EmptyState title={t('product.notFound', { code })} />
    ) : (
      <ErrorState title={t('common.loadFailed')} message={product.error.message} onRetry={() => void product.refetch()} retryLabel={t('common.retry')} />
    );
  }
  return (
    <>
      <ProductEditor key={code} product={product.data} currency={product.data.attributes.price.currency} context={context} readOnly={!editable} />
      <ProductImages api={api} code={code} skus={product.data.attributes.variants.map((v) => v.sku)} editable={editable} />
    </>
  );
}

const newApi = getRouteApi('/app/products/new');

/** A new product is priced in the shop's currency: the API names it on every product (staff cannot read the tenant), so it is taken from one. */
function NewProduct() {
  const context = newApi.useRouteContext();
  const { api } = context;
  const sample = useQuery({ queryKey: ['products', 'currency'], queryFn: async () => unwrap(await api.GET('/products', { params: { query: { limit: 1 } } })) });
  if (sample.isPending) return <LoadingRows label={t('common.loading')} rows={4} />;
  return <ProductEditor currency={sample.data?.items[0]?.attributes.price.currency ?? 'USD'} context={context} />;
}

export const editRoute = createLazyRoute('/app/products/$code')({ component: EditProduct });
export const newRoute = createLazyRoute('/app/products/new')({ component: NewProduct });
