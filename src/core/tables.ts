import { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ShopstreamConfig } from '../config';

/**
 * Sparse secondary indexes of the data table: a record is listed in one only while its version
 * carries that index's keys (`EntityInput.indexes`). Both project every attribute, so a page
 * of an index is one Query.
 */
export const DATA_INDEXES = {
  /** An owner's entities, e.g. a customer's orders: `TENANT#t#CUSTOMER#<id>` / `ORDER#<code>`. */
  byOwner: { name: 'gsi1', pk: 'gsi1pk', sk: 'gsi1sk' },
  /** Entities in a state a sweeper must find, e.g. pending orders by the time they were placed. */
  byState: { name: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk' },
} as const;
export type DataIndex = (typeof DATA_INDEXES)[keyof typeof DATA_INDEXES];

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
  const indexes = Object.values(DATA_INDEXES);
  const data = keyed(cfg.tables.data, false);
  // The read model's consumer reads stock levels (`INVENTORY#` items) from this stream; nothing
  // of the order path does.
  data.StreamSpecification = { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' };
  data.AttributeDefinitions!.push(...indexes.flatMap((i) => [i.pk, i.sk].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const }))));
  data.GlobalSecondaryIndexes = indexes.map((i) => ({
    IndexName: i.name,
    KeySchema: [
      { AttributeName: i.pk, KeyType: 'HASH' },
      { AttributeName: i.sk, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  }));
  return [
    keyed(cfg.tables.command, true),
    data,
    keyed(cfg.tables.history, false),
    keyed(cfg.tables.deadLetter, false),
  ];
}
