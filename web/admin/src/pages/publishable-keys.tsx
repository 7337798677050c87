/**
 * Publishable keys (the storefront's `x-publishable-key`): the list (cursor-paged in the URL),
 * create (the key in full is in that one answer: shown once, with a copy button and a warning),
 * revoke (the key is refused from then on).
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { useAction } from '../../../shared/api/use-action';
import { formatDateTime } from '../../../shared/format';
import { Badge } from '../../../shared/ui/badge';
import { Button } from '../../../shared/ui/button';
import { DataTable } from '../../../shared/ui/data-table';
import { Dialog } from '../../../shared/ui/dialog';
import { Field, Input } from '../../../shared/ui/field';
import { useToast } from '../../../shared/ui/toast';
import { ActiveBadge, FormProblem, useFormAction } from '../edit-form';
import { ListPage } from '../list-page';
import { t } from '../strings';
import { FormMessage } from './auth-layout';

const routeApi = getRouteApi('/app/publishable-keys');
type Key = Schemas['PublishableKey'];

function NewKey({ onClose }: { onClose: () => void }) {
  const { api } = routeApi.useRouteContext();
  const queryClient = useQueryClient();
  const form = useForm<{ label: string }>({ defaultValues: { label: '' } });
  const [created, setCreated] = useState<Schemas['CreatedPublishableKey']>();
  const [copied, setCopied] = useState(false);
  const create = useFormAction(
    form,
    ['label'],
    async ({ variables, idempotencyKey }: { variables: { label: string }; idempotencyKey: string }) => unwrap(await api.POST('/publishable-keys', { headers: { 'Idempotency-Key': idempotencyKey }, body: variables })),
    (key) => {
      setCreated(key);
      void queryClient.invalidateQueries({ queryKey: ['publishable-keys'] });
    },
  );
  const copy = async () => {
    await navigator.clipboard.writeText(created!.key);
    setCopied(true);
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t('keys.new')}>
      {created ? (
        <div className="flex flex-col gap-3">
          <FormMessage tone="error">{t('keys.onceWarning')}</FormMessage>
          <Field label={t('keys.theKey')}>{(control) => <Input {...control} readOnly value={created.key} className="font-mono" onFocus={(e) => e.currentTarget.select()} />}</Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => void copy()}>
              {copied ? t('keys.copied') : t('keys.copy')}
            </Button>
            <Button onClick={onClose}>{t('keys.done')}</Button>
          </div>
        </div>
      ) : (
        <form noValidate className="flex flex-col gap-3" onSubmit={form.handleSubmit((values) => create.act(values))}>
          <FormProblem problem={create.problem} />
          <Field label={t('keys.label')} hint={t('keys.labelHint')} error={form.formState.errors.label?.message}>
            {(control) => <Input {...control} {...form.register('label', { required: t('edit.required') })} />}
          </Field>
          <div className="mt-2 flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {t('edit.cancel')}
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {t('keys.create')}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function PublishableKeys() {
  const { api, config } = routeApi.useRouteContext();
  const search = routeApi.useSearch();
  const navigate = useNavigate({ from: '/publishable-keys' });
  const queryClient = useQueryClient();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Key>();
  const query = useQuery({ queryKey: ['publishable-keys', search.cursor], queryFn: async () => unwrap(await api.GET('/publishable-keys', { params: { query: { cursor: search.cursor } } })), placeholderData: keepPreviousData });
  const revoke = useAction(async ({ variables, idempotencyKey }: { variables: Key; idempotencyKey: string }) => unwrap(await api.DELETE('/publishable-keys/{id}', { params: { path: { id: variables.id } }, headers: { 'Idempotency-Key': idempotencyKey } })), {
    onSuccess: (key) => {
      setRevoking(undefined);
      toast({ title: t('keys.revoked', { label: key.label }), tone: 'info' });
      void queryClient.invalidateQueries({ queryKey: ['publishable-keys'] });
    },
    onError: (error) => toast({ title: t('edit.failed'), description: error.message, tone: 'error' }),
  });
  const when = (iso: string) => formatDateTime(iso, config.timeZone);
  return (
    <>
      <ListPage title={t('nav.publishableKeys')} query={query} search={search} go={(next) => void navigate({ search: next })} empty={t('keys.empty')} filters={<Button onClick={() => setCreating(true)}>{t('keys.new')}</Button>}>
        {(page) => (
          <DataTable
            label={t('nav.publishableKeys')}
            rows={page.items}
            rowKey={(key) => key.id}
            columns={[
              { header: t('keys.label'), className: 'font-medium', cell: (key) => key.label },
              { header: t('keys.endsWith'), className: 'font-mono', cell: (key) => `…${key.last4}` },
              { header: t('coupons.state'), cell: (key) => (key.active ? <ActiveBadge active /> : <Badge>{t('keys.revokedAt', { at: key.revokedAt ? when(key.revokedAt) : '' })}</Badge>) },
              { header: t('keys.created'), className: 'whitespace-nowrap', cell: (key) => t('keys.createdBy', { at: when(key.createdAt), by: key.createdBy }) },
              {
                header: t('taxRates.actions'),
                cell: (key) =>
                  key.active && (
                    <Button variant="danger" aria-label={t('keys.revokeOne', { label: key.label })} onClick={() => setRevoking(key)}>
                      {t('keys.revoke')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </ListPage>
      {creating && <NewKey onClose={() => setCreating(false)} />}
      <Dialog
        open={Boolean(revoking)}
        onOpenChange={(open) => !open && setRevoking(undefined)}
        title={t('keys.revokeOne', { label: revoking?.label ?? '' })}
        description={t('keys.revokeHint')}
        actions={
          <>
            <Button variant="secondary" onClick={() => setRevoking(undefined)}>
              {t('edit.cancel')}
            </Button>
            <Button variant="danger" disabled={revoke.isPending} onClick={() => revoking && revoke.act(revoking)}>
              {t('keys.revoke')}
            </Button>
          </>
        }
      />
    </>
  );
}

export const route = createLazyRoute('/app/publishable-keys')({ component: PublishableKeys });
