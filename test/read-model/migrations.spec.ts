import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, migrate, migrationFiles, MIGRATIONS_DIR } from '../../src/read-model/migrations';
import { PgliteDb } from '../../src/read-model/pglite.db';

/** The SQL migration runner, and prisma/schema.prisma against what the migrations make. */
describe('read-model migrations', () => {
  let db: PgliteDb;
  // One database; each test works in a schema of its own.
  beforeAll(async () => {
    db = await PgliteDb.open();
    await bootstrap(db);
  });
  afterAll(() => db.close());

  it('applies each file once, in order, and refuses a file changed after it was applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rm-migrations-'));
    writeFileSync(join(dir, '002_second.sql'), 'ALTER TABLE thing ADD COLUMN size int;');
    writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE thing (tenant text PRIMARY KEY);');
    writeFileSync(join(dir, 'notes.txt'), 'not a migration');
    expect(await migrate(db, 'rm_1', migrationFiles(dir))).toEqual(['001_first.sql', '002_second.sql']);
    expect(await migrate(db, 'rm_1', migrationFiles(dir))).toEqual([]);
    const columns = await db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'rm_1' AND table_name = 'thing' ORDER BY ordinal_position`);
    expect(columns.map((c) => c.column_name)).toEqual(['tenant', 'size']);
    writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE thing (tenant text PRIMARY KEY, extra int);');
    await expect(migrate(db, 'rm_1', migrationFiles(dir))).rejects.toThrow(/001_first.sql changed/);
  });

  it('a failing file leaves nothing behind and is not recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rm-migrations-'));
    writeFileSync(join(dir, '001_broken.sql'), 'CREATE TABLE half (tenant text); SELECT no_such_function();');
    await expect(migrate(db, 'rm_2', migrationFiles(dir))).rejects.toThrow(/no_such_function/);
    expect(await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half'`)).toEqual([]);
    expect(await db.query(`SELECT * FROM public.read_model_migration WHERE schema_name = 'rm_2'`)).toEqual([]);
  });

  it('prisma/schema.prisma describes every migrated table and column, with the tenant in each', async () => {
    await migrate(db, 'rm_3');
    const columns = await db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'rm_3' ORDER BY table_name, column_name`,
    );
    const migrated = new Map<string, string[]>();
    for (const c of columns) migrated.set(c.table_name, [...(migrated.get(c.table_name) ?? []), c.column_name]);

    const schema = readFileSync(join(MIGRATIONS_DIR, '..', 'schema.prisma'), 'utf8');
    const described = new Map<string, string[]>();
    for (const [, body] of schema.matchAll(/model \w+ \{([^}]*)\}/g)) {
      const table = /@@map\("(\w+)"\)/.exec(body)![1];
      const fields = body
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => /^[a-z]\w* /.test(line))
        .map((line) => /@map\("(\w+)"\)/.exec(line)?.[1] ?? line.split(/\s+/)[0]);
      described.set(table, fields.sort());
    }
    expect(Object.fromEntries(described)).toEqual(Object.fromEntries(migrated));
    for (const fields of migrated.values()) expect(fields).toContain('tenant');
  });
});
