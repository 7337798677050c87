import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
