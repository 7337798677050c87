/**
 * The signed-out flows of the identity contract besides sign-in: forgot password (always 202, so
 * it never tells whether an account exists), reset password and accept an invitation (204, or 400
 * `invalid_code`). An invitation or reset link may carry tenant, email and code in its search.
 */
import { useMutation } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiError } from '../../../shared/api/errors';
import { authFlows } from '../../../shared/session';
import { Button } from '../../../shared/ui/button';
import { Field, Input } from '../../../shared/ui/field';
import { t, type Strings } from '../strings';
import { AuthLayout, FormMessage, showFieldErrors } from './auth-layout';

type Flow = ReturnType<typeof authFlows>;
interface FieldSpec {
  name: 'tenant' | 'email' | 'code' | 'password' | 'newPassword';
  label: keyof Strings;
  type?: string;
  autoComplete: string;
}

const TENANT: FieldSpec = { name: 'tenant', label: 'signIn.tenant', autoComplete: 'organization' };
const EMAIL: FieldSpec = { name: 'email', label: 'signIn.email', type: 'email', autoComplete: 'username' };

function AuthForm({ from, title, fields, submit, call, done, next }: { from: '/forgot-password' | '/reset-password' | '/accept-invitation'; title: keyof Strings; fields: FieldSpec[]; submit: keyof Strings; call: (flow: Flow, values: Record<string, string>) => Promise<unknown>; done: keyof Strings; next?: '/reset-password' }) {
  const route = getRouteApi(from);
  const { config } = route.useRouteContext();
  const search = route.useSearch();
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string }>();
  const form = useForm<Record<string, string>>({ defaultValues: Object.fromEntries(fields.map((f) => [f.name, (search as Record<string, string | undefined>)[f.name] ?? ''])) });
  const names = fields.map((f) => f.name);
  const action = useMutation({
    mutationFn: (values: Record<string, string>) => call(authFlows(config.apiUrl), values),
    onSuccess: () => setMessage({ tone: 'info', text: t(done) }),
    onError: (error) => {
      if (error instanceof ApiError && error.reason === 'invalid_code') form.setError('code', { message: t('reset.invalidCode') });
      else setMessage({ tone: 'error', text: showFieldErrors(error, names, form.setError) ?? '' });
    },
  });
  return (
    <AuthLayout title={t(title)}>
      <form noValidate className="flex flex-col gap-4" onSubmit={form.handleSubmit((values) => (setMessage(undefined), action.mutate(values)))}>
        {message?.text && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
        {fields.map((spec) => (
          <Field key={spec.name} label={t(spec.label)} error={form.formState.errors[spec.name]?.message}>
            {(control) => <Input {...control} type={spec.type ?? 'text'} autoComplete={spec.autoComplete} {...form.register(spec.name, { required: t('signIn.required') })} />}
          </Field>
        ))}
        <Button type="submit" disabled={action.isPending}>
          {t(submit)}
        </Button>
        {action.isSuccess &&
          (next ? (
            <Link to={next} search={{ tenant: form.getValues('tenant'), email: form.getValues('email') }} className="text-sm text-blue-800 underline dark:text-blue-300">
              {t('reset.title')}
            </Link>
          ) : (
            <Link to="/sign-in" search={{ tenant: form.getValues('tenant') }} className="text-sm text-blue-800 underline dark:text-blue-300">
              {t('signIn.submit')}
            </Link>
          ))}
      </form>
    </AuthLayout>
  );
}

export const forgotRoute = createLazyRoute('/forgot-password')({
  component: () => <AuthForm from="/forgot-password" title="forgot.title" fields={[TENANT, EMAIL]} submit="forgot.submit" call={(flow, v) => flow.forgotPassword({ tenant: v.tenant, email: v.email })} done="forgot.sent" next="/reset-password" />,
});

export const resetRoute = createLazyRoute('/reset-password')({
  component: () => (
    <AuthForm
      from="/reset-password"
      title="reset.title"
      fields={[TENANT, EMAIL, { name: 'code', label: 'reset.code', autoComplete: 'one-time-code' }, { name: 'newPassword', label: 'reset.newPassword', type: 'password', autoComplete: 'new-password' }]}
      submit="reset.submit"
      call={(flow, v) => flow.resetPassword({ tenant: v.tenant, email: v.email, code: v.code, newPassword: v.newPassword })}
      done="reset.done"
    />
  ),
});

export const inviteRoute = createLazyRoute('/accept-invitation')({
  component: () => (
    <AuthForm
      from="/accept-invitation"
      title="invite.title"
      fields={[TENANT, EMAIL, { name: 'code', label: 'invite.code', autoComplete: 'one-time-code' }, { name: 'password', label: 'invite.password', type: 'password', autoComplete: 'new-password' }]}
      submit="invite.submit"
      call={(flow, v) => flow.acceptInvitation({ tenant: v.tenant, email: v.email, code: v.code, password: v.password })}
      done="invite.done"
    />
  ),
});
