/**
 * Where the read model lives. AWS: Aurora PostgreSQL (`READ_MODEL_HOST`, `READ_MODEL_PORT`,
 * `READ_MODEL_DATABASE`, `READ_MODEL_SECRET_ARN`, set by the CDK stack). Locally an embedded
 * PGlite: in `READ_MODEL_DIR` (npm start: `.data/read-model`) or, unset, in memory (each test
 * file gets its own).
 */
export interface ReadModelConfig {
  /** PGlite data folder; undefined: in memory. */
  dir?: string;
  /** AWS: Aurora PostgreSQL through RDS Proxy (`READ_MODEL_HOST` and `READ_MODEL_SECRET_ARN` set). */
  postgres?: { host: string; port: number; database: string; secretArn: string; region: string };
}

export function readModelConfig(env: NodeJS.ProcessEnv = process.env): ReadModelConfig {
  const postgres =
    env.READ_MODEL_HOST && env.READ_MODEL_SECRET_ARN
      ? {
          host: env.READ_MODEL_HOST,
          port: Number(env.READ_MODEL_PORT ?? 5432),
          database: env.READ_MODEL_DATABASE ?? 'shopstream',
          secretArn: env.READ_MODEL_SECRET_ARN,
          region: env.AWS_REGION ?? 'us-east-1',
        }
      : undefined;
  return { dir: env.READ_MODEL_DIR || undefined, ...(postgres ? { postgres } : {}) };
}
