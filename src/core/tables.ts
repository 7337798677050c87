import { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ShopstreamConfig } from '../config';

/** Attribute DynamoDB's TTL deletes items by (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * Table layout (MBC style): command = every version, written once; data = latest version and
 * the lock-free counters; history = superseded versions; dead-letter = records the stream sync
 * gave up on (local stand-in for the SQS queue). The CDK stack declares the same shapes.
 */
export function tableDefinitions(cfg: ShopstreamConfig): CreateTableCommandInput[] {
  const keyed = (TableName: string, stream: boolean): CreateTableCommandInput => ({
    TableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } } : {}),
  });
  return [
    keyed(cfg.tables.command, true),
    keyed(cfg.tables.data, false),
    keyed(cfg.tables.history, false),
    keyed(cfg.tables.deadLetter, false),
  ];
}
