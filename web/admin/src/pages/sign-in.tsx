import { useMutation } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiError } from '../../../shared/api/errors';
import type { SignInRequest } from '../../../shared/session';
import { Button } from '../../../shared/ui/button';
import { Field, Input } from '../../../shared/ui/field';
import { safeReturn } from '../app';
import { t } from '../strings';
import { AuthLayout, FormMessage, showFieldErrors } from './auth-layout';

const api = getRouteApi('/sign-in');
const FIELDS = ['tenant', 'email', 'password', 'mfaCode'] as const;

function SignIn() {
  const { session } = api.useRouteContext();
  const search = api.useSearch();
  const router = useRouter();
  const [askMfa, setAskMfa] = useState(false);
  const [message, setMessage] = useState<string>();
  const form = useForm<SignInRequest>({ defaultValues: { tenant: search.tenant ?? '', email: '', password: '', mfaCode: '' } });
  const signIn = useMutation({
    mutationFn: (values: SignInRequest) => session.signIn({ ...values, mfaCode: values.mfaCode || undefined }),
    onSuccess: () => router.history.push(safeReturn(search.redirect)),
    onError: (error) => {
      if (error instanceof ApiError && error.reason === 'mfa_required') {
        setAskMfa(true);
        setMessage(t('signIn.mfaRequired'));
      } else if (error instanceof ApiError && error.status === 401) setMessage(t('signIn.invalid'));
      else setMessage(showFieldErrors(error, FIELDS, form.setError));
    },
  });
  const required = { required: t('signIn.required') };
  const { errors } = form.formState;
  return (
    <AuthLayout title={t('signIn.title')} back={false}>
      <form noValidate className="flex flex-col gap-4" onSubmit={form.handleSubmit((values) => (setMessage(undefined), signIn.mutate(values)))}>
        {message && <FormMessage tone="error">{message}</FormMessage>}
        <Field label={t('signIn.tenant')} error={errors.tenant?.message}>
          {(control) => <Input {...control} autoComplete="organization" {...form.register('tenant', required)} />}
        </Field>
        <Field label={t('signIn.email')} error={errors.email?.message}>
          {(control) => <Input {...control} type="email" autoComplete="username" {...form.register('email', required)} />}
        </Field>
        <Field label={t('signIn.password')} error={errors.password?.message}>
          {(control) => <Input {...control} type="password" autoComplete="current-password" {...form.register('password', required)} />}
        </Field>
        {askMfa && (
          <Field label={t('signIn.mfaCode')} hint={t('signIn.mfaHint')} error={errors.mfaCode?.message}>
            {(control) => <Input {...control} inputMode="numeric" autoComplete="one-time-code" autoFocus {...form.register('mfaCode', required)} />}
          </Field>
        )}
        <Button type="submit" disabled={signIn.isPending}>
          {t('signIn.submit')}
        </Button>
        <Link to="/forgot-password" search={{ tenant: form.watch('tenant') || undefined }} className="text-sm text-blue-800 underline dark:text-blue-300">
          {t('signIn.forgot')}
        </Link>
      </form>
    </AuthLayout>
  );
}

export const route = createLazyRoute('/sign-in')({ component: SignIn });
