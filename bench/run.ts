/**
 * `npm run bench`: contended stock on one DynamoDB Local, same load three ways, after a warm-up,
 * in alternating rounds (A B C A B C: no phase always meets the cold JVM):
 *  A. The reservation path: BUYERS customers POST /orders (1 unit each) against UNITS units; the
 *     stream handlers reserve lock-free and confirm or cancel. POST-to-confirmed latency.
 *  B. The reserve step alone (no HTTP, no stream).
 *  C. The seed 001 way: read the stock item, check, put with a version condition, retry.
 * Per phase: the median of rounds of sales/s and p50/p99, DynamoDB calls and transactional items
 * per sale (counted by an SDK middleware: deterministic), and oversell (the run fails on any).
 * Then the sync-throughput phase (bench/sync-throughput.ts), then the bulk import (bench/import.ts).
 * `BENCH_SMOKE=1` runs a small version of all of it in well under a minute (CI runs it);
 * `BENCH_PARTS=import` runs only the import (`orders` the rest; default both).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ensureDevKeys, mintDevToken } from '../src/auth/dev-keys';
import { config, loadConfig, resetConfig } from '../src/config';
import { CommandService } from '../src/core/command.service';
import { dynamo, resetDynamo } from '../src/core/dynamo';
import { itemKey, sortKey } from '../src/core/keys';
import { stockKey } from '../src/modules/inventory/inventory.keys';
import { SYSTEM_TENANT, systemActorContext } from '../src/core/tenant-context';
import { handler as commandSync } from '../src/handlers/command-sync';
import { createApp } from '../src/app/create-app';
import { StockReservations } from '../src/modules/inventory/stock.reservations';
import { freePort, startDynamoLocal } from '../scripts/lib/dynamodb-local';
import { StreamDriver } from '../scripts/lib/stream-driver';
import { ensureTables } from '../scripts/lib/tables';
import { DynamoCallCounter } from '../scripts/lib/dynamo-calls';
import { syncThroughput, SyncThroughputResult } from './sync-throughput';
import { CartCosts, cartCosts, CheckoutResult, checkoutPhase, checkoutSetup } from './checkout';
import { importBench, ImportBenchResult, importBenchSetup } from './import';

const SMOKE = process.env.BENCH_SMOKE === '1';
const BUYERS = Number(process.env.BENCH_BUYERS ?? (SMOKE ? 5 : 50));
const UNITS = Number(process.env.BENCH_UNITS ?? (SMOKE ? 30 : 1000));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (SMOKE ? 1 : 3));
const SHOPPERS = Number(process.env.BENCH_SHOPPERS ?? (SMOKE ? 8 : 50));
const SYNC_ORDERS = Number(process.env.BENCH_SYNC_ORDERS ?? (SMOKE ? 20 : 200));
const ROUND_TRIP_MS = Number(process.env.BENCH_ROUND_TRIP_MS ?? 8);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? (SMOKE ? 200 : 10_000));
const TENANT = 'bench';
const PARTS = new Set((process.env.BENCH_PARTS ?? 'orders,import').split(',').map((p) => p.trim()));
const out = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shopstream-bench-'));
  Object.assign(process.env, {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'SILENT',
    TABLE_PREFIX: 'bench',
    MAIL_DIR: join(dir, 'mail'),
  });
  const dynamoLocal = await startDynamoLocal(await freePort());
  process.env.DYNAMODB_ENDPOINT = dynamoLocal.endpoint;
  const keys = ensureDevKeys(join(dir, 'auth'));
  process.env.AUTH_JWKS_FILE = keys.jwksFile;
  await ensureTables(loadConfig(), dynamoLocal.endpoint);
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  const api = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const token = (role: 'tenant-admin' | 'customer', user: string) => mintDevToken(keys, { tenant: TENANT, role, userId: user, issuer: config().auth.issuer });

  // The stream keeps flowing during the load, over 8 concurrent handler calls.
  const stream = new StreamDriver(commandSync);
  const pump = stream.pump({ parallel: 8 }, (error) => {
    process.stderr.write(`stream pump failed: ${(error as Error).stack}\n`);
    process.exit(1);
  });

  try {
    out(`shopstream bench${SMOKE ? ' (smoke)' : ''}: ${BUYERS} concurrent buyers, ${UNITS} units of one SKU per round, ${ROUNDS} rounds after a warm-up, DynamoDB Local ${dynamoLocal.endpoint}`);
    await new CommandService().publish(
      systemActorContext(SYSTEM_TENANT, 'bench', 'bench'),
      { type: 'TENANT', code: TENANT, name: 'Bench shop', attributes: { enabled: true, taxRateBps: 1000, currency: 'USD' } },
      { expectedVersion: 0 },
    );
    // A tenant is served on the request after the one that created it.
    await call(`${api}/products?limit=1`, 'GET', { authorization: `Bearer ${token('tenant-admin', 'admin')}` }, undefined, 200);
    const phases: Record<'A' | 'B' | 'C', Result[]> = { A: [], B: [], C: [] };
    const checkouts: CheckoutResult[] = [];
    const apiCall = (path: string, method: string, headers: Record<string, string>, body: unknown, expected: number) => call(`${api}${path}`, method, headers, body, expected);
    if (PARTS.has('orders')) {
    const counter = DynamoCallCounter.attach();
    await reservationPath(api, token, 'warm', Math.min(UNITS, 50));
    await checkoutSetup(apiCall, token('tenant-admin', 'admin'));
    // Shoppers outnumber the units, and the coupon has fewer uses than units: both limits are hit.
    const checkoutRound = (round: string) =>
      checkoutPhase({ call: apiCall, adminToken: token('tenant-admin', 'admin'), round, shoppers: SHOPPERS, units: Math.ceil(SHOPPERS * 0.8), couponLimit: Math.ceil(SHOPPERS * 0.4) });
    await checkoutRound('warm');
    // Alone, before the rounds: every call counted is this guest's.
    const costs = await cartCosts({
      call: apiCall,
      adminToken: token('tenant-admin', 'admin'),
      measure: async (work) => {
        const { count } = await counter.measure(async () => ({ done: await work() }));
        return { calls: count.total, roundTrips: count.roundTrips };
      },
      quiet: () => pump.quiet(),
      mailFile: (message) => join(dir, 'mail', TENANT, `${message}.txt`),
    });
    for (let round = 1; round <= ROUNDS; round++) {
      phases.A.push(await counter.measure(() => reservationPath(api, token, `r${round}`, UNITS)));
      phases.B.push(await counter.measure(() => reservationPrimitive(app.get(StockReservations), `r${round}`)));
      phases.C.push(await counter.measure(() => seedWay(`r${round}`)));
      checkouts.push(await checkoutRound(`r${round}`));
    }
    counter.stop();
    await pump.stop();
    report(phases);
    reportCheckout(checkouts);
    reportCartCosts(costs);
    // A DynamoDB Local of its own: after the phases above, the shared one holds thousands of items
    // and two tables' stream records, and its JVM slows every call (a stall of minutes was seen).
    const syncDynamo = await startDynamoLocal(await freePort());
    let sync: SyncThroughputResult[];
    try {
      process.env.DYNAMODB_ENDPOINT = syncDynamo.endpoint;
      sync = await syncThroughput({ endpoint: syncDynamo.endpoint, orders: SYNC_ORDERS, roundTripMs: ROUND_TRIP_MS, rounds: ROUNDS });
    } finally {
      process.env.DYNAMODB_ENDPOINT = dynamoLocal.endpoint;
      resetConfig();
      resetDynamo();
      await syncDynamo.stop();
    }
    reportSync(sync);
    }
    if (PARTS.has('import')) {
    // The bulk import (bench/import.ts), on a DynamoDB Local of its own for the same reason.
    const importDynamo = await startDynamoLocal(await freePort());
    const files = await importBenchSetup();
    let imports: ImportBenchResult[];
    try {
      process.env.DYNAMODB_ENDPOINT = importDynamo.endpoint;
      resetConfig();
      resetDynamo();
      await ensureTables(loadConfig(), importDynamo.endpoint);
      await new CommandService().publish(
        systemActorContext(SYSTEM_TENANT, 'bench', 'bench'),
        { type: 'TENANT', code: TENANT, name: 'Bench shop', attributes: { enabled: true, taxRateBps: 1000, currency: 'USD' } },
        { expectedVersion: 0 },
      );
      imports = await importBench(apiCall, token('tenant-admin', 'admin'), IMPORT_ROWS);
    } finally {
      process.env.DYNAMODB_ENDPOINT = dynamoLocal.endpoint;
      resetConfig();
      resetDynamo();
      await files.stop();
      await importDynamo.stop();
    }
    for (const r of imports) out(`bulk import, ${r.run === 'first' ? 'new file' : 'same file again'}: ${r.rows} rows in ${r.seconds.toFixed(1)} s = ${r.rowsPerSecond.toFixed(0)} rows/s (${JSON.stringify(r.counts)})`);
    }
    if (checkouts.some((r) => r.oversold || r.overRedeemed)) {
      out('CHECKOUT OVERSOLD OR OVER-REDEEMED: failing the run');
      process.exitCode = 1;
    }
    if (Object.values(phases).flat().some((r) => r.oversold)) {
      out('OVERSOLD: failing the run');
      process.exitCode = 1;
    }
  } finally {
    await pump.stop();
    stream.close();
    await app.close();
    await dynamoLocal.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Result {
  sold: number;
  seconds: number;
  salesPerSecond: number;
  latenciesMs: number[];
  conflicts: number;
  oversold: boolean;
  detail: string;
  /** Filled by DynamoCallCounter.measure. */
  calls?: number;
  transactItems?: number;
}

async function reservationPath(api: string, token: (role: 'tenant-admin' | 'customer', user: string) => string, round: string, units: number): Promise<Result> {
  const admin = { authorization: `Bearer ${token('tenant-admin', 'admin')}`, 'content-type': 'application/json' };
  const product = `HOT-${round}`;
  await call(`${api}/products`, 'POST', admin, { code: product, name: 'Hot item', sku: `SKU-${product}`, price: { amount: 1999, currency: 'USD' } }, 201);
  await call(`${api}/inventory/${product}`, 'PATCH', admin, { expectedVersion: 0, onHand: units, reason: 'restock' }, 200);

  // Every buyer orders one unit at a time until the shop has taken UNITS + BUYERS orders:
  // more orders than units, so the last ones must be refused.
  const postedAt = new Map<string, number>();
  const target = units + BUYERS;
  let placed = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: BUYERS }, async (_, buyer) => {
      // New customers each round: each stays within the shop's default per-customer limits.
      const headers = { authorization: `Bearer ${token('customer', `${round}-buyer-${buyer}`)}`, 'content-type': 'application/json' };
      while (placed < target) {
        placed++;
        const sent = Date.now();
        const order = await call(`${api}/orders`, 'POST', headers, {
          items: [{ productCode: product, quantity: 1 }],
          shippingAddress: { name: 'B', line1: '1 St', city: 'C', postalCode: '1', country: 'JP' },
          paymentMethod: 'card',
        }, 201);
        postedAt.set(order.code as string, sent);
      }
    }),
  );
  // Wait until the stream has decided every order.
  let orders: { code: string; attributes: { status: string }; updatedAt: string }[] = [];
  await waitFor(async () => {
    orders = (await listAll(`${api}/orders`, admin)).filter((o) => postedAt.has(o.code));
    return orders.length === postedAt.size && orders.every((o) => o.attributes.status !== 'pending');
  }, 300);
  const confirmed = orders.filter((o) => o.attributes.status === 'confirmed');
  const lastConfirmation = Math.max(...confirmed.map((o) => Date.parse(o.updatedAt)));
  const stock = (await call(`${api}/inventory/${product}`, 'GET', admin, undefined, 200)).warehouses[0];
  const seconds = (lastConfirmation - started) / 1000;
  return {
    sold: confirmed.length,
    seconds,
    salesPerSecond: confirmed.length / seconds,
    latenciesMs: confirmed.map((o) => Date.parse(o.updatedAt) - postedAt.get(o.code)!),
    // Retries inside the reserve step are not counted; see the reserve-step row.
    conflicts: NaN,
    oversold: confirmed.length > units || stock.available < 0 || stock.reserved !== confirmed.length,
    detail: `${confirmed.length} confirmed, ${orders.length - confirmed.length} cancelled out_of_stock; stock onHand ${stock.onHand}, reserved ${stock.reserved}, available ${stock.available}`,
  };
}

/** The lock-free reserve step alone (no HTTP, no stream): like for like with the seed way. */
async function reservationPrimitive(stock: StockReservations, round: string): Promise<Result> {
  const ctx = systemActorContext(TENANT, 'bench', 'bench-primitive');
  const sku = `PRIM-${round}`;
  const Key = itemKey(ctx, stockKey(sku, 'main'));
  const TableName = config().tables.data;
  await dynamo().send(
    new PutCommand({ TableName, Item: { ...Key, sku, productCode: 'PRIM', warehouse: 'main', onHand: UNITS, reserved: 0, available: UNITS, lowStockThreshold: 0, version: 1 } }),
  );
  let next = 0;
  let refused = 0;
  const { sold, seconds, latencies } = await buyUntilSoldOut(async () => {
    const outcome = await stock.reserve(ctx, `${sku}-${++next}`, [{ sku, productCode: 'PRIM', quantity: 1 }]);
    if (outcome.kind === 'reserved') return true;
    refused++;
    return false;
  });
  const item = (await dynamo().send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item!;
  return {
    sold,
    seconds,
    salesPerSecond: sold / seconds,
    latenciesMs: latencies,
    conflicts: NaN,
    oversold: sold > UNITS || item.available < 0 || item.reserved !== sold,
    detail: `${sold} reserved, ${refused} refused out_of_stock; stock onHand ${item.onHand}, reserved ${item.reserved}, available ${item.available}`,
  };
}

async function seedWay(round: string): Promise<Result> {
  const Key = itemKey({ tenantCode: TENANT }, sortKey('SEEDSTOCK', `HOT-${round}`));
  const TableName = config().tables.data;
  await dynamo().send(new PutCommand({ TableName, Item: { ...Key, quantity: UNITS, reservedQuantity: 0, version: 1 } }));
  let conflicts = 0;
  const { sold, seconds, latencies } = await buyUntilSoldOut(async () => {
    for (;;) {
      const item = (await dynamo().send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item!;
      if (item.quantity - item.reservedQuantity < 1) return false;
      try {
        await dynamo().send(
          new UpdateCommand({
            TableName,
            Key,
            UpdateExpression: 'SET reservedQuantity = :r, version = :next',
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':r': item.reservedQuantity + 1, ':next': item.version + 1, ':v': item.version },
          }),
        );
        return true;
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        conflicts++;
      }
    }
  });
  const item = (await dynamo().send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item!;
  return {
    sold,
    seconds,
    salesPerSecond: sold / seconds,
    latenciesMs: latencies,
    conflicts,
    oversold: sold > UNITS || item.reservedQuantity !== sold || item.reservedQuantity > item.quantity,
    detail: `${sold} sold; stock quantity ${item.quantity}, reserved ${item.reservedQuantity}`,
  };
}

/** BUYERS concurrent loops, each buying one unit at a time until `buyOne` says sold out. */
async function buyUntilSoldOut(buyOne: () => Promise<boolean>): Promise<{ sold: number; seconds: number; latencies: number[] }> {
  let sold = 0;
  const latencies: number[] = [];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: BUYERS }, async () => {
      for (;;) {
        const attemptStarted = Date.now();
        if (!(await buyOne())) return;
        sold++;
        latencies.push(Date.now() - attemptStarted);
      }
    }),
  );
  return { sold, seconds: (Date.now() - started) / 1000, latencies };
}

function report(phases: Record<'A' | 'B' | 'C', Result[]>): void {
  const names = { A: 'A reservation path (POST→confirmed)', B: 'B reserve step alone (lock-free txn)', C: 'C seed 001 way (read, check, put)' };
  const median = (values: number[]) => percentile(values, 50);
  const perSale = (r: Result, n?: number) => (n === undefined ? NaN : n / Math.max(r.sold, 1));
  out();
  out(`${'phase (median of rounds)'.padEnd(38)} ${'sales/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'calls/sale'.padStart(10)} ${'txn items/sale'.padStart(14)} ${'conflicts'.padStart(9)}  oversell`);
  for (const key of ['A', 'B', 'C'] as const) {
    const rounds = phases[key];
    const conflicts = rounds.map((r) => r.conflicts).filter((c) => !Number.isNaN(c));
    out(
      `${names[key].padEnd(38)} ${median(rounds.map((r) => r.salesPerSecond)).toFixed(1).padStart(8)} ${median(rounds.map((r) => percentile(r.latenciesMs, 50))).toFixed(0).padStart(7)} ${median(rounds.map((r) => percentile(r.latenciesMs, 99))).toFixed(0).padStart(7)} ${median(rounds.map((r) => perSale(r, r.calls))).toFixed(1).padStart(10)} ${median(rounds.map((r) => perSale(r, r.transactItems))).toFixed(1).padStart(14)} ${(conflicts.length ? median(conflicts).toFixed(0) : 'n/a').padStart(9)}  ${rounds.some((r) => r.oversold) ? 'OVERSOLD' : 'none'}`,
    );
  }
  out();
  out(`rounds (sales/s): ${(['A', 'B', 'C'] as const).map((k) => `${k} ${phases[k].map((r) => r.salesPerSecond.toFixed(1)).join(' / ')}`).join('   ')}`);
  const ratio = (a: Result[], b: Result[]) => (median(a.map((r) => r.salesPerSecond)) / median(b.map((r) => r.salesPerSecond))).toFixed(2);
  out(`ratio, whole reservation path / seed 001 way: ${ratio(phases.A, phases.C)}x (CPU-bound on a small box: the whole path costs ~40-50 ms of CPU per order)`);
  out(`ratio, reserve step alone / seed 001 way:     ${ratio(phases.B, phases.C)}x`);
  for (const key of ['A', 'B', 'C'] as const) out(`${key}, last round: ${phases[key][phases[key].length - 1].detail}`);
  out('calls/sale: every DynamoDB call of the phase (cancelled and refused attempts included) per unit sold; in A that is');
  out('            POST, both stream syncs and the mails. latency: A = POST sent to confirmation written (queueing');
  out('            included); B and C = first read to successful write.');
}

function reportCheckout(results: CheckoutResult[]): void {
  const median = (pick: (r: CheckoutResult) => number) => {
    const sorted = results.map(pick).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const last = results[results.length - 1];
  out();
  out(`checkout (D): ${last.shoppers} guests complete carts at once, one hot SKU (${last.units} units), a coupon of ${last.couponLimit} uses; median of ${results.length} rounds`);
  out(`  completions/s ${median((r) => r.completionsPerSecond).toFixed(1)}   complete-to-held p50 ${median((r) => r.p50Ms).toFixed(0)} ms, p99 ${median((r) => r.p99Ms).toFixed(0)} ms`);
  out(`  rounds (completions/s): ${results.map((r) => r.completionsPerSecond.toFixed(1)).join(' / ')}`);
  out(`  last round: ${last.held} held, cancelled ${JSON.stringify(last.cancelled)}; reserved ${last.reserved} of ${last.units}; redeemed ${last.redeemed} of ${last.couponLimit}; oversell ${results.some((r) => r.oversold) ? 'YES' : 'none'}, over-redemption ${results.some((r) => r.overRedeemed) ? 'YES' : 'none'}`);
}

function reportCartCosts(costs: CartCosts): void {
  const row = (name: string, cost: { calls: number; roundTrips: number }) => out(`  ${name.padEnd(62)} ${String(cost.calls).padStart(5)} ${String(cost.roundTrips).padStart(11)}`);
  out();
  out(`cart costs, one guest alone (a guest request's publishable-key check included: 1 call, 1 round trip)  calls  round trips`);
  row('cart read (GET /carts/:id: 1 line, 1 coupon)', costs.read);
  row('cart change (POST /carts/:id/lines)', costs.change);
  row('completion (POST /carts/:id/complete)', costs.completion);
  row('guest journey (create, 2 lines, email, address, method, coupon,', costs.journey);
  out('   complete, held: the stream until the confirmation mail)');
}

function reportSync(results: SyncThroughputResult[]): void {
  const median = (mode: SyncThroughputResult['mode']) => percentile(results.filter((r) => r.mode === mode).map((r) => r.recordsPerSecond), 50);
  out();
  out(`sync throughput, one tenant, ${results[0]?.records ?? 0} order-created records per run, ${ROUND_TRIP_MS} ms injected per DynamoDB call:`);
  for (const r of results) out(`  ${r.mode.padEnd(10)} ${r.recordsPerSecond.toFixed(1).padStart(8)} records/s (${r.seconds.toFixed(2)} s)`);
  out(`  grouped / sequential (medians): ${(median('grouped') / median('sequential')).toFixed(2)}x`);
}

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function call(url: string, method: string, headers: Record<string, string>, body: unknown, expected: number): Promise<any> {
  const reply = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await reply.json();
  if (reply.status !== expected) throw new Error(`${method} ${url}: ${reply.status} ${JSON.stringify(json)}`);
  return json;
}

async function listAll(url: string, headers: Record<string, string>): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(`${url}?limit=100${cursor ? `&cursor=${cursor}` : ''}`, 'GET', headers, undefined, 200);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

async function waitFor(check: () => Promise<boolean>, seconds = 30): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: condition not met within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
