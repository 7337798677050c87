import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drainLocalJobs } from '../../src/core/job-queue';
import { JobFiles } from '../../src/modules/bulk/job-files';
import { handler as bulkJobs } from '../../src/handlers/bulk-jobs';
import { freePort } from '../../scripts/lib/dynamodb-local';
import { startS3Local } from '../../scripts/lib/s3-local';
import { commandCount } from '../support/commands';
import { expectOk } from '../support/storefront';
import { orderBody } from '../support/shop';
import { TenantTokens, TestSystem } from '../support/test-system';

const HEADER = 'product_code,product_name,description,category_codes,active,options,sku,price,currency,compare_at_price,weight_grams,tax_class,variant_active,stock';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';

/** Good rows and bad ones: each bad row names its column. */
const MIXED = csv(
  'TEE,T-shirt,Soft cotton,clothing,true,Size=S,TEE-S,1999,USD,,200,standard,true,main=10',
  'TEE,T-shirt,Soft cotton,clothing,true,Size=M,TEE-M,1999,USD,2499,200,standard,true,main=5|eu=2',
  'CUP,Cup,,,true,,CUP-1,abc,USD,,,,,',
  'MUG,Mug,,nope,true,,MUG-1,500,USD,,,,,',
  '"BAD code!",X,,,true,,X-1,100,USD,,,,,',
  'EURO,Euro thing,,,true,,EURO-1,100,EUR,,,,,',
  'CAP,Cap,,,true,,TEE-S,900,USD,,,,,',
);
const MIXED_REPORT = [
  'row,product_code,sku,outcome,column,reason',
  '2,TEE,TEE-S,created,,',
  '3,TEE,TEE-M,created,,',
  '4,CUP,CUP-1,failed,price,must be a whole number (minor units for money: 1999 is 19.99)',
  '5,MUG,MUG-1,failed,category_codes,no category nope',
  '6,BAD code!,X-1,failed,product_code,"must be 1-64 letters, digits, dots, dashes or underscores"',
  '7,EURO,EURO-1,failed,currency,must be the shop currency USD',
  '8,CAP,TEE-S,failed,sku,is given twice (row 2)',
];

describe('bulk import and export: CSV files through S3, jobs on their own consumer (DynamoDB Local, local S3)', () => {
  let system: TestSystem;
  let s3: { endpoint: string; stop(): Promise<void> };
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shopstream-bulk-'));
    s3 = await startS3Local(await freePort(), join(dir, 's3'), ['shopstream-jobs']);
    process.env.S3_ENDPOINT = s3.endpoint;
    process.env.JOBS_QUEUE_DIR = join(dir, 'queue');
    system = await TestSystem.start();
  });
  afterAll(async () => {
    // The local S3 stops even when the contract check in system.stop() fails: a server left
    // running keeps jest from exiting.
    try {
      await system.stop();
    } finally {
      await s3.stop();
      delete process.env.S3_ENDPOINT;
      delete process.env.JOBS_QUEUE_DIR;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Runs the jobs consumer on the queued steps (all, or `steps`), then the stream. */
  const runJobs = async (steps = Infinity) => {
    await drainLocalJobs(bulkJobs, steps);
    await system.sync();
  };

  /** POST /imports, the file through the presigned form, start: the job's id. */
  async function importFile(shop: TenantTokens, file: string, dryRun = false): Promise<string> {
    const created = await system.request('POST', '/imports', { token: shop.admin(), body: { kind: 'products', dryRun } });
    expect(created.status).toBe(201);
    await upload(created.body.upload, file);
    const id = created.body.import.code as string;
    expect((await system.request('POST', `/imports/${id}/start`, { token: shop.admin() })).body.attributes.status).toBe('validating');
    return id;
  }

  async function upload(form: { url: string; fields: Record<string, string> }, file: string): Promise<void> {
    const body = new FormData();
    for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
    body.append('file', new Blob([file], { type: 'text/csv' }), 'products.csv');
    const sent = await fetch(form.url, { method: 'POST', body });
    expect(sent.status).toBeLessThan(300);
  }

  const job = async (shop: TenantTokens, id: string) => (await expectOk(system.request('GET', `/imports/${id}`, { token: shop.admin() }))).body;
  const report = async (shop: TenantTokens, id: string) => {
    const reply = await system.request('GET', `/imports/${id}/report`, { token: shop.admin() });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/csv/);
    return (reply.body as string).trimEnd().split('\r\n');
  };
  const product = async (shop: TenantTokens, code: string) => system.request('GET', `/products/${code}`, { token: shop.admin() });
  const levels = async (shop: TenantTokens, sku: string) => (await expectOk(system.request('GET', `/inventory/${sku}`, { token: shop.admin() }))).body.warehouses;

  it('checks every row and reports each by row, column and reason; the good products are written with their stock', async () => {
    const shop = await system.createTenant('bulk-mixed');
    await expectOk(system.request('POST', '/categories', { token: shop.admin(), body: { code: 'clothing', name: 'Clothing', slug: 'clothing' } }));
    const id = await importFile(shop, MIXED);
    await runJobs();
    expect((await job(shop, id)).attributes).toMatchObject({ status: 'completed', rows: 7, counts: { created: 2, updated: 0, unchanged: 0, failed: 5 }, reportReady: true });
    expect(await report(shop, id)).toEqual(MIXED_REPORT);
    const tee = (await product(shop, 'TEE')).body;
    expect(tee).toMatchObject({ version: 1, name: 'T-shirt', attributes: { description: 'Soft cotton', categoryCodes: ['clothing'], price: { amount: 1999, currency: 'USD' }, options: [{ name: 'Size', values: ['S', 'M'] }] } });
    expect(tee.attributes.variants.map((v: { sku: string; compareAtPrice?: { amount: number } }) => [v.sku, v.compareAtPrice?.amount])).toEqual([['TEE-S', undefined], ['TEE-M', 2499]]);
    for (const code of ['CUP', 'MUG', 'EURO', 'CAP']) expect((await product(shop, code)).status).toBe(404);
    expect((await levels(shop, 'TEE-M')).map((l: { warehouse: string; onHand: number }) => [l.warehouse, l.onHand]).sort()).toEqual([['eu', 2], ['main', 5]]);
  });

  it('changes nothing when the same file runs again: every good row unchanged, no new versions', async () => {
    const shop = await system.createTenant('bulk-twice');
    await expectOk(system.request('POST', '/categories', { token: shop.admin(), body: { code: 'clothing', name: 'Clothing', slug: 'clothing' } }));
    await importFile(shop, MIXED);
    await runJobs();
    const productVersions = await commandCount('bulk-twice', 'PRODUCT#');
    const stockBefore = await levels(shop, 'TEE-M');
    const again = await importFile(shop, MIXED);
    await runJobs();
    expect((await job(shop, again)).attributes).toMatchObject({ status: 'completed', counts: { created: 0, updated: 0, unchanged: 2, failed: 5 } });
    expect((await report(shop, again)).slice(1, 3)).toEqual(['2,TEE,TEE-S,unchanged,,', '3,TEE,TEE-M,unchanged,,']);
    expect(await commandCount('bulk-twice', 'PRODUCT#')).toBe(productVersions);
    expect(await levels(shop, 'TEE-M')).toEqual(stockBefore);
    // A changed price and stock count are updates, of that product only.
    const changed = await importFile(shop, csv('TEE,T-shirt,Soft cotton,clothing,true,Size=S,TEE-S,1999,USD,,200,standard,true,main=10', 'TEE,T-shirt,Soft cotton,clothing,true,Size=M,TEE-M,2199,USD,2499,200,standard,true,main=7|eu=2'));
    await runJobs();
    expect(await report(shop, changed)).toEqual(['row,product_code,sku,outcome,column,reason', '2,TEE,TEE-S,updated,,', '3,TEE,TEE-M,updated,,']);
    expect((await product(shop, 'TEE')).body.version).toBe(2);
    expect((await levels(shop, 'TEE-M')).find((l: { warehouse: string }) => l.warehouse === 'main')).toMatchObject({ onHand: 7, version: 2 });
  });

  it('a dry run reports what would happen and writes nothing', async () => {
    const shop = await system.createTenant('bulk-dry');
    await expectOk(system.request('POST', '/categories', { token: shop.admin(), body: { code: 'clothing', name: 'Clothing', slug: 'clothing' } }));
    const id = await importFile(shop, MIXED, true);
    await runJobs();
    expect((await job(shop, id)).attributes).toMatchObject({ status: 'validated', dryRun: true, counts: { created: 2, failed: 5 }, reportReady: true });
    expect(await report(shop, id)).toEqual(MIXED_REPORT);
    expect(await commandCount('bulk-dry', 'PRODUCT#')).toBe(0);
    expect((await system.request('GET', '/inventory/TEE-S', { token: shop.admin() })).status).toBe(404);
    // The dry run freed the shop's import slot.
    expect((await system.request('POST', '/imports', { token: shop.admin(), body: { kind: 'products' } })).status).toBe(201);
  });

  it("another shop's staff get 404 for /imports/:id, /imports/:id/report, /imports/:id/start and /cancel, and /exports/:id: never shop A's job, report or link; nothing changes in shop A", async () => {
    // Jobs are ULIDs, unique across shops, so shop B names exactly shop A's job. Each route reads it
    // at `pk = TENANT#<the caller's verified tenant>`, `IMPORT#<id>` / `EXPORT#<id>` (and the report
    // file under `tenants/<that tenant>/`): were the partition or the file's prefix built from
    // anything the request carries, shop B would get 200 with shop A's job, its CSV report or a
    // download link of its export (or start and cancel it), and each expectation below would fail.
    const shopA = await system.createTenant('bulk-iso-a');
    const shopB = await system.createTenant('bulk-iso-b');
    const id = await importFile(shopA, csv('ISO,Iso,,,true,,ISO-1,100,USD,,,,,main=1'));
    await runJobs();
    const exported = await expectOk(system.request('POST', '/exports', { token: shopA.admin(), body: { kind: 'products' } }));
    await runJobs();
    const jobBefore = await job(shopA, id);
    const exportBefore = (await expectOk(system.request('GET', `/exports/${exported.body.code}`, { token: shopA.admin() }))).body;
    expect([jobBefore.attributes.status, exportBefore.attributes.status]).toEqual(['completed', 'completed']);

    const asB = (method: string, path: string, body?: unknown) => system.request(method, path, { token: shopB.admin(), body });
    for (const reply of [
      await asB('GET', `/imports/${id}`),
      await asB('GET', `/imports/${id}/report`),
      await asB('POST', `/imports/${id}/start`, {}),
      await asB('POST', `/imports/${id}/cancel`, {}),
      await asB('GET', `/exports/${exported.body.code}`),
    ]) {
      expect(reply.status).toBe(404);
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      expect(text).not.toContain('ISO-1');
      expect(text).not.toContain('bulk-iso-a');
      expect(text).not.toContain('X-Amz');
    }
    expect((await expectOk(asB('GET', '/imports'))).body.items).toEqual([]);
    // Shop A's job and export are as they were.
    expect(await job(shopA, id)).toEqual(jobBefore);
    expect(await report(shopA, id)).toEqual(['row,product_code,sku,outcome,column,reason', '2,ISO,ISO-1,created,,']);
    expect((await expectOk(system.request('GET', `/exports/${exported.body.code}`, { token: shopA.admin() }))).body).toMatchObject({ code: exported.body.code, version: exportBefore.version, attributes: { status: 'completed', rows: 1 } });
  });

  it('runs one import at a time per shop (409 naming the running one); cancel frees it and stops the job', async () => {
    const shop = await system.createTenant('bulk-one');
    const first = await system.request('POST', '/imports', { token: shop.admin(), body: { kind: 'products' } });
    const second = await system.request('POST', '/imports', { token: shop.admin(), body: { kind: 'products' } });
    expect(second.body).toMatchObject({ statusCode: 409, reason: 'import_running', jobId: first.body.import.code });
    // Another shop is not held up.
    const other = await system.createTenant('bulk-other');
    expect((await system.request('POST', '/imports', { token: other.admin(), body: { kind: 'products' } })).status).toBe(201);
    expect((await system.request('POST', `/imports/${first.body.import.code}/start`, { token: shop.admin() })).body).toMatchObject({ statusCode: 409, reason: 'import_not_uploaded' });
    expect((await expectOk(system.request('POST', `/imports/${first.body.import.code}/cancel`, { token: shop.admin() }))).body.attributes.status).toBe('cancelled');
    // Cancelling again answers the cancelled job.
    expect((await expectOk(system.request('POST', `/imports/${first.body.import.code}/cancel`, { token: shop.admin() }))).body.attributes.status).toBe('cancelled');

    // Cancelled between validation and the first batch: nothing is applied.
    const id = await importFile(shop, csv('LAMP,Lamp,,,true,,LAMP-1,4500,USD,,,,,main=3'));
    await runJobs(1);
    expect((await job(shop, id)).attributes.status).toBe('applying');
    await expectOk(system.request('POST', `/imports/${id}/cancel`, { token: shop.admin() }));
    // The next import may begin at once; the cancelled one's last step (its report) leaves the new one's slot alone.
    const next = await system.request('POST', '/imports', { token: shop.admin(), body: { kind: 'products' } });
    expect(next.status).toBe(201);
    await runJobs();
    expect((await job(shop, id)).attributes).toMatchObject({ status: 'cancelled', reportReady: true });
    expect(await report(shop, id)).toEqual(['row,product_code,sku,outcome,column,reason']);
    expect((await product(shop, 'LAMP')).status).toBe(404);
    expect((await system.request('POST', `/imports/${id}/cancel`, { token: shop.admin() })).status).toBe(200);
    expect((await system.request('POST', '/imports', { token: shop.admin(), body: { kind: 'products' } })).body).toMatchObject({ statusCode: 409, jobId: next.body.import.code });
    const list = await expectOk(system.request('GET', '/imports', { token: shop.admin() }));
    expect(list.body.items.map((i: { code: string }) => i.code)).toEqual([first.body.import.code, id, next.body.import.code]);
  });

  it('creates the categories a category_path names (a dry run reports them created), links the product under them, and creates nothing the second time', async () => {
    const shop = await system.createTenant('bulk-paths');
    await expectOk(system.request('POST', '/categories', { token: shop.admin(), body: { code: 'clothing', name: 'Clothing', slug: 'clothing' } }));
    const withPaths = [
      'product_code,product_name,sku,price,currency,category_path',
      'SHIRT,Shirt,SHIRT-1,2500,USD,clothing > Shirts|Sale',
      'POLO,Polo,POLO-1,3000,USD,Clothing > Shirts > Polo shirts',
      'HAT,Hat,HAT-1,abc,USD,Hats',
      'BAD,Bad,BAD-1,100,USD,Clothing >  > Socks',
    ].join('\r\n');
    const dry = await importFile(shop, withPaths, true);
    await runJobs();
    const expected = [
      'row,product_code,sku,outcome,column,reason',
      '2,SHIRT,,created,category_path,category clothing-shirts (clothing > Shirts)',
      '2,SHIRT,,created,category_path,category sale (Sale)',
      '2,SHIRT,SHIRT-1,created,,',
      '3,POLO,,created,category_path,category clothing-shirts-polo-shirts (Clothing > Shirts > Polo shirts)',
      '3,POLO,POLO-1,created,,',
      '4,HAT,HAT-1,failed,price,must be a whole number (minor units for money: 1999 is 19.99)',
      '5,BAD,BAD-1,failed,category_path,"Clothing >  > Socks: names separated by >, none empty"',
    ];
    expect((await job(shop, dry)).attributes).toMatchObject({ status: 'validated', categoriesCreated: 3, counts: { created: 2, failed: 2 } });
    expect(await report(shop, dry)).toEqual(expected);
    expect(await commandCount('bulk-paths', 'CATEGORY#')).toBe(1);

    const real = await importFile(shop, withPaths);
    await runJobs();
    expect((await job(shop, real)).attributes).toMatchObject({ status: 'completed', categoriesCreated: 3, counts: { created: 2, failed: 2 } });
    expect(await report(shop, real)).toEqual(expected);
    const categories = (await expectOk(system.request('GET', '/categories', { token: shop.admin() }))).body.items;
    expect(categories.map((c: { code: string; name: string; attributes: { parentCode?: string; slug: string } }) => [c.code, c.name, c.attributes.parentCode, c.attributes.slug]).sort()).toEqual([
      ['clothing', 'Clothing', undefined, 'clothing'],
      ['clothing-shirts', 'Shirts', 'clothing', 'clothing-shirts'],
      ['clothing-shirts-polo-shirts', 'Polo shirts', 'clothing-shirts', 'clothing-shirts-polo-shirts'],
      ['sale', 'Sale', undefined, 'sale'],
    ]);
    expect((await product(shop, 'SHIRT')).body.attributes.categoryCodes).toEqual(['clothing-shirts', 'sale']);
    expect((await product(shop, 'POLO')).body.attributes.categoryCodes).toEqual(['clothing-shirts-polo-shirts']);
    // Listed under the new categories and their ancestors.
    const listed = await expectOk(system.request('GET', '/categories/clothing/products', { token: shop.admin() }));
    expect(listed.body.items.map((i: { productCode: string }) => i.productCode).sort()).toEqual(['POLO', 'SHIRT']);

    const versions = await commandCount('bulk-paths', '');
    const again = await importFile(shop, withPaths);
    await runJobs();
    expect((await job(shop, again)).attributes).toMatchObject({ status: 'completed', categoriesCreated: 0, counts: { created: 0, updated: 0, unchanged: 2, failed: 2 } });
    // Only the job's own versions are new.
    expect((await commandCount('bulk-paths', '')) - versions).toBe(await commandCount('bulk-paths', `IMPORT#${again}`));
  });

  it("a crashed import holds the shop's import slot only for its lease: a later import takes it over and the crashed one ends", async () => {
    const shop = await system.createTenant('bulk-lease');
    // Validated, then its consumer crashed: nothing moves it any more.
    const crashed = await importFile(shop, csv('LAMP,Lamp,,,true,,LAMP-1,4500,USD,,,,,main=3'));
    expect((await system.request('POST', '/imports', { token: shop.admin(), body: { kind: 'products' } })).body).toMatchObject({ statusCode: 409, jobId: crashed });
    const at = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => at + 29 * 60_000);
    expect((await system.request('POST', '/imports', { token: shop.admin(), body: { kind: 'products' } })).body).toMatchObject({ statusCode: 409, jobId: crashed });
    jest.spyOn(Date, 'now').mockImplementation(() => at + 31 * 60_000);
    const next = await system.request('POST', '/imports', { token: shop.admin(), body: { kind: 'products' } });
    jest.restoreAllMocks();
    expect(next.status).toBe(201);
    expect((await job(shop, crashed)).attributes).toMatchObject({ status: 'failed', error: expect.stringContaining(`import ${next.body.import.code} took the slot over`) });
    // The new holder's slot is its own: a third waits for it, and the crashed job's step, delivered late, writes nothing.
    expect((await system.request('POST', '/imports', { token: shop.admin(), body: { kind: 'products' } })).body).toMatchObject({ statusCode: 409, jobId: next.body.import.code });
    await runJobs();
    expect((await product(shop, 'LAMP')).status).toBe(404);
    await expectOk(system.request('POST', `/imports/${next.body.import.code}/cancel`, { token: shop.admin() }));
    expect((await system.request('POST', '/imports', { token: shop.admin(), body: { kind: 'products' } })).status).toBe(201);
  });

  it('an import racing an admin edit of the same product: the row fails with the 409, the admin edit stands', async () => {
    const shop = await system.createTenant('bulk-race');
    await expectOk(system.request('POST', '/products', { token: shop.admin(), body: { code: 'VASE', name: 'Vase', sku: 'VASE-1', price: { amount: 3000, currency: 'USD' } } }));
    await system.sync();
    const id = await importFile(shop, csv('VASE,Big vase,,,true,,VASE-1,3500,USD,,,,,', 'BOWL,Bowl,,,true,,BOWL-1,1500,USD,,,,,'));
    await runJobs(1); // validated against VASE version 1
    await expectOk(system.request('PATCH', '/products/VASE', { token: shop.admin(), body: { expectedVersion: 1, name: 'Admin vase' } }));
    await runJobs();
    expect(await report(shop, id)).toEqual([
      'row,product_code,sku,outcome,column,reason',
      '2,VASE,VASE-1,failed,product_code,"product VASE is at version 2, not 1"',
      '3,BOWL,BOWL-1,created,,',
    ]);
    expect((await product(shop, 'VASE')).body).toMatchObject({ version: 2, name: 'Admin vase', attributes: { price: { amount: 3000 } } });
  });

  it('refuses an export filter of another kind (400 naming it)', async () => {
    const shop = await system.createTenant('bulk-bad-export');
    const bad = await system.request('POST', '/exports', { token: shop.admin(), body: { kind: 'products', filters: { status: 'confirmed' } } });
    expect(bad.body).toMatchObject({ statusCode: 400, fields: [{ field: 'filters.status' }] });
    expect((await system.request('POST', '/exports', { token: shop.customer(), body: { kind: 'orders' } })).status).toBe(403);
  });

  it('exports products (filtered, formulas neutralised, in the import columns) and orders through a download link', async () => {
    const shop = await system.createTenant('bulk-export');
    await importFile(shop, csv('F,"=HYPERLINK(""http://x"")","@SUM(A1), with comma",,true,,F-1,100,USD,,,,,main=4', 'OLD,Old,,,false,,OLD-1,100,USD,,,,,'));
    await runJobs();
    const asked = await system.request('POST', '/exports', { token: shop.admin(), body: { kind: 'products', filters: { active: true } } });
    expect(asked.status).toBe(201);
    expect(asked.body.attributes).toMatchObject({ kind: 'products', status: 'running' });
    await runJobs();
    const done = (await expectOk(system.request('GET', `/exports/${asked.body.code}`, { token: shop.admin() }))).body;
    expect(done.attributes).toMatchObject({ status: 'completed', rows: 1 });
    const file = await (await fetch(done.download.url)).text();
    expect(file.split('\r\n')).toEqual([HEADER, `F,"'=HYPERLINK(""http://x"")","'@SUM(A1), with comma",,true,,F-1,100,USD,,0,standard,true,main=4`, '']);

    // Orders, filtered by when they were placed and by status.
    await expectOk(system.request('PATCH', '/inventory/F-1', { token: shop.admin(), body: { expectedVersion: 1, onHand: 10, reason: 'restock' } }));
    const first = await system.request('POST', '/orders', { token: shop.customer(), body: orderBody([{ productCode: 'F', quantity: 1 }]) });
    expect(first.status).toBe(201);
    const second = await system.request('POST', '/orders', { token: shop.customer(), body: orderBody([{ productCode: 'F', quantity: 2 }]) });
    await system.sync();
    const since = await system.request('POST', '/exports', { token: shop.admin(), body: { kind: 'orders', filters: { placedFrom: second.body.attributes.placedAt } } });
    const cancelled = await system.request('POST', '/exports', { token: shop.admin(), body: { kind: 'orders', filters: { status: 'cancelled' } } });
    await runJobs();
    const orders = (await expectOk(system.request('GET', `/exports/${since.body.code}`, { token: shop.admin() }))).body;
    const lines = (await (await fetch(orders.download.url)).text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('order_code,status,placed_at,customer_email,currency,subtotal,tax,total,lines,items');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([second.body.code]);
    expect(lines[1]).toContain(',F-1=2');
    expect((await expectOk(system.request('GET', `/exports/${cancelled.body.code}`, { token: shop.admin() }))).body.attributes.rows).toBe(0);
    expect(new Date(orders.download.validUntil).getTime()).toBeGreaterThan(Date.now());
  });

  it('an export that fails on every run ends failed with the reason after three runs, not running for ever', async () => {
    const shop = await system.createTenant('bulk-export-fails');
    const asked = await system.request('POST', '/exports', { token: shop.admin(), body: { kind: 'orders' } });
    const s3Down = jest.spyOn(JobFiles.prototype, 'write').mockRejectedValue(new Error('injected: S3 unavailable'));
    try {
      const attempts: unknown[] = [];
      for (let run = 1; run <= 3; run++) {
        await runJobs();
        attempts.push((await expectOk(system.request('GET', `/exports/${asked.body.code}`, { token: shop.admin() }))).body.attributes);
      }
      expect(attempts).toEqual([
        expect.objectContaining({ status: 'running', attempts: 1 }),
        expect.objectContaining({ status: 'running', attempts: 2 }),
        { kind: 'orders', filters: {}, status: 'failed', attempts: 3, error: 'failed 3 times; the last time: injected: S3 unavailable' },
      ]);
      // The step is done with: nothing is left on the queue.
      expect(await drainLocalJobs(bulkJobs)).toBe(0);
    } finally {
      s3Down.mockRestore();
    }
  });
});
