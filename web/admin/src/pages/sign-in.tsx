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
import { MfaEnrolment } from './mfa-enrolment';

const api = getRouteApi('/sign-in');
const FIELDS = ['tenant', 'email', 'password', 'mfaCode'] as const;

function SignIn() {
  const { session } = api.useRouteContext();
  const search = api.useSearch();
  const router = useRouter();
  const [askMfa, setAskMfa] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string }>();
  // A 403 mfa_enrolment_required: the ticket of the enrolment step (staff who must have TOTP).
  const [enrolment, setEnrolment] = useState<{ tenant: string; token: string }>();
  const form = useForm<SignInRequest>({ defaultValues: { tenant: search.tenant ?? '', email: '', password: '', mfaCode: '' } });
  const signIn = useMutation({
    mutationFn: (values: SignInRequest) => session.signIn({ ...values, mfaCode: values.mfaCode || undefined }),
    onSuccess: () => router.history.push(safeReturn(search.redirect)),
    onError: (error, values) => {
      if (error instanceof ApiError && error.reason === 'mfa_required') {
        // The password was right; a code was sent: it was wrong or used already.
        if (values.mfaCode) form.setError('mfaCode', { message: t('signIn.mfaWrong') });
        else setMessage({ tone: 'info', text: t('signIn.mfaRequired') });
        setAskMfa(true);
      } else if (error instanceof ApiError && error.reason === 'mfa_enrolment_required' && error.body.enrolmentToken) {
        setEnrolment({ tenant: values.tenant, token: error.body.enrolmentToken });
      } else if (error instanceof ApiError && error.status === 401) setMessage({ tone: 'error', text: t('signIn.invalid') });
      else {
        const text = showFieldErrors(error, FIELDS, form.setError);
        setMessage(text ? { tone: 'error', text } : undefined);
      }
    },
  });
  const required = { required: t('signIn.required') };
  const { errors } = form.formState;
  if (enrolment) {
    return (
      <AuthLayout title={t('signIn.title')} back={false}>
        <MfaEnrolment
          tenant={enrolment.tenant}
          enrolmentToken={enrolment.token}
          onEnrolled={() => {
            setEnrolment(undefined);
            setAskMfa(true);
            form.setValue('mfaCode', '');
            setMessage({ tone: 'info', text: t('signIn.enrolled') });
          }}
        />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t('signIn.title')} back={false}>
      <form noValidate className="flex flex-col gap-4" onSubmit={form.handleSubmit((values) => (setMessage(undefined), signIn.mutate(values)))}>
        {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
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
