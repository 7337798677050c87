import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../src/config';
import { dynamo } from '../../src/core/dynamo';
import { tenantPk } from '../../src/core/keys';

/** How many commands a tenant has in the command table (optionally under a sort-key prefix): "nothing was written" checks. */
export async function commandCount(tenantCode: string, prefix = ''): Promise<number> {
  const result = await dynamo().send(
    new QueryCommand({
      TableName: config().tables.command,
      // DynamoDB refuses an empty begins_with value: no prefix means the whole partition.
      KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': tenantPk({ tenantCode }), ...(prefix ? { ':prefix': prefix } : {}) },
    }),
  );
  return result.Count ?? 0;
}
