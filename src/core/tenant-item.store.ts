import { Injectable } from '@nestjs/common';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { batchGet, dynamo } from './dynamo';
import { Page } from './entity';
import { tenantPk } from './keys';
import { PageRequest, queryPage } from './pagination';
import { SYSTEM_TENANT, TenantContext } from './tenant-context';

type Values = Record<string, unknown>;
type Names = Record<string, string>;

/** One write of a transaction, addressed by sort key only: the partition is the caller's tenant. */
export type TenantWrite = (
  | { put: Values; condition?: string; names?: Names; values?: Values }
  | { update: string; set: string; condition?: string; names?: Names; values?: Values }
  | { remove: string; condition?: string; names?: Names; values?: Values }
  | { check: string; condition: string; names?: Names; values?: Values }
) & {
  /**
   * The item is the platform registry's (the system tenant's partition), not the caller's: a name
   * one shop holds across all (a storefront domain), claimed in the same transaction as the
   * caller's change. Its key is still built here; only the partition differs.
   */
  registry?: boolean;
};

/**
 * Non-versioned items of the data table (stock counters, movement ledger, sequences, outbox):
 * the lock-free side of the model, where conditions instead of versions keep things right.
 */
@Injectable()
export class TenantItemStore {
  async get<T>(ctx: TenantContext, sk: string): Promise<T | undefined> {
    const result = await dynamo().send(
      new GetCommand({ TableName: config().tables.data, Key: { pk: tenantPk(ctx), sk }, ConsistentRead: true }),
    );
    return result.Item ? withoutKeys<T>(result.Item) : undefined;
  }

  /** Up to 100 items by sort key in one strongly consistent call; absent ones are left out. */
  async getMany<T>(ctx: TenantContext, sks: readonly string[]): Promise<Map<string, T>> {
    const keys = [...new Set(sks)].map((sk) => ({ pk: tenantPk(ctx), sk }));
    const items = await batchGet(config().tables.data, keys, true);
    return new Map(items.map((item) => [item.sk as string, withoutKeys<T>(item)]));
  }

  async list<T>(ctx: TenantContext, prefix: string, request: PageRequest = {}): Promise<Page<T>> {
    const page = await queryPage<Record<string, unknown>>(config().tables.data, tenantPk(ctx), prefix, request);
    return { ...page, items: page.items.map((item) => withoutKeys<T>(item)) };
  }

  /** Puts an item unless one with the same key exists; returns false when it existed. */
  async putIfAbsent(ctx: TenantContext, sk: string, item: Values): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: config().tables.data,
          Item: { ...item, pk: tenantPk(ctx), sk },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** An unconditional update returning the new values (counters, status marks). */
  async update<T>(ctx: TenantContext, sk: string, set: string, values: Values, names?: Names, condition?: string): Promise<T> {
    const result = await dynamo().send(
      new UpdateCommand({
        TableName: config().tables.data,
        Key: { pk: tenantPk(ctx), sk },
        UpdateExpression: set,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return withoutKeys<T>(result.Attributes ?? {});
  }

  async delete(ctx: TenantContext, sk: string): Promise<void> {
    await dynamo().send(new DeleteCommand({ TableName: config().tables.data, Key: { pk: tenantPk(ctx), sk } }));
  }

  /** All or nothing. Throws TransactionCanceledException with one reason per write. */
  async transact(ctx: TenantContext, writes: TenantWrite[]): Promise<void> {
    await dynamo().send(new TransactWriteCommand({ TransactItems: writes.map((w) => dataTableAction(ctx, w)) }));
  }
}

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** One write of the caller's tenant in the data table, as a transaction action (the only place the pk is added). */
export function dataTableAction(ctx: TenantContext, w: TenantWrite): TransactItem {
  const pk = tenantPk(w.registry ? { tenantCode: SYSTEM_TENANT } : ctx);
  const common = {
    TableName: config().tables.data,
    ConditionExpression: w.condition,
    ExpressionAttributeNames: w.names,
    ExpressionAttributeValues: w.values,
  };
  if ('put' in w) return { Put: { ...common, Item: { ...w.put, pk, sk: w.put.sk } } };
  if ('update' in w) return { Update: { ...common, Key: { pk, sk: w.update }, UpdateExpression: w.set } };
  if ('remove' in w) return { Delete: { ...common, Key: { pk, sk: w.remove } } };
  return { ConditionCheck: { ...common, Key: { pk, sk: w.check }, ConditionExpression: w.condition } };
}

/** Callers address items by sort key and get back only what they stored. */
function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
}
