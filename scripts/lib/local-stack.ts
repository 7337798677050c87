import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './dynamodb-local';
import { signalTree } from './process-tree';

const REPO = resolve(__dirname, '..', '..');

/**
 * The environment for running `npm start` beside other things (tests, the burst bench): its own
 * free ports, data folder and in-memory DynamoDB Local, and none of the caller's table or key
 * settings leaking in.
 */
export interface StackPorts {
  api: number;
  lambda: number;
  dynamo: number;
  cognito: number;
  mailViewer: number;
  admin: number;
  store: number;
  /** The local S3 API (media bucket, job files). */
  s3: number;
}

/** A free port for each server of the stack. */
export async function freeStackPorts(): Promise<StackPorts> {
  return { api: await freePort(), lambda: await freePort(), dynamo: await freePort(), cognito: await freePort(), mailViewer: await freePort(), admin: await freePort(), store: await freePort(), s3: await freePort() };
}

export function isolatedStackEnv(ports: StackPorts, dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    API_PORT: String(ports.api),
    // Not listened on any more (the invoke endpoint is a private socket); set so a test can prove it.
    LAMBDA_PORT: String(ports.lambda),
    DYNAMODB_PORT: String(ports.dynamo),
    COGNITO_PORT: String(ports.cognito),
    MAIL_VIEWER_PORT: String(ports.mailViewer),
    ADMIN_PORT: String(ports.admin),
    STORE_PORT: String(ports.store),
    S3_PORT: String(ports.s3),
    DATA_DIR: dataDir,
    DYNAMODB_IN_MEMORY: 'true',
    DYNAMODB_ENDPOINT: '',
    TABLE_PREFIX: '',
    AUTH_JWKS_FILE: '',
    ...extra,
  };
}

/** Polls `probe` until it answers a value (a rejection counts as not yet), or fails after `seconds`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, seconds = 60): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `npm start` running beside the caller (see startLocalStack). */
export interface LocalStack {
  ports: StackPorts;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** The API's base URL. */
  api: string;
  /** A development JWT of the stack's keys (`npm run token -- --tenant <tenant> --role <role> ...extra`). */
  token: (tenant: string, role: string, ...extra: string[]) => string;
  /** Stops the whole process tree and removes the data folder. */
  stop: () => Promise<void>;
}

/**
 * `npm start` (scripts/start.ts, the web apps already built) on free ports with an in-memory
 * DynamoDB Local and a fresh data folder: for the web suite's global setup and the browser
 * benches. Ready once it prints the mail viewer's line; a stack that exits first (a missing build,
 * a port taken) fails at once with its output.
 */
export async function startLocalStack(extra: NodeJS.ProcessEnv = {}, seconds = 180): Promise<LocalStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shopstream-stack-'));
  const ports = await freeStackPorts();
  const env = isolatedStackEnv(ports, dataDir, extra);
  const stack = spawn(process.execPath, [join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'], { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  stack.stdout!.on('data', (chunk) => (output += chunk));
  stack.stderr!.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    // An exited stack sends no more 'exit': waiting for one would hang the caller (and hide why).
    const exited = stack.exitCode !== null || stack.signalCode !== null ? Promise.resolve() : new Promise((r) => stack.once('exit', r));
    if (stack.exitCode === null) signalTree(stack.pid!, 'SIGINT');
    const timer = setTimeout(() => signalTree(stack.pid!, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
  };
  await eventually('npm start', async () => (output.includes('[shopstream] Mail') || stack.exitCode !== null ? true : undefined), seconds).catch(() => undefined);
  if (!output.includes('[shopstream] Mail')) {
    await stop();
    throw new Error(`the local stack did not start (exit ${stack.exitCode}):\n${output}`);
  }
  const token = (tenant: string, role: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'scripts/token.ts', '--tenant', tenant, '--role', role, ...args], { cwd: REPO, env, encoding: 'utf8' }).stdout.trim();
  return { ports, env, dataDir, api: `http://127.0.0.1:${ports.api}`, token, stop };
}
