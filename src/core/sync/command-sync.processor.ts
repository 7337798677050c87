import { Injectable } from '@nestjs/common';
import { unmarshallImage } from './stream-image';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { config } from '../../config';
import { CommandItem } from '../entity';
import { tenantOfPk } from '../keys';
import { logger } from '../logger';
import { systemActorContext, TenantContext } from '../tenant-context';
import { CommandApplier } from './command-applier';
import { DataSyncRegistry, SyncedChange } from './data-sync-handler';
import { DeadLetterSinkProvider, describeError } from './dead-letter';
import { commandSubject, SyncAttempts } from './sync-attempts';

/**
 * The stream path of the command table: for each new command, apply it to data and history,
 * then run the data-sync handlers of its entity type. A batch is split by entity: entities run
 * side by side (at most `syncParallelEntities` at once), the versions of one entity strictly
 * one after another. A failing record is reported as a partial batch failure together with
 * every later record of its entity (they would wait for it anyway) and retried; after
 * `syncMaxAttempts` it goes to the dead-letter, the handlers' `down` undoes what their `up`
 * did, and the rest of the stream moves on.
 */
@Injectable()
export class CommandSyncProcessor {
  constructor(
    private readonly applier: CommandApplier,
    private readonly registry: DataSyncRegistry,
    private readonly attempts: SyncAttempts,
    private readonly deadLetters: DeadLetterSinkProvider,
  ) {}

  async handleBatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
    const failed: string[] = [];
    await inParallel(byEntityInVersionOrder(event.Records), config().syncParallelEntities, async (records) => {
      for (const [i, record] of records.entries()) {
        try {
          await this.handleRecord(record);
        } catch {
          // Lambda resumes from the lowest failed sequence number; the later versions of this
          // entity are not even tried, so they spend none of their attempts waiting.
          failed.push(...records.slice(i).map((r) => r.dynamodb?.SequenceNumber ?? ''));
          return;
        }
      }
    });
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  }

  async handleRecord(record: DynamoDBRecord): Promise<void> {
    const command = commandOf(record);
    if (!command) return;
    const ctx = systemActorContext(tenantOfPk(command.pk), `stream:${command.type}`, command.requestId);
    let change: SyncedChange | undefined;
    try {
      const applied = await this.applier.apply(command);
      if (CommandApplier.isSuperseded(applied)) {
        logger.debug('redelivered version already followed by a later one; handlers not run again', { command: command.sk, appliedVersion: applied.appliedVersion });
        return;
      }
      change = applied;
      for (const handler of this.registry.handlersFor(command.type)) {
        await handler.up(ctx, change);
      }
    } catch (error) {
      const subject = commandSubject(command);
      const attempts = await this.attempts.recordFailure(subject);
      const log = { command: command.sk, tenant: command.tenantCode, attempts, error: describeError(error) };
      if (attempts < config().syncMaxAttempts) {
        logger.warn('command sync failed; will retry', log);
        throw error;
      }
      logger.error('command sync gave up; dead-lettered', log);
      if (change) await this.undo(ctx, change);
      await this.deadLetters.sink.send({ subject, command, error: describeError(error), attempts, failedAt: new Date().toISOString() });
    }
  }

  /** Runs every handler's `down`, last registered first; one failing `down` does not stop the others. */
  private async undo(ctx: TenantContext, change: SyncedChange): Promise<void> {
    for (const handler of [...this.registry.handlersFor(change.command.type)].reverse()) {
      try {
        await handler.down?.(ctx, change);
      } catch (error) {
        logger.error('data-sync down failed', { handler: handler.name, command: change.command.sk, error: describeError(error) });
      }
    }
  }
}

/** Only inserts are commands; the command table is append-only (a REMOVE is a TTL expiry). */
function commandOf(record: DynamoDBRecord): CommandItem | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const image = unmarshallImage<CommandItem>(record.dynamodb.NewImage as Record<string, unknown>);
  return image.entitySk && image.version ? image : undefined;
}

/** The batch's records by entity, each entity's versions in version order (stable for duplicates). */
function byEntityInVersionOrder(records: DynamoDBRecord[]): DynamoDBRecord[][] {
  const groups = new Map<string, DynamoDBRecord[]>();
  for (const record of records) {
    const entity = record.dynamodb?.NewImage?.entitySk?.S ?? record.eventID ?? '';
    groups.set(entity, [...(groups.get(entity) ?? []), record]);
  }
  const version = (r: DynamoDBRecord) => Number(r.dynamodb?.NewImage?.version?.N ?? 0);
  return [...groups.values()].map((group) => group.sort((a, b) => version(a) - version(b)));
}

/** Runs `work` for every item, at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
