import { Injectable } from '@nestjs/common';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { batchGet, dynamo } from './dynamo';
import { Attributes, EntityRecord, Page } from './entity';
import { indexPk, sortKey, sortKeyPrefix, tenantPk } from './keys';
import { IndexPageRequest, PageRequest, queryIndexPage, queryPage } from './pagination';
import { DataIndex } from './tables';
import { TenantContext } from './tenant-context';

/**
 * Reads the latest applied version of entities, always inside the caller's tenant. It lags the
 * command table by the stream's delay: good for views and lists, never for a decision (that
 * reads CommandService.getLatest, or conditions its write on the version it read).
 */
@Injectable()
export class DataService {
  async get<A = Attributes>(ctx: TenantContext, type: string, code: string, consistent = false): Promise<EntityRecord<A> | undefined> {
    const result = await dynamo().send(
      new GetCommand({
        TableName: config().tables.data,
        Key: { pk: tenantPk(ctx), sk: sortKey(type, code) },
        ConsistentRead: consistent,
      }),
    );
    return result.Item as EntityRecord<A> | undefined;
  }

  /** Up to 100 entities of one type by code, in one call; the ones not applied yet are absent. */
  async getMany<A = Attributes>(ctx: TenantContext, type: string, codes: readonly string[]): Promise<Map<string, EntityRecord<A>>> {
    const keys = [...new Set(codes)].map((code) => ({ pk: tenantPk(ctx), sk: sortKey(type, code) }));
    const items = (await batchGet(config().tables.data, keys, false)) as unknown as EntityRecord<A>[];
    return new Map(items.map((item) => [item.code, item]));
  }

  /** Entities of one type, in sort-key order, one page at a time. */
  async list<A = Attributes>(ctx: TenantContext, type: string, request: PageRequest = {}): Promise<Page<EntityRecord<A>>> {
    return queryPage<EntityRecord<A>>(config().tables.data, tenantPk(ctx), sortKeyPrefix(type), request);
  }

  /** One group of a data-table index (e.g. one customer's orders: `within` their sort-key prefix), in index order, one page at a time. */
  async listIndexed<A = Attributes>(ctx: TenantContext, index: DataIndex, group: [type: string, ...parts: string[]], request: IndexPageRequest = {}): Promise<Page<EntityRecord<A>>> {
    return queryIndexPage<EntityRecord<A>>(config().tables.data, index, tenantPk(ctx), indexPk(ctx, ...group), request);
  }

  /**
   * Visits the records of an index group that are due, in index order, page by page, and stops
   * at the first that is not: for groups sorted by a due time (oldest first), a sweep's cost
   * follows what is due, not the group's size.
   */
  async eachDue<A = Attributes>(ctx: TenantContext, index: DataIndex, group: [type: string, ...parts: string[]], isDue: (record: EntityRecord<A>) => boolean, visit: (record: EntityRecord<A>) => Promise<void>): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.listIndexed<A>(ctx, index, group, { cursor, limit: 100 });
      const due = page.items.filter(isDue);
      for (const record of due) await visit(record);
      cursor = due.length === page.items.length ? page.cursor : undefined;
    } while (cursor);
  }
}
