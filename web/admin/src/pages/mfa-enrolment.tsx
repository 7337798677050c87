/**
 * The sign-in's TOTP enrolment step, for staff who must have a second factor
 * (`STAFF_MFA_REQUIRED`) and have none: the sign-in's 403 `mfa_enrolment_required` gave a ticket
 * (`enrolmentToken`, no bearer token) that opens POST /auth/mfa-enrolment (the secret and its
 * otpauth URI, shown as text to type or paste into an authenticator app) and its /confirm (a code of
 * the secret). Then the person signs in with the next code: each code is good once, the confirming
 * one included.
 */
import { useMutation } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { ApiError } from '../../../shared/api/errors';
import { authFlows } from '../../../shared/session';
import { Button } from '../../../shared/ui/button';
import { Field, Input } from '../../../shared/ui/field';
import type { AppContext } from '../app';
import { t } from '../strings';
import { FormMessage, showFieldErrors } from './auth-layout';

export function MfaEnrolment({ tenant, enrolmentToken, onEnrolled }: { tenant: string; enrolmentToken: string; onEnrolled: () => void }) {
  const { config } = useRouter().options.context as AppContext;
  const flows = authFlows(config.apiUrl);
  const form = useForm<{ code: string }>({ defaultValues: { code: '' } });
  const expired = (error: unknown) => error instanceof ApiError && error.status === 401;
  const start = useMutation({ mutationFn: () => flows.startMfaEnrolment({ tenant, enrolmentToken }) });
  const confirm = useMutation({
    mutationFn: ({ code }: { code: string }) => flows.confirmMfaEnrolment({ tenant, enrolmentToken, code: code.trim() }),
    onSuccess: onEnrolled,
    onError: (error) => {
      if (error instanceof ApiError && error.reason === 'invalid_code') form.setError('code', { message: t('signIn.mfaWrong') });
      else if (!expired(error)) form.setError('code', { message: showFieldErrors(error, ['code'], form.setError) ?? t('edit.failed') });
    },
  });
  const failed = start.error ?? confirm.error;
  const setup = start.data;
  return (
    <section aria-labelledby="enrol-title" className="flex flex-col gap-4">
      <h2 id="enrol-title" className="text-lg font-semibold">
        {t('signIn.enrolTitle')}
      </h2>
      <p className="text-sm">{t('signIn.enrolIntro')}</p>
      {failed && expired(failed) && <FormMessage tone="error">{t('signIn.enrolExpired')}</FormMessage>}
      {start.error && !expired(start.error) && <FormMessage tone="error">{start.error.message}</FormMessage>}
      {!setup ? (
        <Button onClick={() => start.mutate()} disabled={start.isPending}>
          {t('signIn.enrolStart')}
        </Button>
      ) : (
        <form noValidate className="flex flex-col gap-4" onSubmit={form.handleSubmit((values) => confirm.mutate(values))}>
          <dl className="flex flex-col gap-2 text-sm">
            <dt className="font-medium">{t('signIn.enrolSecret')}</dt>
            <dd className="font-mono break-all" data-testid="totp-secret">
              {setup.secret}
            </dd>
            <dt className="font-medium">{t('signIn.enrolUri')}</dt>
            <dd className="font-mono break-all">
              <a href={setup.otpauthUri} className="text-blue-800 underline dark:text-blue-300">
                {setup.otpauthUri}
              </a>
            </dd>
          </dl>
          <Field label={t('signIn.mfaCode')} hint={t('signIn.mfaHint')} error={form.formState.errors.code?.message}>
            {(control) => <Input {...control} inputMode="numeric" autoComplete="one-time-code" {...form.register('code', { required: t('signIn.required') })} />}
          </Field>
          <Button type="submit" disabled={confirm.isPending}>
            {t('signIn.enrolConfirm')}
          </Button>
        </form>
      )}
    </section>
  );
}
