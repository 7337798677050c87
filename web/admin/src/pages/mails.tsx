/**
 * Mails: the shop's outbox (GET /notifications; one order's with `order` in the URL), each mail's
 * subject, recipient, topic, status and time; opening one shows its text, its order and when it
 * was sent (or why not).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { unwrap } from '../../../shared/api/client';
import { ListPage, TextFilter } from '../list-page';
import { MailsTable } from '../mails-table';
import { firstPage } from '../paging';
import type { MailsSearch } from '../router';
import { t } from '../strings';

const routeApi = getRouteApi('/app/mails');

function MailsList() {
  const { api, config } = routeApi.useRouteContext();
  const search = routeApi.useSearch();
  const navigate = useNavigate({ from: '/mails' });
  const go = (next: MailsSearch) => void navigate({ search: next });
  const query = useQuery({
    queryKey: ['mails', search],
    queryFn: async () => unwrap(await api.GET('/notifications', { params: { query: { orderCode: search.order, cursor: search.cursor } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <ListPage
      title={t('mails.title')}
      query={query}
      search={search}
      go={go}
      empty={t('mails.empty')}
      filters={<TextFilter label={t('mails.orderFilter')} submitLabel={t('mails.filter')} value={search.order} onChange={(order) => go({ ...firstPage(search), order })} />}
    >
      {(page) => <MailsTable mails={page.items} timeZone={config.timeZone} />}
    </ListPage>
  );
}

export const route = createLazyRoute('/app/mails')({ component: MailsList });
