import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import sharp from 'sharp';
import { freePort } from '../../scripts/lib/dynamodb-local';
import { startS3Local } from '../../scripts/lib/s3-local';
import { handler as mediaHandler } from '../../src/handlers/media';
import { TenantContext } from '../../src/core/tenant-context';
import { TenantItemStore } from '../../src/core/tenant-item.store';
import { mediaCountKey } from '../../src/modules/media/media.keys';
import { rebuildReadModel } from '../../src/app/rebuild';
import { readModel } from '../../src/read-model/read-model';
import { commandCount } from '../support/commands';
import { TenantTokens, TestSystem } from '../support/test-system';

const usd = (amount: number) => ({ amount, currency: 'USD' });
/** The owner's image counter (what maxImagesPerProduct is held against). */
const imageCount = async (tenantCode: string, kind: 'product', code: string) =>
  (await new TenantItemStore().get<{ n?: number }>({ tenantCode } as TenantContext, mediaCountKey(kind, code)))?.n;

/**
 * Images through a real S3 API (s3rver, as `npm start` runs it) and the real media function:
 * the test hands every event s3rver emits to the handler S3 invokes in AWS, and waits for it.
 */
describe('media: presigned uploads, the media function, renditions and the image routes (s3rver, DynamoDB Local)', () => {
  let system: TestSystem;
  let s3: { endpoint: string; stop(): Promise<void> };
  const events: S3Event[] = [];
  const outcomes: string[] = [];

  beforeAll(async () => {
    s3 = await startS3Local(await freePort(), mkdtempSync(join(tmpdir(), 'media-s3-')), ['media-test'], (event) => events.push(event));
    process.env.S3_ENDPOINT = s3.endpoint;
    process.env.MEDIA_BUCKET = 'media-test';
    system = await TestSystem.start();
  });
  afterAll(async () => {
    // The local S3 stops even when the contract check in system.stop() fails (jest would not exit).
    try {
      await system.stop();
    } finally {
      await s3.stop();
      delete process.env.S3_ENDPOINT;
      delete process.env.MEDIA_BUCKET;
    }
  });

  /** Runs the media function over every event so far (its own writes and deletions included), then the stream. */
  async function processEvents(): Promise<string[]> {
    const seen: string[] = [];
    while (events.length) {
      const result = await mediaHandler(events.shift()!);
      seen.push(...result.outcomes);
    }
    outcomes.push(...seen);
    await system.sync();
    return seen;
  }

  async function product(shop: TenantTokens, code: string) {
    const created = await system.request('POST', '/products', { token: shop.admin(), body: { code, name: code, price: usd(1000), images: ['https://cdn.example/old.jpg'], options: [{ name: 'Color', values: ['White', 'Black'] }], variants: [{ sku: `${code}-W`, options: { Color: 'White' } }, { sku: `${code}-B`, options: { Color: 'Black' } }] } });
    expect(created.status).toBe(201);
    await system.sync();
  }

  /** Asks for an upload and sends the file as a browser would (multipart POST to the presigned URL), optionally to another key. */
  async function upload(shop: TenantTokens, code: string, bytes: Buffer, options: { contentType?: string; fileName?: string; key?: string; deliveries?: number } = {}) {
    const ticket = await system.request('POST', `/products/${code}/media`, { token: shop.admin(), body: { contentType: options.contentType ?? 'image/jpeg' } });
    expect(ticket.status).toBe(201);
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.body.fields as Record<string, string>)) form.append(name, name === 'key' && options.key ? options.key : value);
    form.append('file', new Blob([bytes]), options.fileName ?? 'photo.jpg');
    const sent = await fetch(ticket.body.url, { method: 'POST', body: form });
    expect(sent.status).toBeLessThan(300);
    // S3 delivers at least once: the same event `deliveries` times at once, as two function instances would take it.
    const delivered = options.deliveries ? events.splice(0, events.length) : [];
    const concurrent = await Promise.all(delivered.flatMap((event) => Array.from({ length: options.deliveries! }, () => mediaHandler(event))));
    const outcomesOf = [...concurrent.flatMap((r) => r.outcomes), ...(await processEvents())];
    return { id: ticket.body.uploadId as string, key: ticket.body.key as string, outcomes: outcomesOf, delivered };
  }

  const uploadStatus = async (shop: TenantTokens, code: string, id: string) => (await system.request('GET', `/products/${code}/media/uploads/${id}`, { token: shop.admin() })).body;
  const objectStatus = async (key: string) => (await fetch(`${s3.endpoint}/media-test/${key}`)).status;

  const photo = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#c0392b' } }).jpeg().withMetadata({ exif: { IFD0: { Artist: 'Ada Lovelace', Copyright: 'GPS 35.6812 139.7671' } } }).toBuffer();

  it('turns an upload into renditions 160-1600 px wide, as AVIF, WebP and JPEG, without EXIF, and deletes the original', async () => {
    const shop = await system.createTenant('media-ok');
    await product(shop, 'CUP');
    const original = await photo(2000, 1500);
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const { id, key, outcomes } = await upload(shop, 'CUP', original);
    expect(outcomes).toContain('published');
    expect(await uploadStatus(shop, 'CUP', id)).toMatchObject({ status: 'published', ownerKind: 'product', ownerCode: 'CUP' });
    expect(await objectStatus(key)).toBe(404);

    const list = await system.request('GET', '/products/CUP/media', { token: shop.admin() });
    expect(list.status).toBe(200);
    const [image] = list.body.items;
    expect(image).toMatchObject({ id, version: 1, width: 2000, height: 1500, alt: '', position: 0, variantSkus: [] });
    const sizes = image.renditions.map((r: { width: number; height: number; format: string }) => `${r.format}:${r.width}x${r.height}`).sort();
    expect(sizes).toEqual(
      ['heif:1600x1200', 'heif:160x120', 'heif:480x360', 'heif:960x720', 'jpeg:1600x1200', 'jpeg:160x120', 'jpeg:480x360', 'jpeg:960x720', 'webp:1600x1200', 'webp:160x120', 'webp:480x360', 'webp:960x720'].sort(),
    );
    for (const rendition of image.renditions) {
      const served = await fetch(rendition.url);
      expect(served.status).toBe(200);
      const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
      expect({ width: meta.width, format: meta.format, exif: meta.exif }).toEqual({ width: rendition.width, format: rendition.format, exif: undefined });
      // AVIF is `heif` to sharp: an AV1 payload, served as image/avif.
      if (rendition.format === 'heif') {
        expect(meta.compression).toBe('av1');
        expect(served.headers.get('content-type')).toBe('image/avif');
        expect(rendition.url).toMatch(/\.avif$/);
      }
    }
  });

  it('the same object delivered twice at once publishes one image: one MEDIA version, one count, renditions that decode; a late third delivery changes nothing', async () => {
    const shop = await system.createTenant('media-twice');
    await product(shop, 'BOWL');
    const { id, outcomes: twice, delivered } = await upload(shop, 'BOWL', await photo(500, 400), { deliveries: 2 });
    expect(twice.filter((o) => o === 'published')).toHaveLength(1);
    await system.sync();
    const read = async () => (await system.request('GET', '/products/BOWL/media', { token: shop.admin() })).body.items;
    const [image, ...more] = await read();
    expect(more).toEqual([]);
    expect(image).toMatchObject({ id, version: 1, width: 500, height: 400 });
    expect(await commandCount('media-twice', `MEDIA#${id}`)).toBe(1);
    for (const rendition of image.renditions) {
      const meta = await sharp(Buffer.from(await (await fetch(rendition.url)).arrayBuffer())).metadata();
      expect([meta.width, meta.format]).toEqual([rendition.width, rendition.format]);
    }
    expect((await mediaHandler(delivered[0])).outcomes).toEqual(['ignored']);
    await processEvents();
    expect(await read()).toEqual([image]);
    expect(await commandCount('media-twice', `MEDIA#${id}`)).toBe(1);
    // One image counted against maxImagesPerProduct: the owner's counter says 1.
    expect(await imageCount('media-twice', 'product', 'BOWL')).toBe(1);
  });

  it('never upscales: a narrow image gets the widths it reaches and its own', async () => {
    const shop = await system.createTenant('media-narrow');
    await product(shop, 'PIN');
    await upload(shop, 'PIN', await photo(700, 350));
    const [image] = (await system.request('GET', '/products/PIN/media', { token: shop.admin() })).body.items;
    expect([...new Set(image.renditions.map((r: { width: number }) => r.width))].sort((a, b) => (a as number) - (b as number))).toEqual([160, 480, 700]);
  });

  describe('refuses what is no image the shop keeps: the file is deleted, nothing published, and the uploader reads why', () => {
    let shop: TenantTokens;
    beforeAll(async () => {
      shop = await system.createTenant('media-refused');
      await product(shop, 'MUG');
    });
    afterEach(async () => {
      expect((await system.request('GET', '/products/MUG/media', { token: shop.admin() })).body.items).toEqual([]);
    });

    it('a text file named .jpg and sent as image/jpeg (the bytes decide)', async () => {
      const text = await upload(shop, 'MUG', Buffer.from('this is not a picture, whatever its name says\n'), { fileName: 'holiday.jpg' });
      expect(await uploadStatus(shop, 'MUG', text.id)).toMatchObject({ status: 'refused', reason: 'not_an_image' });
      expect(await objectStatus(text.key)).toBe(404);
    });

    it('an 8,000 x 8,000 PNG (64 MP, over the 40 MP limit)', async () => {
      const bomb = await upload(shop, 'MUG', await sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#fff' } }).png().toBuffer(), { contentType: 'image/png', fileName: 'big.png' });
      expect(await uploadStatus(shop, 'MUG', bomb.id)).toMatchObject({ status: 'refused', reason: 'too_many_pixels' });
      expect(await objectStatus(bomb.key)).toBe(404);
    });

    it('a real 11 MB PNG (the local S3 ignores the POST policy: the function checks the size)', async () => {
      const noisy = await sharp(randomBytes(2000 * 2000 * 3), { raw: { width: 2000, height: 2000, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
      expect(noisy.length).toBeGreaterThan(10 * 1024 * 1024);
      expect(noisy.length).toBeLessThan(13 * 1024 * 1024);
      const large = await upload(shop, 'MUG', noisy, { contentType: 'image/png', fileName: 'noise.png' });
      expect(await uploadStatus(shop, 'MUG', large.id)).toMatchObject({ status: 'refused', reason: 'too_large' });
      expect(await objectStatus(large.key)).toBe(404);
    });
  });

  it("refuses a file written under another shop's prefix: deleted, and nothing published in either shop", async () => {
    const mine = await system.createTenant('media-mine');
    const theirs = await system.createTenant('media-theirs');
    await product(mine, 'TEE');
    await product(theirs, 'TEE');
    const ticket = await system.request('POST', '/products/TEE/media', { token: mine.admin(), body: { contentType: 'image/jpeg' } });
    const stranger = `tenants/media-theirs/uploads/${ticket.body.uploadId}`;
    const sent = await upload(mine, 'TEE', await photo(400, 300), { key: stranger });
    expect(sent.outcomes).toContain('ignored');
    expect(sent.outcomes).not.toContain('published');
    expect(await objectStatus(stranger)).toBe(404);
    expect((await system.request('GET', '/products/TEE/media', { token: theirs.admin() })).body.items).toEqual([]);
    expect((await system.request('GET', '/products/TEE/media', { token: mine.admin() })).body.items).toEqual([]);
    expect(await uploadStatus(mine, 'TEE', sent.id)).toMatchObject({ status: 'pending' });
  });

  it('sets alt text and variant links with the version read (409 when stale), reorders, and deletes with the renditions', async () => {
    const shop = await system.createTenant('media-edit');
    await product(shop, 'VASE');
    const a = await upload(shop, 'VASE', await photo(500, 500));
    const b = await upload(shop, 'VASE', await photo(600, 400));
    const admin = shop.admin();
    const alt = await system.request('PATCH', `/products/VASE/media/${a.id}`, { token: admin, body: { expectedVersion: 1, alt: 'A white vase', variantSkus: ['VASE-W'] } });
    expect(alt.status).toBe(200);
    expect(alt.body).toMatchObject({ id: a.id, version: 2, alt: 'A white vase', variantSkus: ['VASE-W'] });
    const stale = await system.request('PATCH', `/products/VASE/media/${a.id}`, { token: admin, body: { expectedVersion: 1, alt: 'lost' } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ currentVersion: 2, expectedVersion: 1 });
    const badSku = await system.request('PATCH', `/products/VASE/media/${a.id}`, { token: admin, body: { expectedVersion: 2, variantSkus: ['OTHER-1'] } });
    expect(badSku.status).toBe(400);
    expect(badSku.body.fields).toEqual([{ field: 'variantSkus.0', problem: 'OTHER-1 is not a variant of product VASE' }]);

    const staleOrder = await system.request('PUT', '/products/VASE/media/order', { token: admin, body: { items: [{ id: b.id, expectedVersion: 1 }, { id: a.id, expectedVersion: 1 }] } });
    expect(staleOrder.status).toBe(409);
    const order = await system.request('PUT', '/products/VASE/media/order', { token: admin, body: { items: [{ id: b.id, expectedVersion: 1 }, { id: a.id, expectedVersion: 2 }] } });
    expect(order.status).toBe(200);
    await system.sync();
    const listed = (await system.request('GET', '/products/VASE/media', { token: admin })).body.items;
    expect(listed.map((m: { id: string; position: number }) => [m.id, m.position])).toEqual([[b.id, 0], [a.id, 1]]);
    // The product itself never moved: images are entities of their own.
    expect((await system.request('GET', '/products/VASE', { token: admin })).body.version).toBe(1);

    const urls: string[] = listed[1].renditions.map((r: { url: string }) => r.url);
    expect((await fetch(urls[0])).status).toBe(200);
    expect((await system.request('DELETE', `/products/VASE/media/${a.id}`, { token: admin })).body).toEqual({ id: a.id, deleted: true });
    for (const url of urls) expect((await fetch(url)).status).toBe(404);
    expect((await system.request('DELETE', `/products/VASE/media/${a.id}`, { token: admin })).body).toEqual({ id: a.id, deleted: true });
    await system.sync();
    expect((await system.request('GET', '/products/VASE/media', { token: admin })).body.items.map((m: { id: string }) => m.id)).toEqual([b.id]);
    expect((await system.request('PATCH', `/products/VASE/media/${a.id}`, { token: admin, body: { expectedVersion: 3, alt: 'gone' } })).status).toBe(404);
  });

  it('shows shoppers the images of a product with rendition URLs, widths and heights; the old image URLs stay', async () => {
    const shop = await system.createTenant('media-public');
    await product(shop, 'BOWL');
    const { id } = await upload(shop, 'BOWL', await photo(1000, 800));
    const read = await system.request('GET', '/products/BOWL', { token: shop.customer() });
    expect(read.status).toBe(200);
    expect(read.body.attributes.images).toEqual(['https://cdn.example/old.jpg']);
    expect(read.body.attributes.media).toHaveLength(1);
    expect(read.body.attributes.media[0]).toMatchObject({ id, width: 1000, height: 800 });
    expect(read.body.attributes.media[0].renditions).toContainEqual({ width: 960, height: 768, format: 'webp', url: expect.stringMatching(new RegExp(`/media/media-public/${id}/960\\.webp$`)) });
    // Staff routes stay staff's.
    expect((await system.request('POST', '/products/BOWL/media', { token: shop.customer(), body: { contentType: 'image/png' } })).status).toBe(403);
  });

  it("gives search hits the product's primary image: the first by position, moved by a reorder, the next after a delete, null after the last, kept by a rebuild, per shop", async () => {
    const shop = await system.createTenant('media-hits');
    const other = await system.createTenant('media-hits-other');
    await product(shop, 'JUG');
    await product(other, 'JUG');
    const hitOf = async (tokens: TenantTokens) => {
      await system.syncReadModel();
      const reply = await system.request('GET', '/search/products?q=jug', { token: tokens.customer() });
      expect(reply.status).toBe(200);
      return reply.body.items.find((h: { code: string }) => h.code === 'JUG');
    };
    expect((await hitOf(shop)).image).toBeNull();

    const a = await upload(shop, 'JUG', await photo(500, 400));
    const b = await upload(shop, 'JUG', await photo(300, 600));
    const admin = shop.admin();
    await system.request('PATCH', `/products/JUG/media/${a.id}`, { token: admin, body: { expectedVersion: 1, alt: 'A jug' } });
    const first = (await hitOf(shop)).image;
    expect(first).toMatchObject({ alt: 'A jug', width: 500, height: 400 });
    expect(first.renditions).toContainEqual({ width: 480, format: 'webp', url: expect.stringMatching(new RegExp(`/media/media-hits/${a.id}/480\\.webp$`)) });
    expect(first.renditions.map((r: { format: string; width: number }) => `${r.format}:${r.width}`).sort()).toEqual(
      ['heif:160', 'heif:480', 'heif:500', 'jpeg:160', 'jpeg:480', 'jpeg:500', 'webp:160', 'webp:480', 'webp:500'].sort(),
    );
    // Another shop's product of the same code has no image.
    expect((await hitOf(other)).image).toBeNull();

    const order = await system.request('PUT', '/products/JUG/media/order', { token: admin, body: { items: [{ id: b.id, expectedVersion: 1 }, { id: a.id, expectedVersion: 2 }] } });
    expect(order.status).toBe(200);
    expect((await hitOf(shop)).image).toMatchObject({ alt: '', width: 300, height: 600 });

    // The rebuild of the shop's read model finds the same image from the event store.
    await rebuildReadModel(await readModel(), { tenant: 'media-hits' });
    expect((await hitOf(shop)).image).toMatchObject({ width: 300, height: 600 });

    expect((await system.request('DELETE', `/products/JUG/media/${b.id}`, { token: admin })).status).toBe(200);
    expect((await hitOf(shop)).image).toMatchObject({ alt: 'A jug', width: 500 });
    expect((await system.request('DELETE', `/products/JUG/media/${a.id}`, { token: admin })).status).toBe(200);
    expect((await hitOf(shop)).image).toBeNull();
  }, 240_000);

  it("gives each variant of a search hit its own first image (bound to its SKU), null for a variant with none; a cart line's SKU finds it, a rebuild keeps it", async () => {
    const shop = await system.createTenant('media-variants');
    await product(shop, 'JAR');
    const admin = shop.admin();
    await upload(shop, 'JAR', await photo(500, 500)); // first: the primary image, for every variant
    const white = await upload(shop, 'JAR', await photo(400, 300));
    const black = await upload(shop, 'JAR', await photo(300, 400));
    const hit = async () => {
      await system.syncReadModel();
      const reply = await system.request('GET', '/search/products?sku=JAR-B', { token: shop.customer() });
      expect(reply.status).toBe(200);
      const [only] = reply.body.items;
      return { primary: only.image, bySku: Object.fromEntries(only.variants.map((v: { sku: string; image: unknown }) => [v.sku, v.image])) };
    };
    // No image bound to a variant yet: each variant has none of its own (the primary image shows for it).
    expect((await hit()).bySku).toEqual({ 'JAR-B': null, 'JAR-W': null });

    expect((await system.request('PATCH', `/products/JAR/media/${white.id}`, { token: admin, body: { expectedVersion: 1, alt: 'White jar', variantSkus: ['JAR-W'] } })).status).toBe(200);
    expect((await system.request('PATCH', `/products/JAR/media/${black.id}`, { token: admin, body: { expectedVersion: 1, alt: 'Black jar', variantSkus: ['JAR-B'] } })).status).toBe(200);
    const bound = await hit();
    expect(bound.primary).toMatchObject({ width: 500, height: 500 });
    expect(bound.bySku['JAR-W']).toMatchObject({ alt: 'White jar', width: 400, height: 300 });
    expect(bound.bySku['JAR-B']).toMatchObject({ alt: 'Black jar', width: 300, height: 400 });
    expect(bound.bySku['JAR-B'].renditions).toContainEqual({ width: 160, format: 'webp', url: expect.stringMatching(new RegExp(`/media/media-variants/${black.id}/160\\.webp$`)) });

    await rebuildReadModel(await readModel(), { tenant: 'media-variants' });
    expect((await hit()).bySku['JAR-B']).toMatchObject({ alt: 'Black jar' });

    // Unbound again, the black variant has no image of its own (the primary image is for every variant, not its own).
    expect((await system.request('PATCH', `/products/JAR/media/${black.id}`, { token: admin, body: { expectedVersion: 2, variantSkus: [] } })).status).toBe(200);
    expect((await hit()).bySku).toEqual({ 'JAR-B': null, 'JAR-W': expect.objectContaining({ alt: 'White jar' }) });
  }, 240_000);
});
