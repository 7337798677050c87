/**
 * `npm run bench:search` (compiled with tsc first: the load part runs the Nest API), three parts
 * (`BENCH_SEARCH_PARTS`, default `search,rebuild,load`):
 *  search:  a generated catalog (BENCH_SEARCH_PRODUCTS products, 20,000 unless told; 100,000 is
 *           the size) across 10 tenants, loaded through the real projection into an
 *           in-memory PGlite, then p50/p95 of typical searches with all facets. Target: p95 <=
 *           50 ms for a text query with three filters.
 *  rebuild: the same catalog written to DynamoDB Local as the event store holds it, then the
 *           real rebuild from it, timed (bench/search-rebuild.ts).
 *  load:    projection lag and throughput under the checkout load, and the consumer's pace
 *           on a backlog (bench/search-load.ts), with the rebuilt catalog in the read model.
 * The rebuild and the load use the process's read model, an on-disk PGlite in a temporary
 * folder (as `npm start` keeps it in .data/read-model). A benchmark, not a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectEntity, projectProducts, projectStockLevels } from '../src/modules/search/catalog.projection';
import { SearchRequest } from '../src/modules/search/search.model';
import { runSearch } from '../src/modules/search/search.service';
import { logger } from '../src/core/logger';
import { PgDb } from '../src/read-model/pg.db';
import { PgliteDb } from '../src/read-model/pglite.db';
import { SqlDb } from '../src/read-model/sql';
import { startPostgres } from '../scripts/lib/postgres';
import { closeReadModel, ReadModel } from '../src/read-model/read-model';
import { benchTenants, catalog, COLORS, NOUNS, pick, random, SIZES, TENANTS } from './search-catalog';
import { LoadResult, projectionLoadPart } from './search-load';
import { RebuildResult, rebuildPart } from './search-rebuild';

const PRODUCTS = Number(process.env.BENCH_SEARCH_PRODUCTS ?? 20_000);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 100);
const PARTS = new Set((process.env.BENCH_SEARCH_PARTS ?? 'search,rebuild,load').split(',').map((p) => p.trim()));
const LOAD_SHOPPERS = Number(process.env.BENCH_LOAD_SHOPPERS ?? 100);
const LOAD_ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 3);
const POLL_MS = Number(process.env.STREAM_POLL_MS ?? 250);
const out = (line = '') => process.stdout.write(`${line}\n`);

/** BENCH_SEARCH_EXPLAIN=1: the plan of a text query with three filters, to see where time goes. */
async function explain(model: ReadModel, tenant: string): Promise<void> {
  await model.forTenant(tenant, async (scope) => {
    const calls: { sql: string; params: readonly unknown[] }[] = [];
    const spy = { ...scope, query: async <T>(sql: string, params: readonly unknown[] = []) => { calls.push({ sql, params }); return scope.query<T>(sql, params); } };
    await runSearch(spy, { q: 'hoodie', category: 'c1', minPrice: 1000, maxPrice: 20000, options: [{ name: 'size', values: ['M'] }], sort: 'relevance', limit: 20 });
    const timed = { ...scope, query: async <T>(sql: string, params: readonly unknown[] = []) => { const s = process.hrtime.bigint(); const r = await scope.query<T>(sql, params); out(`statement ${(Number(process.hrtime.bigint() - s) / 1e6).toFixed(1)} ms: ${sql.trim().slice(0, 60).replace(/\s+/g, ' ')}`); return r; } };
    for (let i = 0; i < 3; i++) await runSearch(timed, { q: 'hoodie', category: 'c1', minPrice: 1000, maxPrice: 20000, options: [{ name: 'size', values: ['M'] }], sort: 'relevance', limit: 20 });
    const last = calls[calls.length - 1];
    const plan = await scope.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS OFF) ${last.sql}`, last.params);
    out(plan.map((r) => r['QUERY PLAN']).join('\n'));
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  Object.assign(process.env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'SILENT' });
  // The logger was made when the modules loaded: the bench prints figures, logs only when asked.
  logger.setLogLevel(process.env.LOG_LEVEL as 'SILENT');
  const dir = mkdtempSync(join(tmpdir(), 'shopstream-bench-search-'));
  process.env.READ_MODEL_DIR = join(dir, 'read-model');
  try {
    if (PARTS.has('search')) await searchPart();
    if (PARTS.has('rebuild')) reportRebuild(await rebuildPart(PRODUCTS));
    if (PARTS.has('load')) reportLoad(await projectionLoadPart({ shoppers: LOAD_SHOPPERS, rounds: LOAD_ROUNDS, pollMs: POLL_MS }));
  } finally {
    await closeReadModel();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Where the search part runs: PGlite in memory (as every local read model), or with
 * `BENCH_SEARCH_DB=postgres` a real PostgreSQL 16 over the wire (`pg`), the path Aurora takes.
 */
async function searchDb(): Promise<{ db: SqlDb; name: string; stop: () => Promise<void> }> {
  if (process.env.BENCH_SEARCH_DB !== 'postgres') return { db: await PgliteDb.open(), name: 'PGlite in memory', stop: async () => undefined };
  const server = await startPostgres();
  return { db: await PgDb.connect(server.pool), name: 'PostgreSQL 16 over the wire', stop: server.stop };
}

async function searchPart(): Promise<void> {
  const { db, name, stop } = await searchDb();
  try {
    await timeSearches(await ReadModel.open(db), name);
  } finally {
    await db.close();
    await stop();
  }
}

async function timeSearches(model: ReadModel, dbName: string): Promise<void> {
  const tenants = benchTenants();
  const loadStarted = Date.now();
  let loaded = 0;
  for (const chunk of catalog(PRODUCTS)) {
    // The same statements the stream consumer and the rebuild run, 500 products at a time.
    await model.forTenant(chunk.tenant, async (scope) => {
      for (const category of chunk.categories) await projectEntity(scope, category);
      await projectProducts(scope, chunk.products);
      await projectStockLevels(scope, chunk.levels);
    });
    loaded += chunk.products.length;
  }
  await model.db.exec('ANALYZE');
  const loadMs = Date.now() - loadStarted;
  out(`catalog: ${loaded} products across ${TENANTS} tenants, loaded through the projection into ${dbName} in ${(loadMs / 1000).toFixed(1)} s`);

  if (process.env.BENCH_SEARCH_EXPLAIN) await explain(model, tenants[0]);
  const base = { options: [], sort: 'relevance' as const, limit: 20 };
  const cases: { name: string; request: () => SearchRequest }[] = [
    { name: 'text only', request: () => ({ ...base, q: pick(NOUNS) }) },
    { name: 'text + 3 filters (category, price, size) + all facets', request: () => ({ ...base, q: pick(NOUNS), category: `c${Math.floor(random() * 5)}`, minPrice: 1000, maxPrice: 20000, options: [{ name: 'size', values: [pick(SIZES)] }] }) },
    { name: 'text + 4 filters incl. in stock, sort by price', request: () => ({ ...base, q: pick(NOUNS), category: `c${Math.floor(random() * 5)}`, maxPrice: 15000, inStock: true, options: [{ name: 'color', values: [pick(COLORS), pick(COLORS)] }], sort: 'price_asc' }) },
    { name: 'prefix and typo ("hodie", "sneak")', request: () => ({ ...base, q: pick(['hodie', 'sneak', 'jackt', 'blank']) }) },
    { name: 'browse a category, newest, no text', request: () => ({ ...base, category: `c${Math.floor(random() * 5)}-${Math.floor(random() * 4)}`, sort: 'newest' }) },
  ];
  out(`${RUNS} searches per case, each with every facet (ms):`);
  out('| case | p50 | p95 | max | hits (last) |');
  out('|---|---|---|---|---|');
  for (const c of cases) {
    for (let i = 0; i < 10; i++) await model.forTenant(pick(tenants), (scope) => runSearch(scope, c.request()));
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) {
      const request = c.request();
      const started = process.hrtime.bigint();
      const result = await model.forTenant(pick(tenants), (scope) => runSearch(scope, request));
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      total = result.total;
    }
    times.sort((a, b) => a - b);
    out(`| ${c.name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${times[times.length - 1].toFixed(1)} | ${total} |`);
  }
}

function reportRebuild(r: RebuildResult): void {
  const seconds = r.rebuild.ms / 1000;
  out();
  out(`rebuild: the catalog in DynamoDB Local (${r.written.commands} versions in the command table, ${r.written.levels} stock levels in the data table, batch-written in ${(r.written.ms / 1000).toFixed(1)} s), rebuilt by rebuildReadModel into an on-disk PGlite:`);
  out(`  ${r.rebuild.entities} entities + ${r.rebuild.stockLevels} stock levels of ${r.rebuild.tenants.length} tenants in ${r.rebuild.ms} ms: ${(r.rebuild.entities / seconds).toFixed(0)} entities/s (${((r.rebuild.entities + r.rebuild.stockLevels) / seconds).toFixed(0)} items/s with the stock levels); ${r.products} products in the new generation`);
  out(`  of which reading DynamoDB (${r.reads.queries} queries) ${(r.reads.ms / 1000).toFixed(1)} s, projecting ${((r.rebuild.ms - r.reads.ms) / 1000).toFixed(1)} s`);
  if (r.products !== r.written.products || r.rebuild.stockLevels !== r.written.levels) {
    out('REBUILD INCOMPLETE: failing the run');
    process.exitCode = 1;
  }
}

function reportLoad(r: LoadResult): void {
  const last = r.checkouts[r.checkouts.length - 1];
  out();
  out(`projection under the checkout load: ${r.checkouts.length} rounds of ${last.shoppers} guests completing carts at once (one hot SKU of ${last.units} units, a coupon of ${last.couponLimit} uses), real API + order-path stream handler; the read model's consumer reads both streams as npm start does (batches of 100, STREAM_POLL_MS ${POLL_MS}) into an on-disk PGlite`);
  out(`  load: ${r.loadSeconds.toFixed(1)} s, ${r.records} projected records written (${r.writtenPerSecond.toFixed(0)}/s); applied ${r.appliedPerSecond.toFixed(0)} records/s from the start of the load until caught up`);
  out(`  lag (write to applied) p50 ${r.lagMs.p50} ms, p95 ${r.lagMs.p95} ms, p99 ${r.lagMs.p99} ms, max ${r.lagMs.max} ms; /health readModel.lagMs at most ${r.healthLagMaxMs} ms`);
  out(`    of which written to handed over to the handler (the write itself, the stream, the reader's pace, the queue) p50 ${r.waitMs.p50} ms, p95 ${r.waitMs.p95} ms; the handler's batch p50 ${r.batchMs.p50} ms, p95 ${r.batchMs.p95} ms`);
  out(`  caught up ${r.lastWriteToCaughtUpMs} ms after the last projected write, ${r.catchUpMs} ms after the load ended (every order decided and seen by the shoppers)`);
  out(`  event loop delay during the load (API, order path and consumer share one process, as under npm start): p50 ${r.eventLoopDelayMs.p50.toFixed(0)} ms, p99 ${r.eventLoopDelayMs.p99.toFixed(0)} ms, max ${r.eventLoopDelayMs.max.toFixed(0)} ms`);
  out(`  ${r.detail}`);
  out(`backlog: the run's ${r.backlog.records} stream records (${r.backlog.projected} projected) through the handler into an empty read model, batches of 100 back to back on both streams: ${r.backlog.seconds.toFixed(1)} s, ${r.backlog.perSecond.toFixed(0)} records/s`);
  if (!r.consistent) {
    out('READ MODEL DISAGREES WITH THE ORDERS: failing the run');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
