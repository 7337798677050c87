/**
 * Bulk import and export of products. An import is asked for (dry run by default), its CSV goes
 * straight to storage through the presigned POST, and the job is polled until it settles: a dry
 * run ends `validated` with the per-row report (what would happen, each refused row's column and
 * reason), then Start imports the same file for real; Cancel stops a running one between batches. An export is polled until its file
 * is written, then offers the download link. The import and export shown live in the URL.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { unwrap } from '../../../shared/api/client';
import { ApiError } from '../../../shared/api/errors';
import { presignedPost } from '../../../shared/api/presigned-post';
import { useAction } from '../../../shared/api/use-action';
import { formatDateTime } from '../../../shared/format';
import { Button } from '../../../shared/ui/button';
import { DataTable } from '../../../shared/ui/data-table';
import { Label } from '../../../shared/ui/field';
import { ErrorState, LoadingRows } from '../../../shared/ui/states';
import { t } from '../strings';

const routeApi = getRouteApi('/app/products/bulk');
const POLL_MS = 1000;
const SETTLED: readonly string[] = ['validated', 'completed', 'failed', 'cancelled'];

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks): the report's reasons do. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

const errorText = (error: unknown) => (error instanceof ApiError || error instanceof Error ? error.message : String(error));

function Report({ id }: { id: string }) {
  const { api } = routeApi.useRouteContext();
  const report = useQuery({
    queryKey: ['import', id, 'report'],
    queryFn: async () => parseCsv(unwrap(await api.GET('/imports/{id}/report', { params: { path: { id } }, parseAs: 'text' })) as unknown as string),
  });
  if (report.isPending) return <LoadingRows rows={3} label={t('common.loading')} />;
  if (report.isError) return <ErrorState title={t('common.loadFailed')} message={report.error.message} onRetry={() => void report.refetch()} retryLabel={t('common.retry')} />;
  const [, ...lines] = report.data.filter((r) => r.length > 1);
  return (
    <DataTable
      label={t('bulk.report')}
      rows={lines}
      rowKey={(_, i) => String(i)}
      columns={[
        { header: t('bulk.row'), numeric: true, cell: ([row]) => row },
        { header: t('bulk.product'), cell: ([, product]) => product },
        { header: t('bulk.sku'), cell: ([, , sku]) => sku },
        { header: t('bulk.outcome'), className: ([, , , outcome]) => (outcome === 'failed' ? 'font-medium text-red-700 dark:text-red-300' : undefined), cell: ([, , , outcome]) => outcome },
        { header: t('bulk.column'), cell: ([, , , , column]) => column },
        { header: t('bulk.reason'), cell: ([, , , , , reason]) => reason },
      ]}
    />
  );
}

function ImportJob({ id, onApply, applying }: { id: string; onApply?: () => void; applying: boolean }) {
  const { api } = routeApi.useRouteContext();
  const queryClient = useQueryClient();
  const job = useQuery({
    queryKey: ['import', id],
    queryFn: async () => unwrap(await api.GET('/imports/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (query.state.data && SETTLED.includes(query.state.data.attributes.status) ? false : POLL_MS),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['import', id] }).then(() => queryClient.invalidateQueries({ queryKey: ['imports'] }));
  const cancel = useAction(
    async ({ idempotencyKey }: { variables: null; idempotencyKey: string }) => unwrap(await api.POST('/imports/{id}/cancel', { params: { path: { id } }, body: {}, headers: { 'Idempotency-Key': idempotencyKey } })),
    { onSettled: refresh },
  );
  if (job.isPending) return <LoadingRows rows={2} label={t('common.loading')} />;
  if (job.isError) return <ErrorState title={t('common.loadFailed')} message={job.error.message} onRetry={() => void job.refetch()} retryLabel={t('common.retry')} />;
  const a = job.data.attributes;
  const failure = cancel.error;
  return (
    <section aria-labelledby="import-title" className="mt-6 flex flex-col gap-3">
      <h2 id="import-title" className="text-lg font-semibold">
        {t('bulk.importTitle', { id })}
      </h2>
      <p role="status">
        {t(`bulk.status.${a.status}`)}
        {a.dryRun ? ` · ${t('bulk.dryRun')}` : ''}
        {a.batches ? ` · ${t('bulk.batches', { done: a.batchesDone ?? 0, of: a.batches })}` : ''}
      </p>
      <p className="text-sm">{t('bulk.counts', { rows: a.rows ?? 0, ...a.counts })}</p>
      {a.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {a.error}
        </p>
      )}
      {failure && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {errorText(failure)}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {a.status === 'validated' && onApply && (
          <Button disabled={applying} onClick={onApply}>
            {t('bulk.start')}
          </Button>
        )}
        {['awaiting_upload', 'validating', 'applying'].includes(a.status) && (
          <Button variant="secondary" disabled={cancel.isPending} onClick={() => cancel.act(null)}>
            {t('bulk.cancel')}
          </Button>
        )}
      </div>
      {a.reportReady && <Report key={`${a.status}.${job.data.version}`} id={id} />}
    </section>
  );
}

function ExportJob({ id }: { id: string }) {
  const { api } = routeApi.useRouteContext();
  const job = useQuery({
    queryKey: ['export', id],
    queryFn: async () => unwrap(await api.GET('/exports/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (query.state.data?.attributes.status === 'running' || !query.state.data ? POLL_MS : false),
  });
  if (job.isPending) return <LoadingRows rows={1} label={t('common.loading')} />;
  if (job.isError) return <ErrorState title={t('common.loadFailed')} message={job.error.message} onRetry={() => void job.refetch()} retryLabel={t('common.retry')} />;
  const a = job.data.attributes;
  return (
    <div className="mt-3 flex flex-col gap-2 text-sm">
      <p role="status">{a.status === 'completed' ? t('bulk.exportDone', { rows: a.rows ?? 0 }) : a.status === 'failed' ? t('bulk.exportFailed', { error: a.error ?? '' }) : t('bulk.exportRunning')}</p>
      {job.data.download && (
        <a href={job.data.download.url} className="text-blue-800 underline dark:text-blue-300" download>
          {t('bulk.download')}
        </a>
      )}
    </div>
  );
}

function Bulk() {
  const { api, config } = routeApi.useRouteContext();
  const search = routeApi.useSearch();
  const navigate = useNavigate({ from: '/products/bulk' });
  const [file, setFile] = useState<File>();
  const [dryRun, setDryRun] = useState(true);
  const [problem, setProblem] = useState<string>();
  const imports = useQuery({
    queryKey: ['imports'],
    queryFn: async () => unwrap(await api.GET('/imports', { params: { query: {} } })),
    refetchInterval: (query) => (query.state.data?.items.some((job) => !SETTLED.includes(job.attributes.status)) ? POLL_MS : false),
  });
  const queryClient = useQueryClient();
  const upload = useAction(
    async ({ variables, idempotencyKey }: { variables: { file: File; dryRun: boolean }; idempotencyKey: string }) => {
      const created = unwrap(await api.POST('/imports', { body: { kind: 'products', dryRun: variables.dryRun }, headers: { 'Idempotency-Key': idempotencyKey } }));
      await presignedPost(created.upload, variables.file);
      // Started by request once the file is there (the API does not start on the upload itself).
      const key = { 'Idempotency-Key': `${idempotencyKey}:start` };
      return unwrap(await api.POST('/imports/{id}/start', { params: { path: { id: created.import.code } }, body: {}, headers: key }));
    },
    {
      onSuccess: (job) => {
        void queryClient.invalidateQueries({ queryKey: ['imports'] });
        void navigate({ search: { ...search, import: job.code } });
      },
      onError: (e) => setProblem(errorText(e)),
    },
  );
  const exportProducts = useAction(
    async ({ idempotencyKey }: { variables: null; idempotencyKey: string }) => unwrap(await api.POST('/exports', { body: { kind: 'products' }, headers: { 'Idempotency-Key': idempotencyKey } })),
    { onSuccess: (job) => void navigate({ search: { ...search, export: job.code } }), onError: (e) => setProblem(errorText(e)) },
  );
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">{t('bulk.title')}</h1>
      <section aria-labelledby="new-import" className="flex flex-col gap-3">
        <h2 id="new-import" className="text-lg font-semibold">
          {t('bulk.import')}
        </h2>
        <form
          className="flex flex-wrap items-end gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            setProblem(undefined);
            if (!file) return setProblem(t('bulk.chooseFirst'));
            upload.act({ file, dryRun });
          }}
        >
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="import-file">{t('bulk.file')}</Label>
            <input id="import-file" type="file" accept=".csv,text/csv" className="text-sm" onChange={(e) => setFile(e.target.files?.[0])} />
          </div>
          <label className="flex min-h-10 items-center gap-2 text-sm">
            <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
            {t('bulk.dryRunLabel')}
          </label>
          <Button type="submit" disabled={upload.isPending}>
            {t('bulk.upload')}
          </Button>
        </form>
        {problem && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {problem}
          </p>
        )}
      </section>
      {search.import && (
        // A checked dry run is applied by importing the same file for real (a dry run stays a dry run).
        <ImportJob key={search.import} id={search.import} applying={upload.isPending} onApply={file && dryRun ? () => upload.act({ file, dryRun: false }) : undefined} />
      )}
      <section aria-labelledby="export-title" className="mt-8">
        <h2 id="export-title" className="mb-3 text-lg font-semibold">
          {t('bulk.export')}
        </h2>
        <Button variant="secondary" disabled={exportProducts.isPending} onClick={() => exportProducts.act(null)}>
          {t('bulk.exportProducts')}
        </Button>
        {search.export && <ExportJob key={search.export} id={search.export} />}
      </section>
      <section aria-labelledby="past-imports" className="mt-8">
        <h2 id="past-imports" className="mb-3 text-lg font-semibold">
          {t('bulk.past')}
        </h2>
        {imports.isPending ? (
          <LoadingRows rows={3} label={t('common.loading')} />
        ) : imports.isError ? (
          <ErrorState title={t('common.loadFailed')} message={imports.error.message} onRetry={() => void imports.refetch()} retryLabel={t('common.retry')} />
        ) : (
          <DataTable
            label={t('bulk.pastTable')}
            rows={imports.data.items}
            rowKey={(job) => job.code}
            empty={t('bulk.noImports')}
            columns={[
              {
                header: t('bulk.id'),
                cell: (job) => (
                  <button type="button" className="text-blue-800 underline dark:text-blue-300" onClick={() => void navigate({ search: { ...search, import: job.code } })}>
                    {job.code}
                  </button>
                ),
              },
              { header: t('bulk.when'), className: 'whitespace-nowrap', cell: (job) => formatDateTime(job.createdAt ?? job.updatedAt, config.timeZone) },
              {
                header: t('bulk.state'),
                cell: (job) => (
                  <>
                    {t(`bulk.status.${job.attributes.status}`)}
                    {job.attributes.dryRun ? ` · ${t('bulk.dryRun')}` : ''}
                  </>
                ),
              },
              { header: t('bulk.rows'), numeric: true, cell: (job) => job.attributes.rows ?? '' },
            ]}
          />
        )}
      </section>
    </>
  );
}

export const route = createLazyRoute('/app/products/bulk')({ component: Bulk });
