import { Injectable } from '@nestjs/common';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../config';
import { cancellationReasons, dynamo } from '../dynamo';
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
 * Applies one command to the data table (latest) and the history table (the version it
 * supersedes), strictly in version order. Applying the same command twice changes nothing and
 * returns the same change, so redelivered records are harmless.
 */
@Injectable()
export class CommandApplier {
  async apply(command: CommandItem): Promise<SyncedChange> {
    const latest = await this.read(config().tables.data, command.pk, command.entitySk);
    const appliedVersion = latest?.version ?? 0;
    if (appliedVersion >= command.version) return this.replayed(command, latest!);
    if (appliedVersion !== command.version - 1) throw new PredecessorNotAppliedError(command, appliedVersion);

    const next: EntityRecord = {
      pk: command.pk,
      sk: command.entitySk,
      type: command.type,
      code: command.code,
      tenantCode: command.tenantCode,
      version: command.version,
      ...(command.name !== undefined ? { name: command.name } : {}),
      attributes: command.attributes,
      createdAt: latest?.createdAt ?? command.issuedAt,
      createdBy: latest?.createdBy ?? command.issuedBy,
      updatedAt: command.issuedAt,
      updatedBy: command.issuedBy,
      requestId: command.requestId,
      source: command.source,
    };
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: config().tables.data,
                Item: next,
                // Reason: another sync run may have applied this or a later version meanwhile.
                ConditionExpression: latest ? 'version = :previous' : 'attribute_not_exists(pk)',
                ExpressionAttributeValues: latest ? { ':previous': latest.version } : undefined,
              },
            },
            ...(latest
              ? [{ Put: { TableName: config().tables.history, Item: { ...latest, sk: versionedSortKey(latest.sk, latest.version) } } }]
              : []),
          ],
        }),
      );
    } catch (error) {
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return this.apply(command);
      throw error;
    }
    return { command, current: next, previous: latest };
  }

  /** The change as it was when first applied: the command's version and the one before it. */
  private async replayed(command: CommandItem, latest: EntityRecord): Promise<SyncedChange> {
    const atVersion = (version: number) =>
      version === latest.version ? Promise.resolve(latest) : this.readVersion(command.pk, command.entitySk, version);
    const current = await atVersion(command.version);
    const previous = command.version > 1 ? await atVersion(command.version - 1) : undefined;
    if (!current) throw new Error(`history lacks ${command.entitySk}@${command.version}`);
    return { command, current, previous };
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
