/**
 * Staff (the owner's): the accounts (cursor-paged in the URL), invite by email with roles, change
 * roles, disable and enable. The list is read from a table the stream fills, so a change's answer
 * goes into the shown page at once: the next change then sends the version just made.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm, type UseFormReturn } from 'react-hook-form';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { ApiError, ConflictError } from '../../../shared/api/errors';
import { useAction } from '../../../shared/api/use-action';
import { Badge, type Tone } from '../../../shared/ui/badge';
import { Button } from '../../../shared/ui/button';
import { DataTable } from '../../../shared/ui/data-table';
import { Dialog } from '../../../shared/ui/dialog';
import { Field, Input } from '../../../shared/ui/field';
import { useToast } from '../../../shared/ui/toast';
import { DialogForm, useFormAction } from '../edit-form';
import { ListPage } from '../list-page';
import { t, type Strings } from '../strings';

const routeApi = getRouteApi('/app/staff');
type Member = Schemas['StaffMember'];
type Role = Member['attributes']['roles'][number];
type StaffPage = Schemas['StaffPage'];
/** Every staff role, in the order the table of roles lists them; the type check keeps it complete. */
const ROLES = ['owner', 'tenant-admin', 'fulfilment', 'support'] as const satisfies readonly Role[];
const STATUS_TONES: Record<Member['attributes']['status'], Tone> = { invited: 'info', active: 'success', disabled: 'neutral' };
const roleLabel = (role: Role) => t(`staff.role.${role}` as keyof Strings);

/** The roles as checkboxes in a fieldset (its legend names them); at least one is needed. */
function RolePicker({ form }: { form: UseFormReturn<{ roles: Role[] }> }) {
  const error = form.formState.errors.roles?.message;
  return (
    <fieldset className="flex flex-col gap-1.5" aria-describedby={error ? 'staff-roles-error' : undefined}>
      <legend className="mb-1 text-sm font-medium">{t('staff.roles')}</legend>
      {ROLES.map((role) => (
        <label key={role} className="flex items-center gap-2 text-sm">
          <input type="checkbox" value={role} className="size-4 accent-blue-700 dark:accent-blue-300" {...form.register('roles', { validate: (roles) => roles.length > 0 || t('staff.rolesRequired') })} />
          {roleLabel(role)}
        </label>
      ))}
      {error && (
        <p id="staff-roles-error" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </fieldset>
  );
}

const isLastOwner = (error: Error | null) => error instanceof ApiError && error.reason === 'last_owner';
/** What a refused change says: the last owner in words, otherwise the API's message. */
const refusal = (error: Error, email: string) =>
  isLastOwner(error)
    ? t('staff.lastOwner')
    : error instanceof ConflictError && error.currentVersion !== undefined
      ? t('staff.stale', { email, version: error.currentVersion })
      : error.message;

/** Puts a changed account into every shown page (the list lags the change by the stream). */
function useShowChange() {
  const queryClient = useQueryClient();
  return (member: Member) => {
    queryClient.setQueriesData<StaffPage>({ queryKey: ['staff'] }, (page) => page && { ...page, items: page.items.map((m) => (m.code === member.code ? member : m)) });
  };
}

function InviteDialog({ onClose }: { onClose: () => void }) {
  const { api } = routeApi.useRouteContext();
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useForm<{ email: string; roles: Role[] }>({ defaultValues: { email: '', roles: [] } });
  const invite = useFormAction(
    form,
    ['email', 'roles'],
    async ({ variables, idempotencyKey }: { variables: { email: string; roles: Role[] }; idempotencyKey: string }) => unwrap(await api.POST('/staff/invitations', { headers: { 'Idempotency-Key': idempotencyKey }, body: variables })),
    (invited) => {
      toast({ title: t('staff.invited', { email: invited.email }), tone: 'info' });
      void queryClient.invalidateQueries({ queryKey: ['staff'] });
      onClose();
    },
  );
  return (
    <DialogForm title={t('staff.inviteTitle')} onClose={onClose} onSubmit={form.handleSubmit((values) => invite.act({ email: values.email.trim(), roles: values.roles }))} problem={invite.problem} pending={invite.isPending} submitLabel={t('staff.inviteSend')}>
      <Field label={t('staff.email')} error={form.formState.errors.email?.message}>
        {(control) => <Input {...control} type="email" autoComplete="off" {...form.register('email', { required: t('edit.required') })} />}
      </Field>
      <RolePicker form={form as unknown as UseFormReturn<{ roles: Role[] }>} />
    </DialogForm>
  );
}

function RolesDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const { api } = routeApi.useRouteContext();
  const queryClient = useQueryClient();
  const toast = useToast();
  const showChange = useShowChange();
  const form = useForm<{ roles: Role[] }>({ defaultValues: { roles: [...member.attributes.roles] } });
  const change = useFormAction(
    form,
    ['roles'],
    async ({ variables, idempotencyKey }: { variables: Role[]; idempotencyKey: string }) =>
      unwrap(await api.PATCH('/staff/{id}', { params: { path: { id: member.code } }, headers: { 'Idempotency-Key': idempotencyKey }, body: { expectedVersion: member.version, roles: variables } })),
    (changed) => {
      showChange(changed);
      toast({ title: t('staff.rolesChanged', { email: member.attributes.email }), tone: 'info' });
      onClose();
    },
  );
  // A stale version offers the reload; the last owner's refusal (a 409 without a version) is said in words.
  const problem = change.problem && isLastOwner(change.error) ? { message: t('staff.lastOwner') } : change.problem;
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: ['staff'] });
    onClose();
  };
  return (
    <DialogForm title={t('staff.changeRolesOf', { email: member.attributes.email })} onClose={onClose} onSubmit={form.handleSubmit((values) => change.act(values.roles))} problem={problem} onReload={reload} pending={change.isPending}>
      <RolePicker form={form} />
    </DialogForm>
  );
}

function Staff() {
  const { api } = routeApi.useRouteContext();
  const search = routeApi.useSearch();
  const navigate = useNavigate({ from: '/staff' });
  const queryClient = useQueryClient();
  const toast = useToast();
  const showChange = useShowChange();
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<Member>();
  const [toggling, setToggling] = useState<Member>();
  const query = useQuery({ queryKey: ['staff', search.cursor], queryFn: async () => unwrap(await api.GET('/staff', { params: { query: { cursor: search.cursor } } })), placeholderData: keepPreviousData });
  const toggle = useAction(
    async ({ variables: member, idempotencyKey }: { variables: Member; idempotencyKey: string }) =>
      unwrap(await api.PATCH('/staff/{id}', { params: { path: { id: member.code } }, headers: { 'Idempotency-Key': idempotencyKey }, body: { expectedVersion: member.version, status: member.attributes.status === 'disabled' ? 'active' : 'disabled' } })),
    {
      onSuccess: (changed) => {
        setToggling(undefined);
        showChange(changed);
        toast({ title: t(changed.attributes.status === 'disabled' ? 'staff.disabledDone' : 'staff.enabledDone', { email: changed.attributes.email }), tone: 'info' });
      },
      onError: (error, { variables: member }) => {
        setToggling(undefined);
        toast({ title: t('edit.failed'), description: refusal(error, member.attributes.email), tone: 'error' });
        if (error instanceof ConflictError && error.currentVersion !== undefined) void queryClient.invalidateQueries({ queryKey: ['staff'] });
      },
    },
  );
  const disabling = toggling?.attributes.status !== 'disabled';
  return (
    <>
      <ListPage title={t('nav.staff')} query={query} search={search} go={(next) => void navigate({ search: next })} empty={t('staff.empty')} filters={<Button onClick={() => setInviting(true)}>{t('staff.invite')}</Button>}>
        {(page) => (
          <>
            <p className="mb-2 text-sm text-gray-700 dark:text-gray-300">{t('staff.lag')}</p>
            <DataTable
              label={t('staff.table')}
              rows={page.items}
              rowKey={(member) => member.code}
              columns={[
                { header: t('staff.email'), className: 'font-medium break-all', cell: (member) => member.attributes.email },
                { header: t('staff.roles'), cell: (member) => member.attributes.roles.map(roleLabel).join(', ') },
                { header: t('staff.status'), cell: ({ attributes: { status } }) => <Badge tone={STATUS_TONES[status]}>{t(`staff.status.${status}` as keyof Strings)}</Badge> },
                {
                  header: t('staff.actions'),
                  cell: (member) => {
                    const { email, status } = member.attributes;
                    return (
                      <div className="flex flex-wrap gap-2">
                        <Button variant="secondary" aria-label={t('staff.changeRolesOf', { email })} onClick={() => setEditing(member)}>
                          {t('staff.changeRoles')}
                        </Button>
                        {status !== 'invited' && (
                          <Button variant={status === 'disabled' ? 'secondary' : 'danger'} aria-label={t(status === 'disabled' ? 'staff.enableOf' : 'staff.disableOf', { email })} onClick={() => setToggling(member)}>
                            {t(status === 'disabled' ? 'staff.enable' : 'staff.disable')}
                          </Button>
                        )}
                      </div>
                    );
                  },
                },
              ]}
            />
          </>
        )}
      </ListPage>
      {inviting && <InviteDialog onClose={() => setInviting(false)} />}
      {editing && <RolesDialog member={editing} onClose={() => setEditing(undefined)} />}
      <Dialog
        open={Boolean(toggling)}
        onOpenChange={(open) => !open && setToggling(undefined)}
        title={t(disabling ? 'staff.disableOf' : 'staff.enableOf', { email: toggling?.attributes.email ?? '' })}
        description={disabling ? t('staff.disableHint') : undefined}
        actions={
          <>
            <Button variant="secondary" onClick={() => setToggling(undefined)}>
              {t('edit.cancel')}
            </Button>
            <Button variant={disabling ? 'danger' : 'primary'} disabled={toggle.isPending} onClick={() => toggling && toggle.act(toggling)}>
              {t(disabling ? 'staff.disable' : 'staff.enable')}
            </Button>
          </>
        }
      />
    </>
  );
}

export const route = createLazyRoute('/app/staff')({ component: Staff });
