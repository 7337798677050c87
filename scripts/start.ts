/**
 * `npm start`: DynamoDB Local (from the npm package) + tables + dev signing keys + a demo tenant,
 * the Cognito emulator with the user pool, the local mail viewer, a local S3 (the media bucket,
 * whose object-created events go to the media function, and the bulk jobs' files), then
 * serverless-offline serving the API and running the stream, schedule and media functions of
 * serverless.yml, the bulk jobs consumer polling its local queue, the admin app and the storefront
 * (built by `npm run build:web`). Ctrl-C stops everything it started.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureDevKeys, mintDevToken } from '../src/auth/dev-keys';
import { loadConfig, resetConfig } from '../src/config';
import { CommandService } from '../src/core/command.service';
import { sortKey } from '../src/core/keys';
import { SYSTEM_TENANT, systemActorContext } from '../src/core/tenant-context';
import { TENANT_ENTITY } from '../src/modules/tenant/tenant.keys';
import { DEFAULT_TAX_RATE_BPS } from '../src/modules/tenant/tenant.model';
import { Server } from 'node:http';
import { cognitoEnv, ensureLocalPool, RunningCognito, startCognitoLocal } from './lib/cognito-local';
import { catalogIsEmpty, seedDemoCatalog } from './lib/demo-catalog';
import { ensureDemoUsers } from './lib/demo-users';
import { ensureDemoStorefront } from './lib/demo-storefront';
import { assertJava, assertPortFree, RunningDynamo, SetupProblem, startDynamoLocal } from './lib/dynamodb-local';
import { startAdminServer } from './lib/admin-server';
import { startStoreServer } from './lib/store-server';
import { crawlerPages } from './lib/store-pages';
import { startMailViewer } from './lib/mail-viewer';
import { invokeOnS3Events } from './lib/media-events';
import { startS3Local } from './lib/s3-local';
import { removeStackState, writeStackState } from './lib/stack-state';
import { ensureTables } from './lib/tables';

// Before any AWS client exists: the SDK's Node 20 notice is noise for a local run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const settings = {
  apiPort: Number(process.env.API_PORT ?? 3000),
  dynamoPort: Number(process.env.DYNAMODB_PORT ?? 8000),
  // Not cognito-local's own 9229, which is Node's inspector port.
  cognitoPort: Number(process.env.COGNITO_PORT ?? 9329),
  mailViewerPort: Number(process.env.MAIL_VIEWER_PORT ?? 3025),
  adminPort: Number(process.env.ADMIN_PORT ?? 5175),
  storePort: Number(process.env.STORE_PORT ?? 5176),
  s3Port: Number(process.env.S3_PORT ?? 4569),
  dataDir: resolve(process.env.DATA_DIR ?? '.data'),
  inMemory: process.env.DYNAMODB_IN_MEMORY === 'true',
  demoTenant: process.env.DEMO_TENANT ?? 'demo',
  /** `false`: no demo catalog (the browser suite seeds its own shop). */
  demoCatalog: process.env.DEMO_CATALOG !== 'false',
};

const say = (line: string) => process.stdout.write(`[shopstream] ${line}\n`);
let dynamo: RunningDynamo | undefined;
let cognito: RunningCognito | undefined;
/** Until the emulator answers (or gave up): a stop meanwhile waits for it, so it is never left running. */
let cognitoStarting: Promise<unknown> | undefined;
let mailViewer: Server | undefined;
let admin: Server | undefined;
let store: Server | undefined;
let s3: { endpoint: string; stop(): Promise<void> } | undefined;
let jobPoller: NodeJS.Timeout | undefined;
let offline: ChildProcess | undefined;
let stopping = false;

async function main(): Promise<void> {
  const started = Date.now();
  assertJava();
  await assertPortFree(settings.apiPort, 'API_PORT');
  await assertPortFree(settings.dynamoPort, 'DYNAMODB_PORT');
  await assertPortFree(settings.cognitoPort, 'COGNITO_PORT');
  await assertPortFree(settings.mailViewerPort, 'MAIL_VIEWER_PORT');
  await assertPortFree(settings.adminPort, 'ADMIN_PORT');
  await assertPortFree(settings.storePort, 'STORE_PORT');
  await assertPortFree(settings.s3Port, 'S3_PORT');

  dynamo = await startDynamoLocal(settings.dynamoPort, settings.inMemory ? undefined : join(settings.dataDir, 'dynamodb'));
  say(`DynamoDB Local on ${dynamo.endpoint} (${settings.inMemory ? 'in memory' : `data in ${join(settings.dataDir, 'dynamodb')}`})`);

  // The emulator boots (~3.5 s, mostly loading its AWS SDK) and gets its pool while the tables are
  // made and serverless-offline boots: awaited only before "ready". Not beside DynamoDB Local's
  // own start, whose JVM needs the CPU (on a busy machine it has 30 s to answer).
  const cognitoDir = join(settings.dataDir, 'cognito');
  const starting = startCognitoLocal(settings.cognitoPort, cognitoDir).then((running) => (cognito = running));
  cognitoStarting = starting.catch(() => undefined);
  const pool = starting.then((running) => ensureLocalPool(running.endpoint, 'shopstream-local'));
  pool.catch(() => undefined); // not unhandled meanwhile: its failure is thrown where it is awaited, below

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    JOBS_QUEUE_DIR: join(settings.dataDir, 'jobs-queue'),
    MAIL_DIR: process.env.MAIL_DIR ?? join(settings.dataDir, 'mail'),
    // The read model (search): PGlite in .data/read-model, or in memory beside an in-memory DynamoDB.
    READ_MODEL_DIR: process.env.READ_MODEL_DIR ?? (settings.inMemory ? '' : join(settings.dataDir, 'read-model')),
    AUTH_JWKS_FILE: ensureDevKeys(join(settings.dataDir, 'auth')).jwksFile,
    API_PORT: String(settings.apiPort),
    LAMBDA_PORT: lambdaInvokeSocket(),
    S3_ENDPOINT: `http://127.0.0.1:${settings.s3Port}`,
    // Where a guest's order mail links to: this stack's storefront.
    STOREFRONT_URL: process.env.STOREFRONT_URL || `http://127.0.0.1:${settings.storePort}`,
    // The links the API hands out to itself (the test provider's page): this plain-HTTP port.
    PUBLIC_API_URL: process.env.PUBLIC_API_URL || `http://127.0.0.1:${settings.apiPort}`,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
  };
  Object.assign(process.env, { DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT, S3_ENDPOINT: env.S3_ENDPOINT, JOBS_QUEUE_DIR: env.JOBS_QUEUE_DIR });
  resetConfig();
  await ensureTables(loadConfig(env), dynamo.endpoint);
  await seedDemoTenant();
  if (await ensureDemoStorefront(settings.demoTenant)) say(`set up the storefront of ${settings.demoTenant}: domain localhost, a publishable key (GET /storefront/config?host=localhost)`);
  mailViewer = await startMailViewer(settings.mailViewerPort, env.MAIL_DIR!);
  const { media, jobs } = loadConfig(env);
  s3 = await startS3Local(settings.s3Port, join(settings.dataDir, 's3'), [media.bucket, jobs.bucket], invokeOnS3Events(env.LAMBDA_PORT!, 'shopstream-local-media', say));
  // The API drives the pool (the /auth routes) and verifies its tokens: it needs the pool's ids
  // and the clients' secrets before it starts. The emulator has mostly booted meanwhile.
  const { userPoolId, clients, created } = await pool;
  Object.assign(env, cognitoEnv(cognito!.endpoint, { userPoolId, clients }));
  // Made while serverless-offline boots; awaited before "ready".
  const demo = ensureDemoUsers(settings.dataDir, cognito!.endpoint, userPoolId, settings.demoTenant);
  demo.catch(() => undefined); // its failure is thrown where it is awaited, below

  offline = spawn(process.execPath, [require.resolve('serverless/bin/serverless.js'), 'offline', 'start'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  forward(offline);
  offline.once('exit', (code) => {
    if (!stopping) {
      say(`serverless-offline exited (${code}); stopping`);
      void shutdown(1);
    }
  });

  const api = `http://127.0.0.1:${settings.apiPort}`;
  admin = await startAdminServer(settings.adminPort, { apiUrl: api });
  store = await startStoreServer(settings.storePort, { apiUrl: api, defaultShop: settings.demoTenant }, crawlerPages(api, settings.demoTenant));
  const [, demoUsers] = await Promise.all([waitForHealth(`${api}/health`), demo]);
  if (settings.demoCatalog) await seedDemoShop(api, loadConfig(env).auth.issuer);
  say(`Cognito emulator on ${cognito!.endpoint}, user pool ${userPoolId} (${created ? 'created' : 'kept'}; data in ${cognitoDir})`);
  // Read by `npm run pay` and the README's doc test: they find this stack without being told its ports.
  const mail = `http://127.0.0.1:${settings.mailViewerPort}`;
  writeStackState({
    pid: process.pid,
    api,
    dynamodbEndpoint: dynamo.endpoint,
    cognito: { endpoint: cognito!.endpoint, userPoolId, clients },
    demoUsers,
    mailViewer: mail,
    admin: `http://127.0.0.1:${settings.adminPort}`,
    store: `http://127.0.0.1:${settings.storePort}`,
    dataDir: settings.dataDir,
    startedAt: new Date(started).toISOString(),
  });
  startJobPoller();
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  say(`API   ${api}`);
  say(`Docs  ${api}/docs   (OpenAPI JSON: ${api}/docs/openapi.json)`);
  say(`Token npm run token -- --tenant ${settings.demoTenant} --role tenant-admin`);
  for (const user of demoUsers) {
    say(`Sign in (${user.role}) POST ${api}/auth/sign-in {"tenant":"${settings.demoTenant}","email":"${user.email}","password":"${user.password}","client":"${user.client}"}`);
  }
  say(`Search ${api}/search/products?q=...   (read model: ${env.READ_MODEL_DIR || 'in memory'})`);
  say(`Admin  http://127.0.0.1:${settings.adminPort}/`);
  say(`Store  http://127.0.0.1:${settings.storePort}/`);
  say(`Mail  ${mail}   (captured mail, per shop and recipient)`);
  say(`S3    ${s3!.endpoint}   (bucket ${media.bucket}: uploads and image renditions; bucket ${jobs.bucket}: bulk import and export files; data in ${join(settings.dataDir, 's3')})`);
}

/**
 * The bulk jobs consumer (src/handlers/bulk-jobs.ts, from dist/ like serverless-offline's
 * functions: Nest needs tsc's decorator metadata), fed from the local queue the API writes to
 * (ElasticMQ is not available here): the same handler and message SQS gives it in AWS.
 */
function startJobPoller(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(resolve('dist/handlers/bulk-jobs.js')) as { handler: Parameters<typeof import('../src/core/job-queue').drainLocalJobs>[0] };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { drainLocalJobs } = require(resolve('dist/core/job-queue.js')) as typeof import('../src/core/job-queue');
  const poll = async () => {
    try {
      await drainLocalJobs(handler);
    } catch (error) {
      say(`jobs: ${(error as Error).message}`);
    }
    if (!stopping) jobPoller = setTimeout(() => void poll(), 500);
  };
  void poll();
}

/**
 * serverless-offline always serves a Lambda invoke endpoint, which nothing here uses (the
 * stream plugin invokes in-process) and which would let any local page or user invoke the
 * stream function with a forged record. Given a path instead of a port, its server listens on
 * a UNIX socket in a folder only this user can enter, made anew for each run.
 */
let socketDir: string | undefined;
function lambdaInvokeSocket(): string {
  socketDir = mkdtempSync(join(tmpdir(), 'shopstream-invoke-'));
  chmodSync(socketDir, 0o700);
  return join(socketDir, 'lambda.sock');
}

/** The demo catalog through the API, on the first start only (a shop with products is kept as it is). */
async function seedDemoShop(api: string, issuer: string): Promise<void> {
  const token = mintDevToken(ensureDevKeys(join(settings.dataDir, 'auth')), { tenant: settings.demoTenant, role: 'tenant-admin', userId: 'demo-catalog', issuer, expiresInSeconds: 900 });
  if (!(await catalogIsEmpty(api, token))) return;
  await seedDemoCatalog(api, token);
  say(`seeded the demo catalog of ${settings.demoTenant}`);
}

/** A tenant to try things with; created once, kept with the data. */
async function seedDemoTenant(): Promise<void> {
  const commands = new CommandService();
  const registry = systemActorContext(SYSTEM_TENANT, 'script:start', 'start');
  if ((await commands.currentVersion(registry, sortKey(TENANT_ENTITY, settings.demoTenant))) > 0) return;
  await commands.publish(
    registry,
    { type: TENANT_ENTITY, code: settings.demoTenant, name: 'Demo shop', attributes: { enabled: true, taxRateBps: DEFAULT_TAX_RATE_BPS, currency: 'USD' } },
    { expectedVersion: 0 },
  );
  say(`created tenant ${settings.demoTenant}`);
}

/** serverless-offline's output, without the AWS SDK's Node-version notices. */
function forward(child: ChildProcess): void {
  let skipping = false;
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (/NodeVersionSupportWarning|maintenance mode/.test(line)) skipping = true;
      if (!skipping) process.stdout.write(`${line}\n`);
      if (skipping && (line.trim() === '' || /trace-warnings/.test(line))) skipping = false;
    });
  }
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new SetupProblem(`the API did not answer ${url} within 120 s`);
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (offline?.pid && offline.exitCode === null) {
    const exited = new Promise((r) => offline!.once('exit', r));
    try {
      process.kill(-offline.pid, 'SIGINT');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-offline!.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  }
  mailViewer?.close();
  admin?.close();
  store?.close();
  if (jobPoller) clearTimeout(jobPoller);
  await cognitoStarting;
  await Promise.all([dynamo?.stop(), cognito?.stop(), s3?.stop()]);
  removeStackState(settings.dataDir);
  if (socketDir) rmSync(socketDir, { recursive: true, force: true });
  say('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (error) => {
  process.stderr.write(`[shopstream] ${error instanceof SetupProblem ? error.message : (error as Error).stack}\n`);
  await shutdown(1);
});
