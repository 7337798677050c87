import type { CommandItem } from '../core/entity';
import type { DynamoDBRecord } from 'aws-lambda';
import { config } from '../config';
import { logger } from '../core/logger';
import { DeadLetterSink, deadLetterSink, describeError } from '../core/sync/dead-letter';
import { SyncAttempts, SyncSubject } from '../core/sync/sync-attempts';

/** What a failure is counted by: the parts of a projected change (the feed's `Projectable`) this needs, so the read model imports no consumer. */
export type ProjectedChange =
  | { kind: 'entity'; tenant: string; command: CommandItem }
  | { kind: 'stock'; tenant: string; stock: { sku: string; warehouse: string; changes?: number } };

/** The read model's name in the attempts, dead-letter and given-up keys (apart from the command sync's). */
export const READ_MODEL_CONSUMER = 'READMODEL';

/**
 * What the read model's consumer does with a record it could not project: retry it, up to
 * `syncMaxAttempts` tries counted durably (as the command sync does), then set it aside: a dead
 * letter (the consumer's own SQS queue in AWS, the dead-letter table locally), a warning, and one
 * more in the count `/health` shows. A record that can never be projected (a value PostgreSQL
 * refuses) then stops costing every later record of the stream its retries.
 */
export class ProjectionFailures {
  constructor(
    private readonly attempts = new SyncAttempts(),
    private readonly sink: DeadLetterSink = deadLetterSink(),
  ) {}

  /** True: report the record for redelivery. False: it was set aside; the stream moves on. */
  async retry(change: ProjectedChange, record: DynamoDBRecord, error: unknown): Promise<boolean> {
    const subject = subjectOf(change, record);
    const log = { tenant: change.tenant, record: subject.parts.slice(1).join('#'), error: describeError(error) };
    try {
      const attempts = await this.attempts.recordFailure(subject);
      if (attempts < config().syncMaxAttempts) {
        logger.warn('read-model projection failed; will retry', { ...log, attempts });
        return true;
      }
      const carried = change.kind === 'entity' ? { command: change.command } : { item: { ...change.stock } };
      await this.sink.send({ subject, consumer: 'read-model', ...carried, error: log.error, attempts, failedAt: new Date().toISOString() });
      await this.attempts.recordGivenUp(subject, READ_MODEL_CONSUMER);
      logger.warn('read-model projection gave up; record dead-lettered', { ...log, attempts });
      return false;
    } catch (bookkeeping) {
      // Nothing is set aside unless its letter is written: the record stays on the stream.
      logger.error('read-model projection failed and its failure could not be recorded; will retry', { ...log, bookkeeping: describeError(bookkeeping) });
      return true;
    }
  }
}

/** How many records the read model's consumer set aside, over every tenant (for /health). */
export function deadLetteredProjections(): Promise<number> {
  return new SyncAttempts().givenUp(READ_MODEL_CONSUMER);
}

/** A version by entity and version; a stock level by SKU, warehouse and its change count (else the record's place in the stream). */
function subjectOf(change: ProjectedChange, record: DynamoDBRecord): SyncSubject {
  if (change.kind === 'entity') {
    const { type, code, version } = change.command;
    return { tenant: change.tenant, parts: [READ_MODEL_CONSUMER, type, code, String(version)] };
  }
  const { sku, warehouse, changes } = change.stock;
  return { tenant: change.tenant, parts: [READ_MODEL_CONSUMER, 'STOCK', sku, warehouse, String(changes ?? record.dynamodb?.SequenceNumber ?? 'unknown')] };
}
