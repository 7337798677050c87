/**
 * `npm run bench`: contended stock on one DynamoDB Local, two ways, same load.
 *  1. The reservation path: 50 buyers POST /orders (1 unit each) against 1,000 units; the stream
 *     handlers reserve lock-free and confirm or cancel. Measures POST-to-confirmed latency.
 *  2. The seed 001 way: read the stock item, check, put with a version condition, retry on
 *     conflict; 50 workers against another 1,000 units.
 * Prints sales/s of both, the ratio, conflicts, p50/p99 latency, and checks for oversell.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ensureDevKeys, mintDevToken } from '../src/auth/dev-keys';
import { config, loadConfig } from '../src/config';
import { CommandService } from '../src/core/command.service';
import { dynamo } from '../src/core/dynamo';
import { itemKey, sortKey } from '../src/core/keys';
import { stockKey } from '../src/modules/inventory/inventory.keys';
import { SYSTEM_TENANT, systemActorContext } from '../src/core/tenant-context';
import { handler as commandSync } from '../src/handlers/command-sync';
import { createApp } from '../src/http/create-app';
import { StockReservations } from '../src/modules/inventory/stock.reservations';
import { freePort, startDynamoLocal } from '../scripts/lib/dynamodb-local';
import { StreamDriver } from '../scripts/lib/stream-driver';
import { ensureTables } from '../scripts/lib/tables';

const BUYERS = Number(process.env.BENCH_BUYERS ?? 50);
const UNITS = Number(process.env.BENCH_UNITS ?? 1000);
const TENANT = 'bench';
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
  let streaming = true;
  const pump = (async () => {
    while (streaming) {
      await stream.drain({ parallel: 8, maxRounds: 100_000 });
      await new Promise((r) => setTimeout(r, 5));
    }
  })().catch((error) => {
    process.stderr.write(`stream pump failed: ${(error as Error).stack}\n`);
    process.exit(1);
  });

  try {
    out(`shopstream bench: ${BUYERS} concurrent buyers, ${UNITS} units of one SKU, DynamoDB Local ${dynamoLocal.endpoint}`);
    await new CommandService().publish(
      systemActorContext(SYSTEM_TENANT, 'bench', 'bench'),
      { type: 'TENANT', code: TENANT, name: 'Bench shop', attributes: { enabled: true, taxRateBps: 1000, currency: 'USD' } },
      { expectedVersion: 0 },
    );
    await waitFor(async () => (await fetch(`${api}/products`, { headers: { authorization: `Bearer ${token('tenant-admin', 'admin')}` } })).status === 200);
    const reservation = await reservationPath(api, token);
    const primitive = await reservationPrimitive(app.get(StockReservations));
    const seed = await seedWay();
    report(reservation, primitive, seed);
    if (reservation.oversold || primitive.oversold || seed.oversold) process.exitCode = 1;
  } finally {
    streaming = false;
    await pump;
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
}

async function reservationPath(api: string, token: (role: 'tenant-admin' | 'customer', user: string) => string): Promise<Result> {
  const admin = { authorization: `Bearer ${token('tenant-admin', 'admin')}`, 'content-type': 'application/json' };
  await call(`${api}/products`, 'POST', admin, { code: 'HOT', name: 'Hot item', sku: 'HOT-1', price: { amount: 1999, currency: 'USD' } }, 201);
  await waitFor(async () => (await fetch(`${api}/products/HOT`, { headers: admin })).status === 200);
  await call(`${api}/inventory/HOT`, 'PATCH', admin, { expectedVersion: 0, onHand: UNITS, reason: 'restock' }, 200);

  // Every buyer orders one unit at a time until the shop has taken UNITS + BUYERS orders:
  // more orders than units, so the last ones must be refused.
  const postedAt = new Map<string, number>();
  const target = UNITS + BUYERS;
  let placed = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: BUYERS }, async (_, buyer) => {
      const headers = { authorization: `Bearer ${token('customer', `buyer-${buyer}`)}`, 'content-type': 'application/json' };
      while (placed < target) {
        placed++;
        const sent = Date.now();
        const order = await call(`${api}/orders`, 'POST', headers, {
          items: [{ productCode: 'HOT', quantity: 1 }],
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
    orders = await listAll(`${api}/orders`, admin);
    return orders.length === postedAt.size && orders.every((o) => o.attributes.status !== 'pending');
  }, 300);
  const confirmed = orders.filter((o) => o.attributes.status === 'confirmed');
  const lastConfirmation = Math.max(...confirmed.map((o) => Date.parse(o.updatedAt)));
  const stock = (await call(`${api}/inventory/HOT`, 'GET', admin, undefined, 200)).warehouses[0];
  const seconds = (lastConfirmation - started) / 1000;
  return {
    sold: confirmed.length,
    seconds,
    salesPerSecond: confirmed.length / seconds,
    latenciesMs: confirmed.map((o) => Date.parse(o.updatedAt) - postedAt.get(o.code)!),
    // Retries inside the reserve step are not counted; see the reserve-step row.
    conflicts: NaN,
    oversold: confirmed.length > UNITS || stock.available < 0 || stock.reserved !== confirmed.length,
    detail: `${confirmed.length} confirmed, ${orders.length - confirmed.length} cancelled out_of_stock; stock onHand ${stock.onHand}, reserved ${stock.reserved}, available ${stock.available}`,
  };
}

/** The lock-free reserve step alone (no HTTP, no stream): like for like with the seed way. */
async function reservationPrimitive(stock: StockReservations): Promise<Result> {
  const ctx = systemActorContext(TENANT, 'bench', 'bench-primitive');
  const Key = itemKey(ctx, stockKey('PRIM-1', 'main'));
  const TableName = config().tables.data;
  await dynamo().send(
    new PutCommand({ TableName, Item: { ...Key, sku: 'PRIM-1', productCode: 'PRIM', warehouse: 'main', onHand: UNITS, reserved: 0, available: UNITS, lowStockThreshold: 0, version: 1 } }),
  );
  let next = 0;
  let refused = 0;
  const { sold, seconds, latencies } = await buyUntilSoldOut(async () => {
    const outcome = await stock.reserve(ctx, `PRIM-${++next}`, [{ sku: 'PRIM-1', productCode: 'PRIM', quantity: 1 }]);
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

async function seedWay(): Promise<Result> {
  const Key = itemKey({ tenantCode: TENANT }, sortKey('SEEDSTOCK', 'HOT'));
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

function report(reservation: Result, primitive: Result, seed: Result): void {
  const row = (name: string, r: Result) =>
    `${name.padEnd(34)} ${r.salesPerSecond.toFixed(1).padStart(9)} ${String(r.sold).padStart(6)} ${r.seconds.toFixed(2).padStart(8)} ${(Number.isNaN(r.conflicts) ? 'n/a' : String(r.conflicts)).padStart(9)} ${percentile(r.latenciesMs, 50).toFixed(0).padStart(7)} ${percentile(r.latenciesMs, 99).toFixed(0).padStart(7)}  ${r.oversold ? 'OVERSOLD' : 'none'}`;
  out();
  out(`${'path'.padEnd(34)} ${'sales/s'.padStart(9)} ${'sold'.padStart(6)} ${'seconds'.padStart(8)} ${'conflicts'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}  oversell`);
  out(row('reservation path (POST→confirmed)', reservation));
  out(row('reserve step alone (lock-free txn)', primitive));
  out(row('seed 001 way (read, check, put)', seed));
  out();
  out(`ratio, whole reservation path / seed 001 way: ${(reservation.salesPerSecond / seed.salesPerSecond).toFixed(2)}x`);
  out(`ratio, reserve step alone / seed 001 way:     ${(primitive.salesPerSecond / seed.salesPerSecond).toFixed(2)}x`);
  out(`reservation path: ${reservation.detail}`);
  out(`reserve step:     ${primitive.detail}`);
  out(`seed 001 way:     ${seed.detail}`);
  out('latency: reservation path = POST sent to confirmation written (through the stream, queueing included);');
  out('         reserve step and seed way = first read to successful write');
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
