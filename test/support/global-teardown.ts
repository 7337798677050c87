import { rmSync } from 'node:fs';
import type { RunningDynamo } from '../../scripts/lib/dynamodb-local';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __shopstreamDynamo?: RunningDynamo }).__shopstreamDynamo?.stop();
  if (process.env.SHOPSTREAM_TEST_DIR) rmSync(process.env.SHOPSTREAM_TEST_DIR, { recursive: true, force: true });
}
