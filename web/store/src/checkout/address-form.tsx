/**
 * The shipping address: a new one (country and region), or — signed in — one of the address book,
 * sent by its id so the API copies the book's version. The API's 400 `fields`
 * (`shippingAddress.postalCode`) show next to their inputs.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { fieldErrors } from '../../../shared/api/errors';
import { Button } from '../../../shared/ui/button';
import { Field, Input } from '../../../shared/ui/field';
import { t } from '../strings';
import { useStore } from './cart-api';

export type AddressChoice = { shippingAddressId: string } | { shippingAddress: Schemas['AddressDto'] };

const COUNTRIES = ['US', 'CA', 'GB', 'IE', 'DE', 'FR', 'NL', 'BE', 'ES', 'IT', 'AT', 'SE', 'DK', 'PL', 'PT', 'CH', 'AU', 'NZ', 'JP'];
const selectClass = 'min-h-10 w-full rounded-md border border-gray-400 bg-white px-3 text-sm text-gray-900 dark:border-gray-500 dark:bg-gray-900 dark:text-gray-100';

export function AddressForm({ current, signedIn, error, pending, onSubmit }: { current?: Schemas['AddressDto']; signedIn: boolean; error: unknown; pending: boolean; onSubmit: (choice: AddressChoice) => void }) {
  const { api } = useStore();
  const book = useQuery({ queryKey: ['me', 'addresses'], enabled: signedIn, queryFn: async () => unwrap(await api.GET('/me/addresses')) });
  const saved = book.data?.items ?? [];
  const [picked, setPicked] = useState<string>('new');
  const errors = fieldErrors(error);
  const names = new Intl.DisplayNames([navigator.language], { type: 'region' });
  const countries = [...new Set([...(current ? [current.country] : []), ...COUNTRIES])];
  const text = (name: keyof Schemas['AddressDto'], label: string, options: { required?: boolean; autoComplete?: string; hint?: string } = {}) => (
    <Field label={label} error={errors[`shippingAddress.${name}`]} hint={options.hint}>
      {(control) => <Input {...control} name={name} required={options.required ?? true} autoComplete={options.autoComplete} defaultValue={current?.[name] ?? ''} />}
    </Field>
  );
  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (picked !== 'new') return onSubmit({ shippingAddressId: picked });
        const form = new FormData(event.currentTarget);
        const value = (name: string) => String(form.get(name) ?? '').trim();
        const address: Schemas['AddressDto'] = { name: value('name'), line1: value('line1'), city: value('city'), postalCode: value('postalCode'), country: value('country') };
        if (value('line2')) address.line2 = value('line2');
        if (value('region')) address.region = value('region').toUpperCase();
        onSubmit({ shippingAddress: address });
      }}
    >
      {saved.length > 0 && (
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">{t('checkout.fromBook')}</legend>
          {[...saved.map((a) => ({ id: a.id, label: [a.name, a.line1, a.city, a.country].join(', ') })), { id: 'new', label: t('checkout.newAddress') }].map((option) => (
            <label key={option.id} className="flex items-center gap-2 text-sm">
              <input type="radio" name="book" value={option.id} checked={picked === option.id} onChange={() => setPicked(option.id)} />
              {option.label}
            </label>
          ))}
          {errors.shippingAddressId && <p className="text-sm text-red-700 dark:text-red-300">{errors.shippingAddressId}</p>}
        </fieldset>
      )}
      {picked === 'new' && (
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">{text('name', t('checkout.name'), { autoComplete: 'name' })}</div>
          <div className="sm:col-span-2">{text('line1', t('checkout.line1'), { autoComplete: 'address-line1' })}</div>
          <div className="sm:col-span-2">{text('line2', t('checkout.line2'), { required: false, autoComplete: 'address-line2' })}</div>
          {text('city', t('checkout.city'), { autoComplete: 'address-level2' })}
          {text('postalCode', t('checkout.postalCode'), { autoComplete: 'postal-code' })}
          <Field label={t('checkout.country')} error={errors['shippingAddress.country']}>
            {({ invalid, ...control }) => (
              <select {...control} aria-invalid={invalid || undefined} name="country" autoComplete="country" defaultValue={current?.country ?? 'US'} className={selectClass}>
                {countries.map((code) => (
                  <option key={code} value={code}>
                    {names.of(code) ?? code}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text('region', t('checkout.region'), { required: false, autoComplete: 'address-level1', hint: t('checkout.regionHint') })}
        </div>
      )}
      <div>
        <Button type="submit" disabled={pending}>
          {t('checkout.continue')}
        </Button>
      </div>
    </form>
  );
}
