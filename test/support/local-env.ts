import { join } from 'node:path';
import { ulid } from 'ulid';
import { loadConfig, resetConfig } from '../../src/config';
import { resetDynamo } from '../../src/core/dynamo';
import { ensureTables } from '../../scripts/lib/tables';

/**
 * Points this test file at tables of its own in the run's DynamoDB Local (started by
 * global-setup), so files never see each other's items or stream records.
 */
/** Returns the table prefix; mails of this file land in `mailDir()`. */
export async function useFreshTables(): Promise<string> {
  const prefix = `t${ulid().toLowerCase()}`;
  process.env.TABLE_PREFIX = prefix;
  process.env.MAIL_DIR = join(process.env.SHOPSTREAM_TEST_DIR!, 'mail', prefix);
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'SILENT';
  resetConfig();
  resetDynamo();
  await ensureTables(loadConfig(), process.env.DYNAMODB_ENDPOINT!);
  return prefix;
}

export function mailDir(): string {
  return process.env.MAIL_DIR!;
}
