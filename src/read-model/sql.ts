/** The little of PostgreSQL the read model needs: parameterized queries and transactions. */
export type Row = Record<string, unknown>;

export interface SqlRunner {
  /** One statement; values only ever travel as parameters ($1, $2...). */
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface SqlDb extends SqlRunner {
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface SqlTx extends SqlRunner {
  exec(sql: string): Promise<void>;
}
