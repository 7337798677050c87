import { Injectable, Optional } from '@nestjs/common';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { cancellationReasons, dynamo, isConditionFailure } from './dynamo';
import { CommandItem, EntityInput, Page } from './entity';
import { NotFoundError, VersionConflictError } from './errors';
import { sortKey, sortKeyPrefix, tenantPk, versionedSortKey, versionsPrefix } from './keys';
import { PageRequest, queryPage } from './pagination';
import { TenantContext } from './tenant-context';
import { dataTableAction, TenantWrite, TransactItem } from './tenant-item.store';
import { TenantSnapshots } from './tenant-snapshots';


export interface PublishOptions {
  /** The version the caller last read; 0 to create. */
  expectedVersion: number;
  /**
   * The caller holds that version (it read it from the command table, or is handling its
   * stream record): its existence needs no check, and the new version is one conditional put.
   */
  holding?: { createdAt?: string; createdBy?: string; issuedAt?: string; issuedBy?: string };
  /** Data-table writes of the same tenant that must land with this command or not at all. */
  alsoWrite?: TenantWrite[];
}

/** What `update` makes of the version read: the new state, and writes that land with it or not at all. */
export type EntityChange<A> = Omit<EntityInput<A>, 'type' | 'code'> & { alsoWrite?: TenantWrite[] };

export interface PublishPart<A = unknown> {
  input: EntityInput<A>;
  options: Omit<PublishOptions, 'alsoWrite'>;
}

/**
 * Writes commands: each version of an entity is a new item `<sk>@<version>` in the command
 * table, put only if it does not exist and only if the caller's expected version is the
 * latest. Two writers with the same expected version: one wins, the other gets 409 with the
 * current version. The stream sync applies the command to the data and history tables.
 */
@Injectable()
export class CommandService {
  /** Optional: a CommandService made by hand (tests, the read-model Lambda) keeps no snapshots. */
  constructor(@Optional() private readonly snapshots?: TenantSnapshots) {}

  async publish<A>(ctx: TenantContext, input: EntityInput<A>, options: PublishOptions): Promise<CommandItem<A>> {
    const [command] = await this.publishTogether(ctx, [{ input, options }], options.alsoWrite);
    return command as CommandItem<A>;
  }

  /**
   * Publishes new versions of several entities of one tenant all at once or not at all (a cart
   * that becomes an order, two carts merged into one). Each part is checked as `publish` checks
   * it; the first part whose version was taken is reported as a VersionConflictError.
   */
  async publishTogether(ctx: TenantContext, parts: readonly PublishPart[], alsoWrite: readonly TenantWrite[] = []): Promise<CommandItem<unknown>[]> {
    const prepared = parts.map(({ input, options }) => this.prepare(ctx, input, options));
    const items = [...prepared.flatMap((p) => p.items), ...alsoWrite.map((w) => dataTableAction(ctx, w))];
    try {
      if (items.length === 1) {
        await dynamo().send(new PutCommand(items[0].Put!));
      } else {
        await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
      }
    } catch (error) {
      const reasons = cancellationReasons(error);
      let offset = 0;
      for (const part of prepared) {
        const lost = isConditionFailure(error) || (reasons && reasons.slice(offset, offset + part.items.length).includes('ConditionalCheckFailed'));
        if (lost) {
          const { command, expectedVersion } = part;
          const latest = await this.newest<Pick<CommandItem<unknown>, 'version' | 'issuedAt' | 'issuedBy'>>(ctx, command.entitySk, 'version, issuedAt, issuedBy');
          throw staleVersion(command.type, command.code, expectedVersion, latest);
        }
        offset += part.items.length;
      }
      throw error;
    }
    this.snapshots?.written(ctx.tenantCode, parts.map((p) => p.input.type));
    return prepared.map((p) => p.command);
  }

  /** The command item of a new version and the transaction actions that write it. */
  private prepare<A>(ctx: TenantContext, input: EntityInput<A>, options: PublishOptions): { command: CommandItem<A>; items: TransactItem[]; expectedVersion: number } {
    const { expectedVersion, holding } = options;
    const pk = tenantPk(ctx);
    const entitySk = sortKey(input.type, input.code);
    const issuedAt = new Date().toISOString();
    const command: CommandItem<A> = {
      pk,
      sk: versionedSortKey(entitySk, expectedVersion + 1),
      entitySk,
      type: input.type,
      code: input.code,
      tenantCode: ctx.tenantCode,
      version: expectedVersion + 1,
      ...(input.name !== undefined ? { name: input.name } : {}),
      attributes: input.attributes,
      ...(input.indexes ? { indexes: input.indexes } : {}),
      ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
      // Every version carries when the entity was made, so applying it needs no read.
      ...(expectedVersion === 0 ? { createdAt: issuedAt, createdBy: ctx.userId } : {}),
      ...(holding ? { createdAt: holding.createdAt ?? holding.issuedAt, createdBy: holding.createdBy ?? holding.issuedBy } : {}),
      issuedAt,
      issuedBy: ctx.userId,
      requestId: ctx.requestId,
      source: ctx.source,
    };
    const table = config().tables.command;
    // Reason: the caller must have seen the latest version; versions exist without gaps, so
    // "expected exists and expected+1 does not" means "expected is the latest".
    const expectedIsPresent: TransactItem[] =
      expectedVersion > 0 && !holding
        ? [{ ConditionCheck: { TableName: table, Key: { pk, sk: versionedSortKey(entitySk, expectedVersion) }, ConditionExpression: 'attribute_exists(pk)' } }]
        : [];
    // Reason: a version is written exactly once; the second writer of the same version loses.
    const putNewVersion: TransactItem = { Put: { TableName: table, Item: command, ConditionExpression: 'attribute_not_exists(pk)' } };
    return { command, items: [...expectedIsPresent, putNewVersion], expectedVersion };
  }

  /**
   * Changes an entity the caller read at `expectedVersion`: reads that version from the
   * command table (the data table may lag behind the stream), lets `change` derive the new
   * state, and publishes it as the next version. `visible` says whether the caller may see the
   * entity at all: one who may not gets 404 before anything (a version, a state) is revealed.
   */
  async update<A>(
    ctx: TenantContext,
    type: string,
    code: string,
    expectedVersion: number,
    change: (current: CommandItem<A>) => EntityChange<A> | Promise<EntityChange<A>>,
    visible: (item: CommandItem<A>) => boolean = () => true,
  ): Promise<CommandItem<A>> {
    const [current, successor] = await Promise.all([
      this.getVersion<A>(ctx, type, code, expectedVersion),
      this.getVersion<A>(ctx, type, code, expectedVersion + 1),
    ]);
    const notFound = new NotFoundError(type.toLowerCase(), code);
    if (current && !visible(current)) throw notFound;
    // A stale caller hears "stale" first, not what `change` would say about an old version.
    if (!current || successor) {
      const latest = await this.getLatest<A>(ctx, type, code);
      if (!latest || !visible(latest)) throw notFound;
      throw staleVersion(type, code, expectedVersion, latest);
    }
    const { alsoWrite, ...next } = await change(current);
    return this.publish(ctx, { type, code, ...next }, { expectedVersion, holding: current, alsoWrite });
  }

  async getVersion<A>(ctx: TenantContext, type: string, code: string, version: number): Promise<CommandItem<A> | undefined> {
    const result = await dynamo().send(
      new GetCommand({
        TableName: config().tables.command,
        Key: { pk: tenantPk(ctx), sk: versionedSortKey(sortKey(type, code), version) },
        ConsistentRead: true,
      }),
    );
    return result.Item as CommandItem<A> | undefined;
  }

  /**
   * The newest command of an entity: the truth, even before the stream has synced it. Every
   * decision (may this tenant be served, what does this cost, is this product for sale) reads
   * this, never the lagging data table. One strongly consistent Query read backwards with
   * Limit 1 (version keys sort in version order: `versionedSortKey`), so it reads one item
   * however many versions the entity has.
   */
  async getLatest<A>(ctx: TenantContext, type: string, code: string): Promise<CommandItem<A> | undefined> {
    return this.newest<CommandItem<A>>(ctx, sortKey(type, code));
  }

  /**
   * The newest version of every entity of a type, from the command table (strongly consistent:
   * what an admin wrote a moment ago counts). Reads every version of the type, so it is for
   * small, rarely changed sets (a shop's tax rates, shipping zones): refuses past `maxEntities`.
   */
  async latestOfType<A>(ctx: TenantContext, type: string, maxEntities = 500): Promise<CommandItem<A>[]> {
    const newest = new Map<string, CommandItem<A>>();
    await this.eachVersion(ctx, sortKeyPrefix(type), (item) => {
      const seen = newest.get(item.code as string);
      if (!seen || (item.version as number) > seen.version) newest.set(item.code as string, item as unknown as CommandItem<A>);
    });
    if (newest.size > maxEntities) throw new Error(`more than ${maxEntities} ${type} entities: too many to read at once`);
    return [...newest.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  /** One page of an entity's versions, oldest first, from the command table (complete, never lagging). */
  async versionPage<A>(ctx: TenantContext, type: string, code: string, request: Omit<PageRequest, 'where' | 'consistent'>): Promise<Page<CommandItem<A>>> {
    return queryPage<CommandItem<A>>(config().tables.command, tenantPk(ctx), versionsPrefix(sortKey(type, code)), { ...request, consistent: true });
  }

  /** The latest version written to the command table (0 when the entity does not exist). */
  async currentVersion(ctx: TenantContext, entitySk: string): Promise<number> {
    return (await this.newest<{ version: number }>(ctx, entitySk, 'version'))?.version ?? 0;
  }

  /** The newest version of one entity: its key sorts last among the entity's versions. */
  private async newest<T extends { version: number }>(ctx: TenantContext, entitySk: string, projection?: string): Promise<T | undefined> {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: config().tables.command,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': tenantPk(ctx), ':prefix': versionsPrefix(entitySk) },
        ProjectionExpression: projection,
        ConsistentRead: true,
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    return page.Items?.[0] as T | undefined;
  }

  /** Visits every command whose sort key starts with `prefix` (every version of a type). */
  private async eachVersion(ctx: TenantContext, prefix: string, visit: (item: Record<string, unknown>) => void): Promise<void> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: config().tables.command,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': tenantPk(ctx), ':prefix': prefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      (page.Items ?? []).forEach(visit);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
}

/** How messages name an entity: by its type and code, never by its keys. */
export function describeEntity(type: string, code: string): string {
  return `${type.toLowerCase()} ${code}`;
}

/** The 409 of a stale expectedVersion, naming the version the entity is at, who wrote it and when. */
export function staleVersion(type: string, code: string, expectedVersion: number, latest: Pick<CommandItem<unknown>, 'version' | 'issuedAt' | 'issuedBy'> | undefined): VersionConflictError {
  return new VersionConflictError(describeEntity(type, code), expectedVersion, latest?.version ?? 0, latest && { updatedBy: latest.issuedBy, updatedAt: latest.issuedAt });
}
