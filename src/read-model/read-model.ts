import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { logger } from '../core/logger';
import { assertSchemaName, bootstrap, migrate } from './migrations';
import { PgliteDb } from './pglite.db';
import { readModelConfig } from './read-model.config';
import { Row, SqlDb, SqlTx } from './sql';

export interface Generations {
  active: string;
  /** A generation a rebuild is filling: live changes are written to it too. */
  building?: string;
}

/**
 * What a tenant's transaction may do: queries (always with `tenant` as a parameter, and Row
 * Level Security behind them) and writes to every live generation.
 */
export interface TenantScope {
  readonly tenant: string;
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs `write` once per generation that must see it (the active one, and the one being built). */
  inEveryGeneration(write: () => Promise<void>): Promise<void>;
}

/**
 * The read model's database: schema generations (`rm_<n>`, each made by the same migrations),
 * a pointer to the active one, and tenant-scoped transactions. Each tenant transaction sets
 * `app.tenant` (transaction-local) and drops to the `shopstream_tenant` role, which Row Level
 * Security holds to that tenant's rows: a query that forgot its tenant condition still sees
 * and writes nothing of another tenant.
 */
export class ReadModel {
  private constructor(readonly db: SqlDb) {}

  static async open(db: SqlDb): Promise<ReadModel> {
    await bootstrap(db);
    const model = new ReadModel(db);
    let generations = await model.generations();
    if (!generations) {
      const first = await model.createGeneration();
      await db.query('INSERT INTO public.read_model_generation (id, active) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [first]);
      generations = (await model.generations())!;
    }
    for (const schema of [generations.active, generations.building]) {
      if (schema) await migrate(db, schema);
    }
    return model;
  }

  async generations(runner: { query: SqlDb['query'] } = this.db): Promise<Generations | undefined> {
    const [row] = await runner.query<{ active: string; building: string | null }>('SELECT active, building FROM public.read_model_generation WHERE id = 1');
    return row ? { active: row.active, ...(row.building ? { building: row.building } : {}) } : undefined;
  }

  /** A new, empty, migrated schema. */
  async createGeneration(): Promise<string> {
    const [{ n }] = await this.db.query<{ n: number }>(
      `SELECT coalesce(max(substring(nspname FROM 4)::int), 0) + 1 AS n FROM pg_namespace WHERE nspname ~ '^rm_[0-9]+$'`,
    );
    const schema = `rm_${n}`;
    await migrate(this.db, schema);
    return schema;
  }

  /**
   * One transaction of one tenant, against the active generation (and, for writes, the one a
   * rebuild is filling). `only`: against that generation alone (the rebuild's own writes).
   */
  async forTenant<T>(tenant: string, work: (scope: TenantScope) => Promise<T>, only?: string): Promise<T> {
    if (!tenant) throw new Error('a read-model transaction needs a tenant');
    return this.db.transaction(async (tx) => {
      const generations: Generations = only ? { active: only } : (await this.generations(tx))!;
      await tx.query(`SELECT set_config('app.tenant', $1, true)`, [tenant]);
      await use(tx, generations.active);
      // set_config, not SET LOCAL ROLE: the same, and RDS Proxy does not pin the connection for it.
      await tx.query(`SELECT set_config('role', 'shopstream_tenant', true)`);
      return work({
        tenant,
        query: (sql, params) => tx.query(sql, params),
        inEveryGeneration: async (write) => {
          await write();
          if (generations.building) {
            await use(tx, generations.building);
            try {
              await write();
            } finally {
              await use(tx, generations.active);
            }
          }
        },
      });
    });
  }

  /**
   * Platform work across tenants (health, rebuild): the connection's own role, search path at
   * `schema` (default: the active generation). Never reachable from a request's input.
   */
  async asPlatform<T>(work: (tx: SqlTx, generations: Generations) => Promise<T>, schema?: string): Promise<T> {
    return this.db.transaction(async (tx) => {
      const generations = (await this.generations(tx))!;
      await use(tx, schema ?? generations.active);
      return work(tx, generations);
    });
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

async function use(tx: SqlTx, schema: string): Promise<void> {
  assertSchemaName(schema);
  await tx.query(`SELECT set_config('search_path', $1, true)`, [`${schema}, public`]);
}

let opened: Promise<ReadModel> | undefined;
let lockFile: string | undefined;

/** The process's read model, opened (and migrated) on first use. */
export function readModel(): Promise<ReadModel> {
  opened ??= openConfigured().catch((error) => {
    opened = undefined;
    throw error;
  });
  return opened;
}

async function openConfigured(): Promise<ReadModel> {
  const { dir, postgres } = readModelConfig();
  if (postgres) {
    const { PgDb } = await import('./pg.db');
    return ReadModel.open(await PgDb.open(postgres));
  }
  if (dir) {
    takeLock(dir);
    mkdirSync(dirname(dir), { recursive: true });
  }
  const started = Date.now();
  const model = await ReadModel.open(await PgliteDb.open(dir));
  logger.info('read model open', { dir: dir ?? 'memory', ms: Date.now() - started });
  return model;
}

/** Closes the process's read model (tests, scripts); the next `readModel()` opens a new one. */
export async function closeReadModel(): Promise<void> {
  const model = opened;
  opened = undefined;
  if (model) await (await model).close();
  if (lockFile) rmSync(lockFile, { force: true });
  lockFile = undefined;
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt
 * it. The folder's `.lock` names the process that holds it; a live holder is refused.
 */
export function lockHolder(dir: string): number | undefined {
  const file = `${dir}.lock`;
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8'));
  if (!Number.isInteger(pid) || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

function takeLock(dir: string): void {
  const holder = lockHolder(dir);
  if (holder) throw new Error(`the read model in ${dir} is open in process ${holder}; stop it first`);
  mkdirSync(dirname(dir), { recursive: true });
  lockFile = `${dir}.lock`;
  writeFileSync(lockFile, String(process.pid));
}
