import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { ShopstreamConfig } from '../../src/config';
import { tableDefinitions, TTL_ATTRIBUTE } from '../../src/core/tables';

/** Creates missing tables and turns on what an existing one lacks; running it twice changes nothing. */
export async function ensureTables(cfg: ShopstreamConfig, endpoint: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: cfg.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    for (const definition of tableDefinitions(cfg)) {
      const TableName = definition.TableName!;
      let existing;
      try {
        existing = (await client.send(new DescribeTableCommand({ TableName }))).Table;
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
      if (!existing) {
        await client.send(new CreateTableCommand(definition));
        await client.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
      } else {
        if (definition.StreamSpecification && !existing.StreamSpecification?.StreamEnabled) {
          await client.send(new UpdateTableCommand({ TableName, StreamSpecification: definition.StreamSpecification }));
        }
        // Tables made before an index existed (a kept .data/) get it added.
        const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
        for (const index of definition.GlobalSecondaryIndexes ?? []) {
          if (present.has(index.IndexName)) continue;
          const attributes = definition.AttributeDefinitions!.filter((a) => index.KeySchema!.some((k) => k.AttributeName === a.AttributeName));
          await client.send(new UpdateTableCommand({ TableName, AttributeDefinitions: attributes, GlobalSecondaryIndexUpdates: [{ Create: index }] }));
        }
      }
    }
  } finally {
    client.destroy();
  }
}
