/**
 * Where the read model lives. Locally an embedded PGlite: in `READ_MODEL_DIR` (npm start:
 * `.data/read-model`) or, unset, in memory (each test file gets its own). Read once per process.
 */
export interface ReadModelConfig {
  /** PGlite data folder; undefined: in memory. */
  dir?: string;
}

export function readModelConfig(env: NodeJS.ProcessEnv = process.env): ReadModelConfig {
  return { dir: env.READ_MODEL_DIR || undefined };
}
