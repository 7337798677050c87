/**
 * Categories as a tree (parent → children, each level by position): create, rename (name, slug,
 * description, shown) and reorder among siblings with the up/down buttons (keyboard-usable). The API
 * fixes a category's parent at creation, so "moving" is reordering within its parent.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { useAction } from '../../../shared/api/use-action';
import { Badge } from '../../../shared/ui/badge';
import { Button } from '../../../shared/ui/button';
import { Checkbox } from '../../../shared/ui/checkbox';
import { Field, Input } from '../../../shared/ui/field';
import { EmptyState, ErrorState, LoadingRows } from '../../../shared/ui/states';
import { useToast } from '../../../shared/ui/toast';
import { DialogForm, useFormAction } from '../edit-form';
import { t } from '../strings';

const routeApi = getRouteApi('/app/categories');
type Category = Schemas['Category'];

/** The whole tree is one screen: read every page (at most MAX_PAGES of 100). */
const MAX_PAGES = 10;

function bySiblingOrder(a: Category, b: Category) {
  return a.attributes.position - b.attributes.position || a.code.localeCompare(b.code);
}

interface Editing {
  category?: Category;
  parentCode?: string;
}

interface CategoryForm {
  code: string;
  name: string;
  slug: string;
  description: string;
  active: boolean;
}
const NAMES = ['code', 'name', 'slug', 'description', 'active'] as const;

function CategoryDialog({ editing, siblings, onClose }: { editing: Editing; siblings: Category[]; onClose: () => void }) {
  const { api } = routeApi.useRouteContext();
  const queryClient = useQueryClient();
  const toast = useToast();
  const existing = editing.category;
  const defaults = (c = existing): CategoryForm => ({ code: c?.code ?? '', name: c?.name ?? '', slug: c?.attributes.slug ?? '', description: c?.attributes.description ?? '', active: c?.attributes.active ?? true });
  const form = useForm<CategoryForm>({ defaultValues: defaults() });
  const [version, setVersion] = useState(existing?.version);
  const save = useFormAction(
    form,
    NAMES,
    async ({ variables: v, idempotencyKey }: { variables: CategoryForm; idempotencyKey: string }) => {
      const headers = { 'Idempotency-Key': idempotencyKey };
      if (existing) {
        return unwrap(await api.PATCH('/categories/{code}', { params: { path: { code: existing.code } }, headers, body: { expectedVersion: version!, name: v.name, slug: v.slug, description: v.description || undefined, active: v.active } }));
      }
      const position = siblings.reduce((last, s) => Math.max(last, s.attributes.position + 1), 0);
      return unwrap(await api.POST('/categories', { headers, body: { code: v.code, name: v.name, slug: v.slug, parentCode: editing.parentCode, position, description: v.description || undefined, active: v.active } }));
    },
    () => {
      toast({ title: t('edit.saved'), tone: 'info' });
      void queryClient.invalidateQueries({ queryKey: ['categories'] });
      onClose();
    },
  );
  const reload = async () => {
    const fresh = unwrap(await api.GET('/categories/{code}', { params: { path: { code: existing!.code } } }));
    setVersion(fresh.version);
    save.clearProblem();
  };
  const required = { required: t('edit.required') };
  const title = existing ? t('categories.editTitle', { name: existing.name ?? existing.code }) : editing.parentCode ? t('categories.newChild', { name: editing.parentCode }) : t('categories.new');
  return (
    <DialogForm title={title} onClose={onClose} onSubmit={form.handleSubmit((values) => save.act(values))} problem={save.problem} onReload={existing ? () => void reload() : undefined} pending={save.isPending}>
        {!existing && (
          <Field label={t('categories.code')} error={form.formState.errors.code?.message}>
            {(control) => <Input {...control} {...form.register('code', required)} />}
          </Field>
        )}
        <Field label={t('categories.name')} error={form.formState.errors.name?.message}>
          {(control) => <Input {...control} {...form.register('name', required)} />}
        </Field>
        <Field label={t('categories.slug')} error={form.formState.errors.slug?.message}>
          {(control) => <Input {...control} {...form.register('slug', required)} />}
        </Field>
        <Field label={t('categories.description')} error={form.formState.errors.description?.message}>
          {(control) => <Input {...control} {...form.register('description')} />}
        </Field>
        <Checkbox label={t('categories.active')} {...form.register('active')} />
        <p className="text-xs text-gray-700 dark:text-gray-300">{t('categories.parentFixed')}</p>
    </DialogForm>
  );
}

function Categories() {
  const { api } = routeApi.useRouteContext();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState<Editing>();
  const query = useQuery({
    queryKey: ['categories', 'tree'],
    queryFn: async () => {
      const all: Category[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = unwrap(await api.GET('/categories', { params: { query: { limit: 100, cursor } } }));
        all.push(...page.items);
        cursor = page.cursor;
      } while (cursor && ++pages < MAX_PAGES);
      return { all, truncated: Boolean(cursor) };
    },
  });

  // A move renumbers the siblings 0..n-1 in their new order and writes only those whose position
  // changed, each with its version (one key per category, derived from the move's key).
  const move = useAction(
    async ({ variables, idempotencyKey }: { variables: { order: Category[]; moved: Category }; idempotencyKey: string }) => {
      for (const [position, category] of variables.order.entries()) {
        if (category.attributes.position === position) continue;
        unwrap(await api.PATCH('/categories/{code}', { params: { path: { code: category.code } }, headers: { 'Idempotency-Key': `${idempotencyKey}:${category.code}` }, body: { expectedVersion: category.version, position } }));
      }
      return variables.moved;
    },
    {
      onSuccess: (moved) => toast({ title: t('categories.moved', { name: moved.name ?? moved.code }), tone: 'info' }),
      onError: (error) => toast({ title: t('edit.failed'), description: error.message, tone: 'error' }),
      onSettled: () => void queryClient.invalidateQueries({ queryKey: ['categories'] }),
    },
  );

  const children = new Map<string, Category[]>();
  for (const category of query.data?.all ?? []) {
    const parent = category.attributes.parentCode ?? '';
    children.set(parent, [...(children.get(parent) ?? []), category]);
  }
  for (const list of children.values()) list.sort(bySiblingOrder);

  const shift = (siblings: Category[], index: number, by: -1 | 1) => {
    const order = [...siblings];
    [order[index], order[index + by]] = [order[index + by], order[index]];
    move.act({ order, moved: siblings[index] });
  };

  const level = (parent: string, depth: number) => {
    const siblings = children.get(parent) ?? [];
    if (!siblings.length) return null;
    return (
      <ul role={depth ? 'group' : 'tree'} aria-label={depth ? undefined : t('categories.tree')} className={depth ? 'ml-4 border-l border-gray-300 pl-3 dark:border-gray-600' : 'flex flex-col gap-1'}>
        {siblings.map((category, index) => {
          const name = category.name ?? category.code;
          return (
            <li key={category.code} role="treeitem" aria-expanded={children.has(category.code) ? true : undefined} aria-label={name} className="py-1">
              <div className="flex flex-wrap items-center gap-2 rounded-md border border-gray-200 px-3 py-2 dark:border-gray-700">
                <span className="font-medium">{name}</span>
                <span className="text-xs text-gray-700 dark:text-gray-300">{category.code}</span>
                {!category.attributes.active && <Badge tone="warning">{t('categories.inactive')}</Badge>}
                <span className="ml-auto flex flex-wrap gap-1">
                  <Button variant="ghost" aria-label={t('categories.moveUp', { name })} disabled={index === 0 || move.isPending} onClick={() => shift(siblings, index, -1)}>
                    ↑
                  </Button>
                  <Button variant="ghost" aria-label={t('categories.moveDown', { name })} disabled={index === siblings.length - 1 || move.isPending} onClick={() => shift(siblings, index, 1)}>
                    ↓
                  </Button>
                  <Button variant="secondary" aria-label={`${t('categories.edit')} ${name}`} onClick={() => setEditing({ category })}>
                    {t('categories.edit')}
                  </Button>
                  <Button variant="secondary" aria-label={t('categories.newChild', { name })} onClick={() => setEditing({ parentCode: category.code })}>
                    {t('categories.addChild')}
                  </Button>
                </span>
              </div>
              {level(category.code, depth + 1)}
            </li>
          );
        })}
      </ul>
    );
  };

  return (
    <>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t('categories.title')}</h1>
        <Button onClick={() => setEditing({})}>{t('categories.new')}</Button>
      </div>
      {query.isPending ? (
        <LoadingRows label={t('common.loading')} />
      ) : query.isError ? (
        <ErrorState title={t('common.loadFailed')} message={query.error.message} onRetry={() => void query.refetch()} retryLabel={t('common.retry')} />
      ) : query.data.all.length ? (
        <>
          {level('', 0)}
          {query.data.truncated && <p className="mt-2 text-sm">{t('categories.truncated', { count: query.data.all.length })}</p>}
        </>
      ) : (
        <EmptyState title={t('categories.empty')} />
      )}
      {editing && <CategoryDialog editing={editing} siblings={children.get(editing.parentCode ?? '') ?? []} onClose={() => setEditing(undefined)} />}
    </>
  );
}

export const route = createLazyRoute('/app/categories')({ component: Categories });
