import { Injectable } from '@nestjs/common';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { dynamo } from './dynamo';
import { Attributes, EntityRecord, Page } from './entity';
import { sortKey, sortKeyPrefix, tenantPk } from './keys';
import { PageRequest, queryPage } from './pagination';
import { TenantContext } from './tenant-context';

/** Reads the latest applied version of entities, always inside the caller's tenant. */
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

  /** Entities of one type, in sort-key order, one page at a time. */
  async list<A = Attributes>(ctx: TenantContext, type: string, request: PageRequest = {}): Promise<Page<EntityRecord<A>>> {
    return queryPage<EntityRecord<A>>(config().tables.data, tenantPk(ctx), sortKeyPrefix(type), request);
  }
}
