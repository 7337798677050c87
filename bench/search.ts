/**
 * `npm run bench:search`: a generated catalog (BENCH_SEARCH_PRODUCTS products, 20,000 unless
 * told; 100,000 is the size) across 10 tenants, loaded through the real projection into
 * an in-memory PGlite, then p50/p95 of typical searches with all facets. Target: p95 <= 50 ms
 * for a text query with three filters. A benchmark, not a test.
 */
import { CommandItem } from '../src/core/entity';
import { projectEntity, projectProducts, projectStockLevels, StockImage } from '../src/modules/search/catalog.projection';
import { SearchRequest } from '../src/modules/search/search.model';
import { runSearch } from '../src/modules/search/search.service';
import { PgliteDb } from '../src/read-model/pglite.db';
import { ReadModel } from '../src/read-model/read-model';

const PRODUCTS = Number(process.env.BENCH_SEARCH_PRODUCTS ?? 20_000);
const TENANTS = 10;
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 100);
const out = (line = '') => process.stdout.write(`${line}\n`);

/** Deterministic numbers (mulberry32), so runs compare. */
let seed = 42;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const some = <T>(items: readonly T[]): T[] => items.filter(() => random() < 0.5).concat(items.length ? [] : []);

const ADJECTIVES = ['classic', 'organic', 'vintage', 'slim', 'oversized', 'striped', 'waterproof', 'merino', 'linen', 'recycled', 'heavy', 'light', 'cozy', 'summer', 'winter'];
const NOUNS = ['shirt', 'hoodie', 'jacket', 'scarf', 'sneaker', 'boot', 'mug', 'lamp', 'blanket', 'backpack', 'wallet', 'beanie', 'sock', 'dress', 'trouser', 'kettle', 'notebook', 'candle'];
const WORDS = ['soft', 'durable', 'handmade', 'cotton', 'wool', 'leather', 'ceramic', 'bamboo', 'steel', 'gift', 'everyday', 'travel', 'premium', 'eco', 'warm', 'breathable'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const COLORS = ['Black', 'White', 'Red', 'Blue', 'Green', 'Grey', 'Navy', 'Sand'];

function product(tenant: string, n: number): { command: CommandItem; skus: string[] } {
  const code = `P${n}`;
  const sizes = some(SIZES).slice(0, 3);
  const colors = some(COLORS).slice(0, 2);
  const price = 500 + Math.floor(random() * 300) * 100;
  const variants = (sizes.length ? sizes : ['M']).flatMap((size) =>
    (colors.length ? colors : ['Black']).map((color) => ({ sku: `${code}-${size}-${color}`.toUpperCase(), options: { Size: size, Color: color }, weightGrams: 100, taxClass: 'standard', active: true, ...(random() < 0.2 ? { price: { amount: price + 500, currency: 'EUR' } } : {}) })),
  );
  const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  return {
    skus: variants.map((v) => v.sku),
    command: {
      pk: `TENANT#${tenant}`,
      sk: `PRODUCT#${code}@1`,
      entitySk: `PRODUCT#${code}`,
      type: 'PRODUCT',
      code,
      tenantCode: tenant,
      version: 1,
      name: `${pick(ADJECTIVES)} ${pick(NOUNS)} ${pick(WORDS)}`.replace(/^./, (c) => c.toUpperCase()),
      attributes: {
        sku: variants[0].sku,
        price: { amount: price, currency: 'EUR' },
        options: [{ name: 'Size', values: sizes }, { name: 'Color', values: colors }],
        variants,
        categoryCodes: [`c${Math.floor(random() * 5)}-${Math.floor(random() * 4)}`],
        description: Array.from({ length: 12 }, () => pick(WORDS)).join(' '),
        images: [],
        active: random() < 0.95,
      },
      issuedAt: at,
      createdAt: at,
      issuedBy: 'bench',
      requestId: 'bench',
      source: 'bench',
    },
  };
}

function category(tenant: string, code: string, parentCode?: string): CommandItem {
  return { pk: `TENANT#${tenant}`, sk: `CATEGORY#${code}@1`, entitySk: `CATEGORY#${code}`, type: 'CATEGORY', code, tenantCode: tenant, version: 1, name: `Category ${code}`, attributes: { slug: code, ...(parentCode ? { parentCode } : {}), position: 0, active: true }, issuedAt: '2026-01-01T00:00:00.000Z', issuedBy: 'bench', requestId: 'bench', source: 'bench' };
}

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
  const model = await ReadModel.open(await PgliteDb.open());
  const tenants = Array.from({ length: TENANTS }, (_, i) => `bench${i}`);
  const loadStarted = Date.now();
  const perTenant = Math.ceil(PRODUCTS / TENANTS);
  for (const tenant of tenants) {
    await model.forTenant(tenant, async (scope) => {
      for (let r = 0; r < 5; r++) {
        await projectEntity(scope, category(tenant, `c${r}`));
        for (let c = 0; c < 4; c++) await projectEntity(scope, category(tenant, `c${r}-${c}`, `c${r}`));
      }
    });
    for (let start = 0; start < perTenant; start += 500) {
      const commands: CommandItem[] = [];
      const levels: StockImage[] = [];
      for (let n = start; n < Math.min(perTenant, start + 500); n++) {
        const { command, skus } = product(tenant, n);
        commands.push(command);
        for (const sku of skus) if (random() < 0.7) levels.push({ sku, warehouse: 'main', available: 1 + Math.floor(random() * 20), changes: 1 });
      }
      // The same statements the stream consumer and the rebuild run, 500 products at a time.
      await model.forTenant(tenant, async (scope) => {
        await projectProducts(scope, commands);
        await projectStockLevels(scope, levels);
      });
    }
  }
  await model.db.exec('ANALYZE');
  const loadMs = Date.now() - loadStarted;
  out(`catalog: ${perTenant * TENANTS} products across ${TENANTS} tenants, loaded through the projection in ${(loadMs / 1000).toFixed(1)} s`);

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
  await model.close();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
