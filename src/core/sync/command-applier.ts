import { Injectable } from '@nestjs/common';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../config';
import { dynamo, isConditionFailure } from '../dynamo';
import { CommandItem, EntityRecord } from '../entity';
import { ShopstreamError } from '../errors';
import { versionedSortKey } from '../keys';
import { SyncedChange } from './data-sync-handler';

/** The command's predecessor is not in the data table yet: retry later, never skip. */
export class PredecessorNotAppliedError extends ShopstreamError {
  constructor(command: CommandItem, appliedVersion: number) {
    super(`${command.entitySk}@${command.version} waits for version ${command.version - 1} (data is at ${appliedVersion})`);
  }
}

/**
 * A redelivered version that a later one has already followed. Its handlers completed before
 * the later version was even tried (an entity's versions are handled strictly in order, a
 * given-up one undone by `down`), so nothing is left to do for it; running them again would act
 * on a state the entity has left (a stream re-read from its start after a restart would release
 * the stock of an order that was cancelled and then paid after all).
 */
export interface SupersededDelivery {
  superseded: true;
  command: CommandItem;
  appliedVersion: number;
}

/**
 * Applies one command to the data table (latest) and the history table (the version it
 * supersedes), strictly in version order, without reading first: the data put is conditioned
 * on the previous version and hands back the version it replaced, which then goes to history.
 * Only when the condition fails is the data read, to tell a replay (this version or a later
 * one is there) from a predecessor that is not applied yet. Applying the same command twice
 * changes nothing and returns the same change, and a replay mends a history write that a crash
 * left out, so redelivered records are harmless. A redelivery of a version that a later one has
 * followed comes back as a SupersededDelivery: its handlers are not run again.
 */
@Injectable()
export class CommandApplier {
  async apply(command: CommandItem): Promise<SyncedChange | SupersededDelivery> {
    const next = recordOf(command);
    let previous: EntityRecord | undefined;
    try {
      const result = await dynamo().send(
        new PutCommand({
          TableName: config().tables.data,
          Item: next,
          // Reason: versions are applied one after another; the stream may redeliver or reorder.
          ConditionExpression: command.version === 1 ? 'attribute_not_exists(pk)' : 'version = :previous',
          ExpressionAttributeValues: command.version === 1 ? undefined : { ':previous': command.version - 1 },
          ReturnValues: 'ALL_OLD',
        }),
      );
      previous = result.Attributes as EntityRecord | undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const latest = await this.read(config().tables.data, command.pk, command.entitySk);
      const appliedVersion = latest?.version ?? 0;
      if (appliedVersion > command.version) return { superseded: true, command, appliedVersion };
      if (appliedVersion === command.version) return this.replayed(command, latest!);
      throw new PredecessorNotAppliedError(command, appliedVersion);
    }
    if (previous) await this.keepInHistory(previous);
    return { command, current: next, previous, firstApplication: true };
  }

  static isSuperseded(result: SyncedChange | SupersededDelivery): result is SupersededDelivery {
    return 'superseded' in result;
  }

  private keepInHistory(record: EntityRecord): Promise<unknown> {
    return dynamo().send(new PutCommand({ TableName: config().tables.history, Item: { ...record, sk: versionedSortKey(record.sk, record.version) } }));
  }

  /**
   * The change as it was when first applied: the command's version and the one before it. A
   * crash between the data put and the history put left the superseded version out of history:
   * it is rebuilt from its command (the truth it was applied from) and put back.
   */
  private async replayed(command: CommandItem, latest: EntityRecord): Promise<SyncedChange> {
    const atVersion = async (version: number): Promise<EntityRecord | undefined> => {
      if (version === latest.version) return latest;
      const kept = await this.readVersion(command.pk, command.entitySk, version);
      if (kept) return kept;
      const original = await this.read(config().tables.command, command.pk, versionedSortKey(command.entitySk, version));
      if (!original) return undefined;
      const rebuilt = recordOf(original as unknown as CommandItem);
      await this.keepInHistory(rebuilt);
      return rebuilt;
    };
    const current = await atVersion(command.version);
    const previous = command.version > 1 ? await atVersion(command.version - 1) : undefined;
    if (!current) throw new Error(`history lacks ${command.entitySk}@${command.version}`);
    return { command, current, previous, firstApplication: false };
  }

  private async readVersion(pk: string, entitySk: string, version: number): Promise<EntityRecord | undefined> {
    const item = await this.read(config().tables.history, pk, versionedSortKey(entitySk, version));
    return item && { ...item, sk: entitySk };
  }

  private async read(table: string, pk: string, sk: string): Promise<EntityRecord | undefined> {
    const result = await dynamo().send(new GetCommand({ TableName: table, Key: { pk, sk }, ConsistentRead: true }));
    return result.Item as EntityRecord | undefined;
  }
}

/** The data-table record of a command's version. */
function recordOf(command: CommandItem): EntityRecord {
  return {
    pk: command.pk,
    sk: command.entitySk,
    type: command.type,
    code: command.code,
    tenantCode: command.tenantCode,
    version: command.version,
    ...(command.name !== undefined ? { name: command.name } : {}),
    attributes: command.attributes,
    ...(command.indexes ?? {}),
    createdAt: command.createdAt ?? command.issuedAt,
    createdBy: command.createdBy ?? command.issuedBy,
    updatedAt: command.issuedAt,
    updatedBy: command.issuedBy,
    requestId: command.requestId,
    source: command.source,
    ...(command.expiresAt !== undefined ? { expiresAt: command.expiresAt } : {}),
  };
}
