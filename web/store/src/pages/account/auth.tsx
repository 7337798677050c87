/**
 * Signed-out account pages: sign in (then the guest cart merges into the customer's), sign up,
 * verify the mailed code, forgot and reset the password. All against the shop this storefront
 * sells for (its tenant), through the `storefront` client.
 */
import { useMutation } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { ApiError, fieldErrors } from '../../../../shared/api/errors';
import { authFlows } from '../../../../shared/session';
import { Button } from '../../../../shared/ui/button';
import { Field, Input } from '../../../../shared/ui/field';
import { errorText } from '../../error-text';
import { mergeGuestCart, useStore } from '../../shopping-cart';
import { t } from '../../strings';

const linkClass = 'text-sm text-blue-800 underline dark:text-blue-300';

function AuthForm({ title, notice, error, submit, busy, onSubmit, children, links }: { title: string; notice?: string; error?: string; submit: string; busy: boolean; onSubmit: (data: Record<string, string>) => void; children: ReactNode; links?: ReactNode }) {
  return (
    <div className="mx-auto flex max-w-md flex-col gap-4">
      <h1 className="text-2xl font-semibold">{title}</h1>
      {notice && (
        <p role="status" className="rounded-md bg-green-50 p-3 text-green-950 dark:bg-green-950 dark:text-green-100">
          {notice}
        </p>
      )}
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit(Object.fromEntries([...new FormData(event.currentTarget)].map(([k, v]) => [k, String(v).trim()])));
        }}
      >
        {error && (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-red-900 dark:bg-red-950 dark:text-red-100">
            {error}
          </p>
        )}
        {children}
        <Button type="submit" disabled={busy}>
          {submit}
        </Button>
      </form>
      {links && <div className="flex flex-col gap-2">{links}</div>}
    </div>
  );
}

/** A text input wired to its label, with the API's problem for this field. */
function TextField({ name, label, type = 'text', autoComplete, problems, defaultValue, hint }: { name: string; label: string; type?: string; autoComplete?: string; problems: Record<string, string>; defaultValue?: string; hint?: string }) {
  return (
    <Field label={label} error={problems[name]} hint={hint}>
      {(control) => <Input {...control} name={name} type={type} autoComplete={autoComplete} defaultValue={defaultValue} required />}
    </Field>
  );
}

const useFlows = () => authFlows(useStore().config.apiUrl);

export function SignIn({ notice }: { notice?: string }) {
  const { session, api, shop, queryClient } = useStore();
  const [error, setError] = useState<string>();
  const signIn = useMutation({
    mutationFn: async (data: Record<string, string>) => {
      await session.signIn({ tenant: shop.tenant, email: data.email, password: data.password });
      await mergeGuestCart(api, shop.tenant);
      await queryClient.invalidateQueries({ queryKey: ['cart'] });
    },
    onError: (e) => setError(e instanceof ApiError && e.status === 401 ? t('account.invalid') : errorText(e)),
  });
  return (
    <AuthForm
      title={t('account.signInTitle')}
      notice={notice}
      error={error}
      submit={t('account.signIn')}
      busy={signIn.isPending}
      onSubmit={(data) => (setError(undefined), signIn.mutate(data))}
      links={
        <>
          <Link to="/account/forgot" className={linkClass}>
            {t('account.forgot')}
          </Link>
          <Link to="/account/sign-up" className={linkClass}>
            {t('account.noAccount')}
          </Link>
        </>
      }
    >
      <TextField name="email" type="email" autoComplete="username" label={t('account.email')} problems={{}} />
      <TextField name="password" type="password" autoComplete="current-password" label={t('account.password')} problems={{}} />
    </AuthForm>
  );
}

function SignUp() {
  const { shop } = useStore();
  const flows = useFlows();
  const navigate = useNavigate();
  const signUp = useMutation({
    mutationFn: (data: Record<string, string>) => flows.signUp({ tenant: shop.tenant, email: data.email, password: data.password, name: data.name || undefined }),
    onSuccess: (_, data) => void navigate({ to: '/account/verify', search: { email: data.email } }),
  });
  const problems = fieldErrors(signUp.error);
  return (
    <AuthForm
      title={t('account.signUpTitle')}
      error={signUp.error && !Object.keys(problems).length ? errorText(signUp.error) : undefined}
      submit={t('account.signUp')}
      busy={signUp.isPending}
      onSubmit={(data) => signUp.mutate(data)}
      links={
        <Link to="/account" className={linkClass}>
          {t('account.haveAccount')}
        </Link>
      }
    >
      <TextField name="name" autoComplete="name" label={t('account.name')} problems={problems} />
      <TextField name="email" type="email" autoComplete="email" label={t('account.email')} problems={problems} />
      <TextField name="password" type="password" autoComplete="new-password" label={t('account.password')} hint={t('account.passwordHint')} problems={problems} />
    </AuthForm>
  );
}

function Verify() {
  const { shop } = useStore();
  const { email } = getRouteApi('/account/verify').useSearch();
  const flows = useFlows();
  const verify = useMutation({ mutationFn: (data: Record<string, string>) => flows.verifyEmail({ tenant: shop.tenant, email: data.email, code: data.code }) });
  if (verify.isSuccess) return <SignIn notice={t('account.verified')} />;
  const problems = fieldErrors(verify.error);
  return (
    <AuthForm title={t('account.verifyTitle')} notice={email ? t('account.verifyHint', { email }) : undefined} error={verify.error && !Object.keys(problems).length ? errorText(verify.error) : undefined} submit={t('account.verify')} busy={verify.isPending} onSubmit={(data) => verify.mutate(data)}>
      <TextField name="email" type="email" autoComplete="email" label={t('account.email')} defaultValue={email} problems={problems} />
      <TextField name="code" autoComplete="one-time-code" label={t('account.code')} problems={problems} />
    </AuthForm>
  );
}

function Forgot() {
  const { shop } = useStore();
  const flows = useFlows();
  const navigate = useNavigate();
  const forgot = useMutation({
    mutationFn: (data: Record<string, string>) => flows.forgotPassword({ tenant: shop.tenant, email: data.email }),
    onSuccess: (_, data) => void navigate({ to: '/account/reset', search: { email: data.email } }),
  });
  const problems = fieldErrors(forgot.error);
  return (
    <AuthForm title={t('account.forgotTitle')} error={forgot.error && !Object.keys(problems).length ? errorText(forgot.error) : undefined} submit={t('account.sendCode')} busy={forgot.isPending} onSubmit={(data) => forgot.mutate(data)}>
      <TextField name="email" type="email" autoComplete="email" label={t('account.email')} problems={problems} />
    </AuthForm>
  );
}

function Reset() {
  const { shop } = useStore();
  const { email } = getRouteApi('/account/reset').useSearch();
  const flows = useFlows();
  const reset = useMutation({ mutationFn: (data: Record<string, string>) => flows.resetPassword({ tenant: shop.tenant, email: data.email, code: data.code, newPassword: data.newPassword }) });
  if (reset.isSuccess) return <SignIn notice={t('account.resetDone')} />;
  const problems = fieldErrors(reset.error);
  return (
    <AuthForm title={t('account.resetTitle')} notice={email ? t('account.verifyHint', { email }) : undefined} error={reset.error && !Object.keys(problems).length ? errorText(reset.error) : undefined} submit={t('account.reset')} busy={reset.isPending} onSubmit={(data) => reset.mutate(data)}>
      <TextField name="email" type="email" autoComplete="email" label={t('account.email')} defaultValue={email} problems={problems} />
      <TextField name="code" autoComplete="one-time-code" label={t('account.code')} problems={problems} />
      <TextField name="newPassword" type="password" autoComplete="new-password" label={t('account.newPassword')} hint={t('account.passwordHint')} problems={problems} />
    </AuthForm>
  );
}

export const signUpRoute = createLazyRoute('/account/sign-up')({ component: SignUp });
export const verifyRoute = createLazyRoute('/account/verify')({ component: Verify });
export const forgotRoute = createLazyRoute('/account/forgot')({ component: Forgot });
export const resetRoute = createLazyRoute('/account/reset')({ component: Reset });
