/**
 * The bulk import phase of `npm run bench`: a CSV of IMPORT_ROWS rows (two variants per product,
 * stock in one warehouse) through the real path: POST /imports, the presigned upload to a local
 * S3 API, POST /imports/{id}/start, then the jobs consumer (src/handlers/bulk-jobs.ts) draining
 * its local queue, as `npm start` does. Prints rows/s for the first run (every row created) and
 * for the same file again (every row unchanged, nothing written).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drainLocalJobs } from '../src/core/job-queue';
import { handler as bulkJobs } from '../src/handlers/bulk-jobs';
import { freePort } from '../scripts/lib/dynamodb-local';
import { startS3Local } from '../scripts/lib/s3-local';

export interface ImportBenchResult {
  run: 'first' | 'again';
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  counts: Record<string, number>;
}

type Call = (path: string, method: string, headers: Record<string, string>, body: unknown, expected: number) => Promise<any>;

/** Starts its own S3 API and job queue (S3_ENDPOINT, JOBS_QUEUE_DIR): call before anything reads config() for jobs. */
export async function importBenchSetup(): Promise<{ stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'shopstream-bench-import-'));
  const s3 = await startS3Local(await freePort(), join(dir, 's3'), ['shopstream-jobs']);
  Object.assign(process.env, { S3_ENDPOINT: s3.endpoint, JOBS_QUEUE_DIR: join(dir, 'queue') });
  return {
    stop: async () => {
      await s3.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function benchCsv(rows: number): string {
  const lines = ['product_code,product_name,description,category_codes,active,options,sku,price,currency,compare_at_price,weight_grams,tax_class,variant_active,stock'];
  for (let i = 0; i < rows; i++) {
    const product = Math.floor(i / 2);
    const size = i % 2 === 0 ? 'S' : 'M';
    lines.push(`P${product},Product ${product},"A product, number ${product}",,true,Size=${size},P${product}-${size},${1000 + (product % 500)},USD,,250,standard,true,main=${10 + (i % 7)}`);
  }
  return lines.join('\r\n') + '\r\n';
}

export async function importBench(call: Call, adminToken: string, rows: number): Promise<ImportBenchResult[]> {
  const file = benchCsv(rows);
  const headers = { authorization: `Bearer ${adminToken}` };
  const json = { ...headers, 'content-type': 'application/json' };
  const results: ImportBenchResult[] = [];
  for (const run of ['first', 'again'] as const) {
    const created = await call('/imports', 'POST', json, { kind: 'products' }, 201);
    const form = new FormData();
    for (const [name, value] of Object.entries(created.upload.fields as Record<string, string>)) form.append(name, value);
    form.append('file', new Blob([file], { type: 'text/csv' }), 'bench.csv');
    const uploaded = await fetch(created.upload.url, { method: 'POST', body: form });
    if (uploaded.status >= 300) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
    const started = performance.now();
    await call(`/imports/${created.import.code}/start`, 'POST', headers, undefined, 200);
    await drainLocalJobs(bulkJobs);
    const seconds = (performance.now() - started) / 1000;
    const job = await call(`/imports/${created.import.code}`, 'GET', headers, undefined, 200);
    if (job.attributes.status !== 'completed') throw new Error(`import ${created.import.code} ended ${job.attributes.status}: ${JSON.stringify(job.attributes)}`);
    results.push({ run, rows, seconds, rowsPerSecond: rows / seconds, counts: job.attributes.counts });
  }
  return results;
}
