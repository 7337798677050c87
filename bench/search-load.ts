/**
 * The projection part of `npm run bench:search`: how far the read model trails the order path
 * under the checkout load, and how fast its consumer can go.
 *
 * Wired as `npm start` wires it, in one process: a DynamoDB Local of its own, the real Nest API,
 * the order path's stream handler (`command-sync`) fed by the StreamDriver over 8 concurrent
 * calls (as `npm run bench` does), and the read model's own consumer (`read-model-sync`) on both
 * streams, read by serverless-offline-dynamodb-streams' own reader (the code `npm start` runs:
 * per stream, GetRecords of up to 100, one invocation at a time, each batch handed over
 * STREAM_POLL_MS after it was read, failed batches retried) into an on-disk PGlite. The load is
 * bench/checkout.ts's checkout phase: BENCH_LOAD_SHOPPERS guests (100) fill carts and complete them
 * at once on one hot SKU and a coupon, BENCH_LOAD_ROUNDS times (3).
 *
 * Per projected record (a version of a projected entity, or a stock level), lag = the moment
 * the consumer's batch holding it returned (where Lambda checkpoints) minus the record's own
 * write time (a version's `issuedAt`, a level's `updatedAt`, stamped just before the write is
 * sent, so the write's own time under the load is in it; DynamoDB Local's stream time is
 * rounded down to the minute). Then the backlog: every record of the run replayed through the
 * same handler into an empty read model, batches of 100 back to back on both streams at once,
 * which is what the consumer can do when it is behind. A benchmark, not a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ensureDevKeys, mintDevToken } from '../src/auth/dev-keys';
import { config, loadConfig, resetConfig } from '../src/config';
import { CommandService } from '../src/core/command.service';
import { resetDynamo } from '../src/core/dynamo';
import { SYSTEM_TENANT, systemActorContext } from '../src/core/tenant-context';
import { handler as commandSync } from '../src/handlers/command-sync';
import { handler as readModelSync } from '../src/handlers/read-model-sync';
import { createApp } from '../src/app/create-app';
import { Projectable, projectableOf, writtenAt } from '../src/app/projection.feed';
import { closeReadModel, readModel } from '../src/read-model/read-model';
import { freePort, startDynamoLocal } from '../scripts/lib/dynamodb-local';
import { StreamDriver } from '../scripts/lib/stream-driver';
import { ensureTables } from '../scripts/lib/tables';
import { CheckoutResult, checkoutPhase, checkoutSetup } from './checkout';

const TENANT = 'bench-load';

export interface LoadOptions {
  shoppers: number;
  rounds: number;
  pollMs: number;
}

export interface LoadResult {
  checkouts: CheckoutResult[];
  loadSeconds: number;
  /** Projected records written from the start of the load on. */
  records: number;
  /** Their rate while the load ran (what the consumer was asked to keep up with). */
  writtenPerSecond: number;
  /** Applied from the start of the load until caught up. */
  appliedPerSecond: number;
  lagMs: { p50: number; p95: number; p99: number; max: number };
  /** The lag's two parts: written until its batch reached the handler (the write, the stream, the reader's pace, the queue)... */
  waitMs: { p50: number; p95: number };
  /** ...and the handler's time for the batch holding it. */
  batchMs: { p50: number; p95: number };
  /** From the end of the load (every order decided) until the last record was applied. */
  catchUpMs: number;
  /** From the last projected write until it was applied. */
  lastWriteToCaughtUpMs: number;
  /** How late the process's event loop ran timers during the load (API, order path and consumer share it). */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** Largest `readModel.lagMs` /health reported while the load ran. */
  healthLagMaxMs: number;
  /** Every record both streams held, replayed into an empty read model. */
  backlog: { records: number; projected: number; seconds: number; perSecond: number };
  /** The read model's orders by status after the load, against what the checkouts decided. */
  consistent: boolean;
  detail: string;
}

export async function projectionLoadPart(options: LoadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'shopstream-bench-load-'));
  const previous = { endpoint: process.env.DYNAMODB_ENDPOINT, prefix: process.env.TABLE_PREFIX };
  const dynamoLocal = await startDynamoLocal(await freePort());
  Object.assign(process.env, { DYNAMODB_ENDPOINT: dynamoLocal.endpoint, TABLE_PREFIX: 'bench-load', MAIL_DIR: join(dir, 'mail') });
  const keys = ensureDevKeys(join(dir, 'auth'));
  process.env.AUTH_JWKS_FILE = keys.jwksFile;
  resetConfig();
  resetDynamo();
  await ensureTables(loadConfig(), dynamoLocal.endpoint);
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  const api = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const call = async (path: string, method: string, headers: Record<string, string>, body: unknown, expected: number): Promise<any> => {
    const reply = await fetch(`${api}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await reply.json();
    if (reply.status !== expected) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(json)}`);
    return json;
  };
  const adminToken = mintDevToken(keys, { tenant: TENANT, role: 'tenant-admin', userId: 'admin', issuer: config().auth.issuer });

  // The order path, as in `npm run bench`.
  const orderPath = new StreamDriver(commandSync);
  const pump = orderPath.pump({ parallel: 8 }, fail('order path stream pump'));

  // The read model's consumer, and what it applied when.
  const applied = new Map<string, { writtenAt: number; handedOverAt: number; appliedAt: number }>();
  let failedBatches = 0;
  const consumer = await LocalStreamConsumer.start(
    async (event) => {
      const handedOverAt = Date.now();
      const response = await readModelSync(event);
      const appliedAt = Date.now();
      if (response.batchItemFailures.length > 0) {
        failedBatches++;
        // As SYNC_RETRY_BY_THROWING does under `npm start`: the plugin retries only thrown errors.
        throw new Error(`${response.batchItemFailures.length} read-model records failed`);
      }
      for (const record of event.Records) {
        const change = projectableOf(record);
        if (change && !applied.has(identity(change))) applied.set(identity(change), { writtenAt: writtenAt(change) ?? appliedAt, handedOverAt, appliedAt });
      }
      return response;
    },
    [config().tables.command, config().tables.data],
    { endpoint: dynamoLocal.endpoint, pollMs: options.pollMs },
  );
  // A reader of its own that only learns what the streams hold, to tell when the consumer caught
  // up (read only then: polling during the load would add to the load).
  const observers = [new StreamDriver(async () => ({ batchItemFailures: [] }), 'command'), new StreamDriver(async () => ({ batchItemFailures: [] }), 'data')];
  const seen = new Map<string, number>();
  /** When the last record the streams hold was applied, once a read finds nothing new and everything applied. */
  const caughtUp = async (seconds = 300): Promise<number> => {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      let fresh = 0;
      for (const stream of observers) {
        for (const record of await stream.read()) {
          const change = projectableOf(record);
          if (change && !seen.has(identity(change))) {
            seen.set(identity(change), writtenAt(change) ?? Date.now());
            fresh++;
          }
        }
      }
      const missing = [...seen.keys()].filter((key) => !applied.has(key));
      if (fresh === 0 && missing.length === 0) return [...seen.keys()].reduce((last, key) => Math.max(last, applied.get(key)!.appliedAt), 0);
      if (Date.now() > deadline) throw new Error(`bench load: ${missing.length} projected records still not applied after ${seconds} s (${failedBatches} failed batches)`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  let healthLagMaxMs = 0;
  let polling = false;
  let pollerRunning = true;
  const healthPoller = (async () => {
    while (pollerRunning) {
      if (polling) {
        const health = (await (await fetch(`${api}/health`)).json()) as { readModel?: { lagMs?: number } };
        healthLagMaxMs = Math.max(healthLagMaxMs, health.readModel?.lagMs ?? 0);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })().catch(fail('health poll'));

  try {
    await new CommandService().publish(
      systemActorContext(SYSTEM_TENANT, 'bench', 'bench'),
      { type: 'TENANT', code: TENANT, name: 'Bench load shop', attributes: { enabled: true, taxRateBps: 1000, currency: 'USD' } },
      { expectedVersion: 0 },
    );
    // A tenant is served on the request after the one that created it.
    await call('/products?limit=1', 'GET', { authorization: `Bearer ${adminToken}` }, undefined, 200);
    await checkoutSetup(call, adminToken);
    await caughtUp();

    const loadStart = Date.now();
    polling = true;
    // Everything here shares one event loop, as every function does under `npm start`: how late it ran.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const checkouts: CheckoutResult[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      checkouts.push(await checkoutPhase({ call, adminToken, round: `load${round}`, shoppers: options.shoppers, units: Math.ceil(options.shoppers * 0.8), couponLimit: Math.ceil(options.shoppers * 0.4) }));
    }
    const loadEnd = Date.now();
    const lastApplied = await caughtUp();
    polling = false;
    loopDelay.disable();

    const during = [...seen.entries()].filter(([, at]) => at >= loadStart).map(([key]) => applied.get(key)!);
    const sorted = (values: number[]) => values.sort((a, b) => a - b);
    const lags = sorted(during.map((r) => r.appliedAt - r.writtenAt));
    const waits = sorted(during.map((r) => r.handedOverAt - r.writtenAt));
    const applying = sorted(during.map((r) => r.appliedAt - r.handedOverAt));
    const lastWritten = during.reduce((last, r) => Math.max(last, r.writtenAt), 0);

    // What the read model says, against what the order path decided.
    const byStatus = (await call('/reports/orders-by-status', 'GET', { authorization: `Bearer ${adminToken}` }, undefined, 200)).items as { status: string; orders: number }[];
    const count = (status: string) => byStatus.filter((r) => r.status === status).reduce((n, r) => n + r.orders, 0);
    const held = checkouts.reduce((n, r) => n + r.held, 0);
    const completed = checkouts.reduce((n, r) => n + r.completed, 0);
    const consistent = count('confirmed') === held && count('cancelled') === completed - held && byStatus.reduce((n, r) => n + r.orders, 0) === completed;

    await consumer.stop();
    const backlog = await replayBacklog(join(dir, 'backlog-read-model'));
    return {
      checkouts,
      loadSeconds: (loadEnd - loadStart) / 1000,
      records: during.length,
      writtenPerSecond: during.length / ((lastWritten - loadStart) / 1000),
      appliedPerSecond: during.length / ((lastApplied - loadStart) / 1000),
      lagMs: { p50: percentile(lags, 50), p95: percentile(lags, 95), p99: percentile(lags, 99), max: lags[lags.length - 1] },
      waitMs: { p50: percentile(waits, 50), p95: percentile(waits, 95) },
      batchMs: { p50: percentile(applying, 50), p95: percentile(applying, 95) },
      catchUpMs: Math.max(0, lastApplied - loadEnd),
      lastWriteToCaughtUpMs: lastApplied - lastWritten,
      eventLoopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
      healthLagMaxMs,
      backlog,
      consistent,
      detail: `read model: ${count('confirmed')} confirmed, ${count('cancelled')} cancelled; checkouts: ${held} held of ${completed}; ${failedBatches} batches retried`,
    };
  } finally {
    await pump.stop();
    pollerRunning = false;
    await healthPoller;
    await consumer.stop();
    orderPath.close();
    for (const observer of observers) observer.close();
    await app.close();
    await dynamoLocal.stop();
    process.env.DYNAMODB_ENDPOINT = previous.endpoint;
    process.env.TABLE_PREFIX = previous.prefix;
    resetConfig();
    resetDynamo();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A helper loop that broke ends the run at once: its figures would be wrong. */
const fail = (what: string) => (error: unknown) => {
  process.stderr.write(`${what} failed: ${(error as Error).stack}\n`);
  process.exit(1);
};

/** One projected change, whichever stream or delivery it came from: a version, or one write of a stock level. */
function identity(change: Projectable): string {
  return change.kind === 'entity' ? `${change.command.pk}|${change.command.sk}` : `${change.tenant}|${change.stock.sku}|${change.stock.warehouse}|${change.stock.changes}`;
}

/**
 * Everything both streams hold, through the real handler into an empty read model (opened and
 * migrated before the clock starts), batches of 100 one after another per stream, both streams
 * at once: the consumer's pace when it is behind. Restores the process's read model after.
 */
async function replayBacklog(readModelDir: string): Promise<LoadResult['backlog']> {
  const kept = process.env.READ_MODEL_DIR;
  await closeReadModel();
  process.env.READ_MODEL_DIR = readModelDir;
  const lanes = [new StreamDriver(readModelSync, 'command'), new StreamDriver(readModelSync, 'data')];
  try {
    await readModel();
    const records = await Promise.all(lanes.map((lane) => lane.read()));
    const started = process.hrtime.bigint();
    await Promise.all(
      lanes.map(async (lane, i) => {
        for (let at = 0; at < records[i].length; at += 100) {
          let batch: DynamoDBRecord[] = records[i].slice(at, at + 100);
          for (let attempt = 0; batch.length > 0; attempt++) {
            if (attempt === 10) throw new Error(`bench backlog: ${batch.length} records still failing`);
            batch = await lane.deliver(batch);
          }
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const all = records.flat();
    const projected = all.filter((r) => projectableOf(r)).length;
    return { records: all.length, projected, seconds, perSecond: projected / seconds };
  } finally {
    for (const lane of lanes) lane.close();
    await closeReadModel();
    process.env.READ_MODEL_DIR = kept;
  }
}

/**
 * serverless-offline-dynamodb-streams' own stream reader (what `npm start` runs; the plugin is
 * pinned), with a stand-in for serverless-offline's Lambda runner that calls `handler`. The
 * plugin's `src/dynamodb-streams` is not a documented entry point: if an upgrade moves it, this
 * fails at start rather than measuring something else.
 */
class LocalStreamConsumer {
  private stopped?: Promise<void>;
  private constructor(private readonly readers: PluginReadable[]) {}

  static async start(handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>, tables: string[], options: { endpoint: string; pollMs: number }): Promise<LocalStreamConsumer> {
    // The plugin brings the AWS SDK v2, which prints a notice on load.
    process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const DynamodbStreams = require('serverless-offline-dynamodb-streams/src/dynamodb-streams') as PluginStreamsClass;
    const lambda = {
      get: () => {
        let event: DynamoDBStreamEvent | undefined;
        return {
          setEvent: (e: DynamoDBStreamEvent) => (event = e),
          runHandler: () => handler(event!),
        };
      },
    };
    const streams = new DynamodbStreams(lambda, { endpoint: options.endpoint, region: 'us-east-1', accessKeyId: 'local', secretAccessKey: 'local', readInterval: options.pollMs });
    // As serverless.yml's readModelSync declares them.
    await streams.create(
      tables.map((table) => ({
        functionKey: 'readModelSync',
        dynamodbStreams: { type: 'dynamodb', arn: `arn:aws:dynamodb:us-east-1:000000000000:table/${table}/stream/local`, batchSize: 100, startingPosition: 'TRIM_HORIZON', maximumRetryAttempts: 10 },
      })),
    );
    streams.start();
    return new LocalStreamConsumer(streams.readables);
  }

  /** Stops reading and waits until what was read is handed over (before DynamoDB Local stops). */
  stop(): Promise<void> {
    this.stopped ??= Promise.all(
      this.readers.map(
        (reader) =>
          new Promise<void>((done) => {
            const timer = setTimeout(done, 10_000);
            reader.once('end', () => {
              clearTimeout(timer);
              done();
            });
            reader.close();
          }),
      ),
    ).then(() => undefined);
    return this.stopped;
  }
}

interface PluginReadable {
  close(): void;
  once(event: 'end', listener: () => void): void;
}
type PluginStreamsClass = new (
  lambda: { get(functionKey: string): { setEvent(event: DynamoDBStreamEvent): unknown; runHandler(): Promise<unknown> } },
  options: Record<string, unknown>,
) => { create(events: { functionKey: string; dynamodbStreams: Record<string, unknown> }[]): Promise<unknown>; start(): void; readables: PluginReadable[] };

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
