import {
  _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { config } from '../../src/config';

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/**
 * Plays Lambda's event source mapping against the real command-table stream of DynamoDB
 * Local: reads new records, hands them to the real stream handler, and re-delivers the ones it
 * reports as failed (or the whole batch when it throws), as AWS would.
 */
export class StreamDriver {
  private readonly streams: DynamoDBStreamsClient;
  private readonly iterators = new Map<string, string | undefined>();
  private pending: DynamoDBRecord[] = [];
  /** Every record read, in stream order: for tests that replay them. */
  readonly seen: DynamoDBRecord[] = [];

  /** `table`: whose stream to read (the command table's unless told; the read model also reads the data table's). */
  constructor(
    private readonly handler: StreamHandler,
    private readonly table: 'command' | 'data' = 'command',
  ) {
    const options = {
      endpoint: config().dynamoEndpoint,
      region: config().region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    };
    this.streams = new DynamoDBStreamsClient(options);
    this.dynamo = new DynamoDBClient(options);
  }
  private readonly dynamo: DynamoDBClient;

  /** Reads what the stream holds now, without handing it to the handler. */
  async read(): Promise<DynamoDBRecord[]> {
    const table = await this.dynamo.send(new DescribeTableCommand({ TableName: config().tables[this.table] }));
    const arn = table.Table!.LatestStreamArn!;
    const stream = await this.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    const records: DynamoDBRecord[] = [];
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      const id = shard.ShardId!;
      if (!this.iterators.has(id)) {
        const start = await this.streams.send(
          new GetShardIteratorCommand({ StreamArn: arn, ShardId: id, ShardIteratorType: 'TRIM_HORIZON' }),
        );
        this.iterators.set(id, start.ShardIterator);
      }
      let iterator = this.iterators.get(id);
      let trimmed = false;
      while (iterator) {
        trimmed = false;
        const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 })).catch(async (error: Error) => {
          // DynamoDB Local's quirk: the first read of a table created a moment ago can say
          // "trimmed"; a fresh iterator from the oldest record reads it.
          if (error.name !== 'TrimmedDataAccessException') throw error;
          await new Promise((r) => setTimeout(r, 100));
          const again = await this.streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: id, ShardIteratorType: 'TRIM_HORIZON' }));
          trimmed = true;
          return { Records: [], NextShardIterator: again.ShardIterator };
        });
        records.push(...(page.Records ?? []).map(toLambdaRecord));
        iterator = page.NextShardIterator;
        this.iterators.set(id, iterator);
        if (!page.Records?.length && !trimmed) break;
      }
    }
    this.seen.push(...records);
    return records;
  }

  /** Delivers one batch as Lambda would; returns the records that must be delivered again. */
  async deliver(records: DynamoDBRecord[]): Promise<DynamoDBRecord[]> {
    if (records.length === 0) return [];
    try {
      const response = await this.handler({ Records: records });
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      return records.filter((r) => failed.has(r.dynamodb!.SequenceNumber!));
    } catch {
      // Lambda retries a batch whose handler threw, whole.
      return records;
    }
  }

  /**
   * Keeps draining the stream (`parallel` handler calls at a time) until `stop()`, as Lambda's
   * mapping keeps a busy stream flowing; for benches that write while the stream is read.
   */
  pump(options: { parallel: number }, onError: (error: unknown) => void): { stop(): Promise<void>; quiet(): Promise<() => void> } {
    let running = true;
    let paused = false;
    let round: Promise<void> = Promise.resolve();
    const loop = (async () => {
      while (running) {
        if (!paused) {
          round = this.drain({ parallel: options.parallel, maxRounds: 100_000 });
          await round;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })().catch(onError);
    return {
      stop: async () => {
        running = false;
        await loop;
      },
      /**
       * Holds the pump once the stream is quiet, so what runs next is counted alone (a bench
       * measuring one request's calls); the returned function lets the pump go on.
       */
      quiet: async () => {
        paused = true;
        await round;
        await this.drain({ parallel: options.parallel, maxRounds: 100_000 });
        return () => {
          paused = false;
        };
      },
    };
  }

  /**
   * Delivers everything until the stream is quiet: new records, then re-deliveries, as often
   * as the handlers keep writing follow-up commands. `parallel` splits each batch by entity
   * over that many concurrent handler calls (as several shards or Lambdas would); `twice`
   * delivers every batch two times.
   */
  async drain(options: { parallel?: number; twice?: boolean; maxRounds?: number } = {}): Promise<void> {
    const { parallel = 1, twice = false, maxRounds = 500 } = options;
    for (let round = 0; round < maxRounds; round++) {
      const fresh = await this.read();
      const batch = [...this.pending, ...fresh];
      if (batch.length === 0) return;
      const chunks = byEntity(batch, parallel);
      const failed = await Promise.all(chunks.map(async (chunk) => {
        const retry = await this.deliver(chunk);
        return twice ? this.deliver(chunk) : retry;
      }));
      this.pending = failed.flat();
      if (this.pending.length > 0) await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`stream not quiet after ${maxRounds} rounds; ${this.pending.length} records still failing`);
  }

  close(): void {
    this.streams.destroy();
    this.dynamo.destroy();
  }
}

function toLambdaRecord(record: _Record): DynamoDBRecord {
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    dynamodb: {
      ...(record.dynamodb as DynamoDBRecord['dynamodb']),
      NewImage: repairEmptyMaps(record.dynamodb?.NewImage) as never,
      OldImage: repairEmptyMaps(record.dynamodb?.OldImage) as never,
      ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
        ? record.dynamodb.ApproximateCreationDateTime.getTime() / 1000
        : undefined,
    },
  };
}

/**
 * The SDK's stream client turns an empty map attribute (`{"M":{}}` on the wire, and in the
 * event Lambda receives) into `{}`; put it back so the handler sees what Lambda would send.
 */
function repairEmptyMaps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(repairEmptyMaps);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return Object.fromEntries(
      entries.map(([k, v]) => [k, v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0 && k !== 'M' ? { M: {} } : repairEmptyMaps(v)]),
    );
  }
  return value;
}

/** Splits a batch into `count` groups, keeping all versions of one entity in one group. */
function byEntity(records: DynamoDBRecord[], count: number): DynamoDBRecord[][] {
  const groups: DynamoDBRecord[][] = Array.from({ length: count }, () => []);
  const slot = new Map<string, number>();
  for (const record of records) {
    const entity = record.dynamodb?.NewImage?.entitySk?.S ?? '';
    if (!slot.has(entity)) slot.set(entity, slot.size % count);
    groups[slot.get(entity)!].push(record);
  }
  return groups.filter((g) => g.length > 0);
}
