/**
 * The images of a product (a section of its edit screen). A file goes straight from the browser to
 * storage through the presigned POST the API hands out (POST /products/:code/media), with progress;
 * the media function then checks and renders it, so the upload is polled until it is published or
 * refused. Each image is its own versioned entity: alt text and variants are saved with its
 * version, reordering sends every image's version, deleting is safe to repeat.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { unwrap, type ApiClient, type Schemas } from '../../../shared/api/client';
import { ApiError, ConflictError } from '../../../shared/api/errors';
import { presignedPost, PresignedPostError } from '../../../shared/api/presigned-post';
import { useAction } from '../../../shared/api/use-action';
import { Button } from '../../../shared/ui/button';
import { Field, Input } from '../../../shared/ui/field';
import { EmptyState, ErrorState, LoadingRows } from '../../../shared/ui/states';
import { t } from '../strings';

type Media = Schemas['Media'];
type ContentType = Schemas['RequestUploadDto']['contentType'];
const TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'] satisfies ContentType[];
const POLL_MS = 1000;

interface Upload {
  name: string;
  percent: number;
  uploadId?: string;
  error?: string;
}

/** One upload after its file reached storage: polled until the media function has published or refused it. */
function UploadStatus({ api, code, upload, onPublished }: { api: ApiClient; code: string; upload: Upload; onPublished: () => void }) {
  const status = useQuery({
    queryKey: ['product', code, 'upload', upload.uploadId],
    enabled: Boolean(upload.uploadId),
    queryFn: async () => {
      const found = unwrap(await api.GET('/products/{code}/media/uploads/{uploadId}', { params: { path: { code, uploadId: upload.uploadId! } } }));
      if (found.status === 'published') onPublished();
      return found;
    },
    refetchInterval: (query) => (query.state.data?.status === 'pending' || !query.state.data ? POLL_MS : false),
  });
  const text = upload.error
    ? upload.error
    : !upload.uploadId || upload.percent < 100
      ? t('images.uploading', { name: upload.name, percent: upload.percent })
      : status.data?.status === 'refused'
        ? t('images.refused', { name: upload.name, reason: status.data.reason ?? '' })
        : status.data?.status === 'published'
          ? t('images.published', { name: upload.name })
          : t('images.processing', { name: upload.name });
  return (
    <li className="text-sm">
      {text}
      {!upload.error && upload.percent < 100 && <progress className="ml-2 align-middle" max={100} value={upload.percent} aria-label={upload.name} />}
    </li>
  );
}

/** The rendition shown in the list: WebP when there is one. */
const thumbOf = (image: Media) => image.renditions.find((r) => r.format === 'webp') ?? image.renditions[0];

function ImageRow({ api, code, image, skus, index, count, onMove, onSaved, onChanged }: { api: ApiClient; code: string; image: Media; skus: string[]; index: number; count: number; onMove: (to: number) => void; onSaved: (saved: Media[]) => void; onChanged: () => void }) {
  const [alt, setAlt] = useState(image.alt);
  const [variants, setVariants] = useState<string[]>(image.variantSkus);
  const [message, setMessage] = useState<string>();
  const onError = (error: Error) => setMessage(error instanceof ConflictError ? t('images.conflict', { version: error.currentVersion ?? '?' }) : error instanceof ApiError ? error.message : String(error));
  const save = useAction(
    async ({ idempotencyKey }: { variables: null; idempotencyKey: string }) =>
      unwrap(await api.PATCH('/products/{code}/media/{mediaId}', { params: { path: { code, mediaId: image.id } }, body: { expectedVersion: image.version, alt, variantSkus: variants }, headers: { 'Idempotency-Key': idempotencyKey } })),
    { onSuccess: (saved) => (setMessage(t('images.saved')), onSaved([saved])), onError: (e) => (onError(e), onChanged()) },
  );
  const remove = useAction(
    async ({ idempotencyKey }: { variables: null; idempotencyKey: string }) =>
      unwrap(await api.DELETE('/products/{code}/media/{mediaId}', { params: { path: { code, mediaId: image.id } }, headers: { 'Idempotency-Key': idempotencyKey } })),
    { onSuccess: onChanged, onError },
  );
  const thumb = thumbOf(image);
  const label = t('images.image', { n: index + 1 });
  return (
    <li className="flex flex-col gap-3 rounded-lg border border-gray-200 p-3 sm:flex-row dark:border-gray-700" aria-label={label}>
      {thumb && <img src={thumb.url} alt={image.alt} width={120} className="h-auto w-30 self-start rounded" />}
      <div className="flex flex-1 flex-col gap-3">
        <Field label={t('images.alt')}>{(control) => <Input {...control} value={alt} maxLength={300} onChange={(e) => setAlt(e.target.value)} />}</Field>
        {skus.length > 1 && (
          <fieldset className="flex flex-wrap gap-3 text-sm">
            <legend className="mb-1 font-medium">{t('images.variants')}</legend>
            {skus.map((sku) => (
              <label key={sku} className="flex items-center gap-1.5">
                <input type="checkbox" checked={variants.includes(sku)} onChange={(e) => setVariants(e.target.checked ? [...variants, sku] : variants.filter((v) => v !== sku))} />
                {sku}
              </label>
            ))}
          </fieldset>
        )}
        {message && (
          <p role="status" className="text-sm">
            {message}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" disabled={save.isPending} onClick={() => save.act(null)}>
            {t('images.save')}
          </Button>
          <Button variant="secondary" aria-label={t('images.up', { n: index + 1 })} disabled={index === 0} onClick={() => onMove(index - 1)}>
            ↑
          </Button>
          <Button variant="secondary" aria-label={t('images.down', { n: index + 1 })} disabled={index === count - 1} onClick={() => onMove(index + 1)}>
            ↓
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => remove.act(null)}>
            {t('images.delete')}
          </Button>
        </div>
      </div>
    </li>
  );
}

/** An image as a role that may not change images sees it (no catalog.write): the picture, its alt text and its variants. */
function ImageView({ image, index }: { image: Media; index: number }) {
  const thumb = thumbOf(image);
  return (
    <li className="flex flex-col gap-3 rounded-lg border border-gray-200 p-3 text-sm sm:flex-row dark:border-gray-700" aria-label={t('images.image', { n: index + 1 })}>
      {thumb && <img src={thumb.url} alt={image.alt} width={120} className="h-auto w-30 self-start rounded" />}
      <div className="flex flex-col gap-1">
        <p>{t('images.readOnlyAlt', { alt: image.alt })}</p>
        <p>{t('images.readOnlyVariants', { skus: image.variantSkus.join(', ') || t('images.wholeProduct') })}</p>
      </div>
    </li>
  );
}

/** `editable`: the role holds catalog.write; otherwise the images are shown with no upload, reorder, edit or delete. */
export function ProductImages({ api, code, skus, editable }: { api: ApiClient; code: string; skus: string[]; editable: boolean }) {
  const queryClient = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [awaiting, setAwaiting] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<string>();
  const media = useQuery({
    queryKey: ['product', code, 'media'],
    queryFn: async () => unwrap(await api.GET('/products/{code}/media', { params: { path: { code } } })),
    // The list lags the media function by a moment: re-read it until every published upload is in it.
    refetchInterval: (query) => (awaiting.some((id) => !query.state.data?.items.some((m) => m.id === id)) ? POLL_MS : false),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['product', code, 'media'] });
  // What a change answered goes into the list at once: the list itself lags, and the next change must send these versions.
  const merge = (saved: Media[]) =>
    queryClient.setQueryData<Schemas['MediaList']>(['product', code, 'media'], (list) =>
      list && { items: list.items.map((m) => saved.find((s) => s.id === m.id) ?? m).sort((a, b) => a.position - b.position) },
    );
  const patch = (index: number, change: Partial<Upload>) => setUploads((all) => all.map((u, i) => (i === index ? { ...u, ...change } : u)));

  const upload = useAction(async ({ variables: files, idempotencyKey }: { variables: File[]; idempotencyKey: string }) => {
    const first = uploads.length;
    setUploads((all) => [...all, ...files.map((f) => ({ name: f.name, percent: 0 }))]);
    for (const [i, file] of files.entries()) {
      try {
        // One key per file of the action: a retry asks again for the same tickets.
        const ticket = unwrap(await api.POST('/products/{code}/media', { params: { path: { code } }, body: { contentType: file.type as ContentType }, headers: { 'Idempotency-Key': `${idempotencyKey}:${i}` } }));
        patch(first + i, { uploadId: ticket.uploadId });
        await presignedPost(ticket, file, (percent) => patch(first + i, { percent }));
        patch(first + i, { percent: 100 });
      } catch (error) {
        patch(first + i, { error: error instanceof PresignedPostError ? t('images.uploadFailed', { status: error.status }) : error instanceof Error ? error.message : String(error) });
      }
    }
  });
  const reorder = useAction(
    async ({ variables: items, idempotencyKey }: { variables: Media[]; idempotencyKey: string }) =>
      unwrap(await api.PUT('/products/{code}/media/order', { params: { path: { code } }, body: { items: items.map((m) => ({ id: m.id, expectedVersion: m.version })) }, headers: { 'Idempotency-Key': idempotencyKey } })),
    { onSuccess: (list) => merge(list.items), onError: (e) => (setProblem(e instanceof ConflictError ? t('images.conflict', { version: e.currentVersion ?? '?' }) : e.message), refresh()) },
  );

  const choose = (list: FileList | null) => {
    setProblem(undefined);
    const files = [...(list ?? [])];
    const wrong = files.filter((f) => !TYPES.includes(f.type));
    if (wrong.length) return setProblem(t('images.wrongType', { names: wrong.map((f) => f.name).join(', ') }));
    if (files.length) upload.act(files);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files);
  };
  const items = media.data?.items ?? [];
  const move = (from: number, to: number) => {
    const next = [...items];
    next.splice(to, 0, ...next.splice(from, 1));
    reorder.act(next);
  };

  return (
    <section aria-labelledby="images-title" className="mt-8 max-w-5xl">
      <h2 id="images-title" className="mb-3 text-lg font-semibold">
        {t('images.title')}
      </h2>
      {editable && (
        <div
          onDragOver={(e) => (e.preventDefault(), setDragging(true))}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={`flex flex-col items-center gap-2 rounded-lg border-2 border-dashed p-6 text-center text-sm ${dragging ? 'border-blue-700 bg-blue-50 dark:border-blue-300 dark:bg-gray-800' : 'border-gray-400 dark:border-gray-500'}`}
        >
          <p>{t('images.drop')}</p>
          <label className="inline-flex min-h-10 cursor-pointer items-center rounded-md border border-gray-300 bg-white px-4 font-medium text-gray-900 focus-within:outline-2 focus-within:outline-blue-600 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100">
            {t('images.choose')}
            <input type="file" accept={TYPES.join(',')} multiple className="sr-only" onChange={(e) => (choose(e.target.files), (e.target.value = ''))} />
          </label>
        </div>
      )}
      {problem && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {problem}
        </p>
      )}
      {uploads.length > 0 && (
        <ul className="mt-3 flex flex-col gap-1" aria-live="polite">
          {uploads.map((u, i) => (
            <UploadStatus key={i} api={api} code={code} upload={u} onPublished={() => (setAwaiting((all) => (all.includes(u.uploadId!) ? all : [...all, u.uploadId!])), refresh())} />
          ))}
        </ul>
      )}
      <div className="mt-4">
        {media.isPending ? (
          <LoadingRows rows={2} label={t('common.loading')} />
        ) : media.isError ? (
          <ErrorState title={t('common.loadFailed')} message={media.error.message} onRetry={() => void media.refetch()} retryLabel={t('common.retry')} />
        ) : items.length ? (
          <ol className="flex flex-col gap-3">
            {items.map((image, i) =>
              editable ? (
                <ImageRow key={image.id} api={api} code={code} image={image} skus={skus} index={i} count={items.length} onMove={(to) => move(i, to)} onSaved={merge} onChanged={refresh} />
              ) : (
                <ImageView key={image.id} image={image} index={i} />
              ),
            )}
          </ol>
        ) : (
          <EmptyState title={t('images.none')} />
        )}
      </div>
    </section>
  );
}
