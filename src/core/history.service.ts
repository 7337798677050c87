import { Injectable } from '@nestjs/common';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { dynamo } from './dynamo';
import { Attributes, EntityRecord } from './entity';
import { sortKey, tenantPk, versionedSortKey, versionsPrefix } from './keys';
import { DataService } from './data.service';
import { TenantContext } from './tenant-context';

/**
 * Reads past versions. The history table holds every superseded version (`<sk>@<version>`);
 * the latest one lives in the data table, so a full list joins both.
 */
@Injectable()
export class HistoryService {
  constructor(private readonly data: DataService) {}

  async listVersions<A = Attributes>(ctx: TenantContext, type: string, code: string): Promise<EntityRecord<A>[]> {
    const sk = sortKey(type, code);
    const versions: EntityRecord<A>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: config().tables.history,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': tenantPk(ctx), ':prefix': versionsPrefix(sk) },
          ExclusiveStartKey: startKey,
        }),
      );
      versions.push(...((page.Items ?? []) as EntityRecord<A>[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const latest = await this.data.get<A>(ctx, type, code, true);
    const all = latest ? [...versions.filter((v) => v.version < latest.version), latest] : versions;
    return all.sort((a, b) => a.version - b.version);
  }

  async getVersion<A = Attributes>(ctx: TenantContext, type: string, code: string, version: number): Promise<EntityRecord<A> | undefined> {
    const result = await dynamo().send(
      new GetCommand({
        TableName: config().tables.history,
        Key: { pk: tenantPk(ctx), sk: versionedSortKey(sortKey(type, code), version) },
        ConsistentRead: true,
      }),
    );
    if (result.Item) return result.Item as EntityRecord<A>;
    const latest = await this.data.get<A>(ctx, type, code, true);
    return latest?.version === version ? latest : undefined;
  }
}
