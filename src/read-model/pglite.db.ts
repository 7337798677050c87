import type { Extension, PGlite } from '@electric-sql/pglite';
import { Row, SqlDb, SqlTx } from './sql';

/**
 * PGlite (PostgreSQL compiled to WebAssembly, in this process): the read model's database for
 * `npm start` and the tests. One connection: statements run one at a time, transactions too.
 */
export class PgliteDb implements SqlDb {
  private constructor(private readonly db: PGlite) {}

  static async open(dir?: string): Promise<PgliteDb> {
    // Loaded here, not at the top: the AWS bundles leave PGlite out (Aurora there). The contrib
    // module is a subpath export, which this project's `moduleResolution` cannot type.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { PGlite } = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
    const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const db = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), extensions: { pg_trgm } });
    return new PgliteDb(db);
  }

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.db.query<T>(sql, params as unknown[])).rows;
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  transaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      work({
        query: async <R = Row>(sql: string, params: readonly unknown[] = []) => (await tx.query<R>(sql, params as unknown[])).rows,
        exec: async (sql: string) => {
          await tx.exec(sql);
        },
      }),
    );
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
