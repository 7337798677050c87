import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqlDb } from './sql';

/** prisma/migrations, from src/read-model or dist/read-model alike; `migrations/` beside a Lambda bundle. */
export const MIGRATIONS_DIR = [join(__dirname, 'migrations'), join(__dirname, '..', '..', 'prisma', 'migrations')].find((dir) => existsSync(dir)) ?? join(__dirname, '..', '..', 'prisma', 'migrations');

const FILE_NAME = /^\d{3}_[a-z0-9_]+\.sql$/;
const SCHEMA_NAME = /^rm_\d{1,9}$/;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The SQL files, in name order (`001_catalog.sql`, `002_...`). */
export function migrationFiles(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => FILE_NAME.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** What every schema generation needs from `public`: the extension, the ledger, the generation pointer, the tenant role. */
export async function bootstrap(db: SqlDb): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(1147091)');
    await tx.exec(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
      CREATE TABLE IF NOT EXISTS public.read_model_migration (
        schema_name text NOT NULL, name text NOT NULL, checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (schema_name, name));
      CREATE TABLE IF NOT EXISTS public.read_model_generation (
        id integer PRIMARY KEY CHECK (id = 1), active text NOT NULL, building text,
        switched_at timestamptz NOT NULL DEFAULT now());
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'shopstream_tenant') THEN
          CREATE ROLE shopstream_tenant NOLOGIN;
        END IF;
      END $$;
      -- The connection's user switches to it in every tenant transaction (PostgreSQL 16 does not
      -- let a CREATEROLE user, such as Aurora's master user, become a role it made without this).
      GRANT shopstream_tenant TO CURRENT_USER;
    `);
  });
}

/**
 * Applies the files not applied to `schema` yet, each once, in order, each in a transaction of
 * its own together with its ledger row. A file changed after it was applied is refused.
 */
export async function migrate(db: SqlDb, schema: string, files = migrationFiles()): Promise<string[]> {
  assertSchemaName(schema);
  const applied = new Map(
    (await db.query<{ name: string; checksum: string }>('SELECT name, checksum FROM public.read_model_migration WHERE schema_name = $1', [schema])).map((r) => [r.name, r.checksum]),
  );
  const done: string[] = [];
  for (const file of files) {
    const seen = applied.get(file.name);
    if (seen !== undefined) {
      if (seen !== file.checksum) throw new Error(`read-model migration ${file.name} changed after it was applied to ${schema}; add a new file instead`);
      continue;
    }
    const fresh = await db.transaction(async (tx) => {
      // Containers starting together: one applies the file, the others wait, then see it applied.
      await tx.query('SELECT pg_advisory_xact_lock(1147091)');
      const [done] = await tx.query('SELECT 1 FROM public.read_model_migration WHERE schema_name = $1 AND name = $2', [schema, file.name]);
      if (done) return false;
      await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET LOCAL search_path TO ${schema}, public;`);
      await tx.exec(file.sql);
      // The tenant role reads and writes rows (Row Level Security decides which), nothing more.
      await tx.exec(`GRANT USAGE ON SCHEMA ${schema} TO shopstream_tenant; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO shopstream_tenant;`);
      await tx.query('INSERT INTO public.read_model_migration (schema_name, name, checksum) VALUES ($1, $2, $3)', [schema, file.name, file.checksum]);
      return true;
    });
    if (fresh) done.push(file.name);
  }
  return done;
}

/** Schema names are made by the code (`rm_<n>`), never taken from input; checked before they reach SQL text. */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`not a read-model schema name: ${schema}`);
}
