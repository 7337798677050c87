import type { Pool, PoolClient, PoolConfig } from 'pg';
import { Row, SqlDb, SqlTx } from './sql';

/** Where the read model's PostgreSQL is in AWS: Aurora Serverless v2 behind RDS Proxy. */
export interface PgSettings {
  host: string;
  port: number;
  database: string;
  /** Secrets Manager secret with `username` and `password` (the cluster's generated secret). */
  secretArn: string;
  region: string;
}

/**
 * PostgreSQL over the wire (Aurora in AWS). Lambda connection handling: one pool of one
 * connection per container, made at first use and kept across invocations (a container runs
 * one invocation at a time, so it never needs two); RDS Proxy multiplexes the containers'
 * connections onto the database, so a burst of Lambdas does not exhaust Aurora's connection
 * limit. Nothing here pins a proxy connection: tenant, role and search path are set with
 * `set_config(..., true)` inside each transaction (a SET statement would pin), and no session
 * state outlives a transaction. TLS is required by the proxy.
 */
export class PgDb implements SqlDb {
  private constructor(private readonly pool: Pool) {}

  static async open(settings: PgSettings): Promise<PgDb> {
    const credentials = await secretOf(settings);
    return PgDb.connect({
      host: settings.host,
      port: settings.port,
      database: settings.database,
      user: credentials.username,
      password: credentials.password,
      ssl: { rejectUnauthorized: true },
      max: 1,
      // A frozen container's socket is dead when it thaws: let idle ones go before the proxy's timeout.
      idleTimeoutMillis: 60_000,
      connectionTimeoutMillis: 5_000,
      // Statement timeout so one slow search cannot hold the container's only connection for long.
      statement_timeout: 10_000,
    });
  }

  /** A pool as given: `open` for Aurora; the tests, for a local PostgreSQL without TLS. */
  static async connect(config: PoolConfig): Promise<PgDb> {
    const { Pool } = await import('pg');
    return new PgDb(new Pool(config));
  }

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params as unknown[])).rows as T[];
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        query: async <R = Row>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, params as unknown[])).rows as R[],
        exec: async (sql: string) => {
          await client.query(sql);
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function secretOf(settings: PgSettings): Promise<{ username: string; password: string }> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ region: settings.region });
  try {
    const secret = await client.send(new GetSecretValueCommand({ SecretId: settings.secretArn }));
    return JSON.parse(secret.SecretString ?? '{}') as { username: string; password: string };
  } finally {
    client.destroy();
  }
}
