import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDynamoLocal } from '../../scripts/lib/dynamodb-local';
import { ensureDevKeys } from '../../src/auth/dev-keys';

/**
 * One in-memory DynamoDB Local for the whole run, on a free port, and development signing
 * keys in a temporary folder. Each test file then works in tables of its own.
 */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.LOG_LEVEL ??= 'SILENT';
  const port = await freePort();
  const dynamo = await startDynamoLocal(port);
  const dir = mkdtempSync(join(tmpdir(), 'shopstream-test-'));
  const keys = ensureDevKeys(join(dir, 'auth'));
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.AUTH_JWKS_FILE = keys.jwksFile;
  process.env.SHOPSTREAM_TEST_DIR = dir;
  writeFileSync(join(dir, 'dynamodb.pid'), String(dynamo.process.pid));
  (globalThis as { __shopstreamDynamo?: typeof dynamo }).__shopstreamDynamo = dynamo;
}
