import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';

/**
 * The one DynamoDB client of the process. Locally it points at DynamoDB Local with dummy
 * credentials; in AWS it uses the Lambda role.
 */
let client: DynamoDBDocumentClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  if (!client) {
    const { region, dynamoEndpoint } = config();
    const raw = new DynamoDBClient({
      region,
      ...(dynamoEndpoint
        ? { endpoint: dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
    client = DynamoDBDocumentClient.from(raw, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
    });
  }
  return client;
}

/** Tests point the process at another DynamoDB Local between suites. */
export function resetDynamo(): void {
  client?.destroy();
  client = undefined;
}

/** Why a TransactWriteItems was cancelled, one entry per action (`None` for the ones that were fine). */
export function cancellationReasons(error: unknown): string[] | undefined {
  if (error && typeof error === 'object' && (error as { name?: string }).name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.map((r) => r.Code ?? 'None');
  }
  return undefined;
}

export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/** Every item of `keys` that exists (at most 100 keys), re-asking for what DynamoDB left unprocessed. */
export async function batchGet(table: string, keys: readonly Record<string, unknown>[], consistent: boolean): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let pending: Record<string, unknown>[] | undefined = [...keys];
  while (pending && pending.length > 0) {
    const result = await dynamo().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } } }));
    found.push(...(result.Responses?.[table] ?? []));
    pending = result.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
  }
  return found;
}
