/**
 * Reviews moderation: every review of the shop (GET /reviews: status, product and rating in the
 * URL), newest first, each with its rating, text, author, product and date; Hide / Publish with
 * the version read (PATCH /reviews/:code; a 409 offers a reload). The list comes from the read
 * model, a moment behind: a change's answer goes into the page at once.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { ConflictError } from '../../../shared/api/errors';
import { useAction } from '../../../shared/api/use-action';
import { formatDateTime } from '../../../shared/format';
import { Badge } from '../../../shared/ui/badge';
import { Button } from '../../../shared/ui/button';
import { DataTable } from '../../../shared/ui/data-table';
import { useToast } from '../../../shared/ui/toast';
import { FormProblem, linkClass } from '../edit-form';
import { ListFilter, ListPage, TextFilter } from '../list-page';
import { firstPage } from '../paging';
import { REVIEW_RATINGS, REVIEW_STATUSES, type ReviewsSearch } from '../router';
import { mayUse } from '../sections';
import { t } from '../strings';

const routeApi = getRouteApi('/app/reviews');
type Review = Schemas['ReviewListItem'];
type Page = Schemas['ReviewListPage'];

function ReviewsList() {
  const { api, config, roles } = routeApi.useRouteContext();
  const search = routeApi.useSearch();
  const navigate = useNavigate({ from: '/reviews' });
  const queryClient = useQueryClient();
  const toast = useToast();
  const go = (next: ReviewsSearch) => void navigate({ search: next });
  const filter = <K extends keyof ReviewsSearch>(key: K) => (value: ReviewsSearch[K]) => go({ ...firstPage(search), [key]: value });
  const queryKey = ['reviews', search];
  const query = useQuery({
    queryKey,
    queryFn: async () => unwrap(await api.GET('/reviews', { params: { query: { status: search.status, productCode: search.product, rating: search.rating, cursor: search.cursor } } })),
    placeholderData: keepPreviousData,
  });
  const [problem, setProblem] = useState<{ conflict?: ConflictError; message?: string }>();
  const moderate = useAction(
    async ({ variables, idempotencyKey }: { variables: { review: Review; hidden: boolean }; idempotencyKey: string }) =>
      unwrap(await api.PATCH('/reviews/{code}', { params: { path: { code: variables.review.code } }, headers: { 'Idempotency-Key': idempotencyKey }, body: { expectedVersion: variables.review.version, hidden: variables.hidden } })),
    {
      onMutate: () => setProblem(undefined),
      onSuccess: (saved) => {
        // The list lags the change: the answer's version and state go into the page at once, so the next action sends the current version.
        queryClient.setQueryData<Page>(queryKey, (page) => page && { ...page, items: page.items.map((r) => (r.code === saved.code ? { ...r, version: saved.version, status: saved.attributes.hidden ? 'hidden' : 'published' } : r)) });
        toast({ title: saved.attributes.hidden ? t('reviews.hiddenNow') : t('reviews.publishedNow'), tone: 'info' });
      },
      onError: (error) => setProblem(error instanceof ConflictError ? { conflict: error } : { message: error.message }),
    },
  );
  const when = (iso: string) => formatDateTime(iso, config.timeZone);
  return (
    <ListPage
      title={t('reviews.title')}
      query={query}
      search={search}
      go={go}
      empty={t('reviews.empty')}
      filters={
        <div className="flex flex-wrap items-end gap-3">
          <ListFilter id="review-status" label={t('reviews.status')} value={search.status} onChange={filter('status')} options={REVIEW_STATUSES.map((s) => ({ value: s, label: t(`reviews.${s}`) }))} />
          <ListFilter id="review-rating" label={t('reviews.rating')} value={search.rating === undefined ? undefined : String(search.rating)} onChange={(v) => filter('rating')(v === undefined ? undefined : Number(v))} options={REVIEW_RATINGS.map((r) => ({ value: String(r), label: t('reviews.stars', { rating: r }) }))} />
          <TextFilter label={t('reviews.productFilter')} submitLabel={t('reviews.filter')} value={search.product} onChange={filter('product')} />
        </div>
      }
    >
      {(page) => (
        <>
          <FormProblem problem={problem} onReload={() => (setProblem(undefined), void query.refetch())} />
          <DataTable
            label={t('reviews.table')}
            rows={page.items}
            rowKey={(r) => r.code}
            columns={[
              {
                header: t('reviews.rating'),
                className: 'whitespace-nowrap',
                cell: (r) => (
                  <>
                    <span aria-hidden>{'★'.repeat(r.rating)}{'☆'.repeat(5 - r.rating)}</span>
                    <span className="sr-only">{t('reviews.stars', { rating: r.rating })}</span>
                  </>
                ),
              },
              {
                header: t('reviews.review'),
                className: 'min-w-64',
                cell: (r) => (
                  <>
                    <div className="font-medium">{r.title}</div>
                    <p className="text-sm whitespace-pre-line">{r.body}</p>
                  </>
                ),
              },
              { header: t('reviews.author'), cell: (r) => r.authorName ?? r.authorEmail ?? r.customerId },
              {
                header: t('reviews.product'),
                // Support moderates reviews but has no products screen: the name alone.
                cell: (r) =>
                  mayUse(roles, 'products') ? (
                    <Link to="/products/$code" params={{ code: r.productCode }} className={linkClass}>
                      {r.productName ?? r.productCode}
                    </Link>
                  ) : (
                    (r.productName ?? r.productCode)
                  ),
              },
              { header: t('reviews.date'), className: 'whitespace-nowrap', cell: (r) => when(r.createdAt) },
              { header: t('reviews.status'), cell: (r) => <Badge tone={r.status === 'hidden' ? 'neutral' : 'success'}>{t(`reviews.${r.status}`)}</Badge> },
              {
                header: t('reviews.actions'),
                cell: (r) => {
                  const hidden = r.status === 'hidden';
                  return (
                    <Button variant={hidden ? 'primary' : 'secondary'} disabled={moderate.isPending} aria-label={t(hidden ? 'reviews.publishNamed' : 'reviews.hideNamed', { title: r.title })} onClick={() => moderate.act({ review: r, hidden: !hidden })}>
                      {hidden ? t('reviews.publish') : t('reviews.hide')}
                    </Button>
                  );
                },
              },
            ]}
          />
        </>
      )}
    </ListPage>
  );
}

export const route = createLazyRoute('/app/reviews')({ component: ReviewsList });
