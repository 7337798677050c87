import { QueryCommand, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { dynamo } from '../core/dynamo';
import { CommandItem } from '../core/entity';
import { sortKeyPrefix, tenantPk } from '../core/keys';
import { logger } from '../core/logger';
import { SYSTEM_TENANT } from '../core/tenant-context';
import { projectStockLevels, StockImage } from '../modules/search';
// The entity type from its keys file, not index.ts: the read-model Lambda would load the tenant context's services.
import { TENANT_ENTITY } from '../modules/tenant/tenant.keys';
import { Projectable, stockImageOf } from './projection.feed';
import { Projection, projectedTypes, projectionFor } from '../read-model/projections';
import { ReadModel, TenantScope } from '../read-model/read-model';

/** The tables a rebuild fills, children first for the per-tenant delete. */
const TENANT_TABLES = ['product_option', 'variant', 'product', 'media_image', 'category', 'stock', 'search_word', 'purchase_line', 'purchase', 'review', 'payment_refund', 'cart_state', 'wish', 'wishlist'] as const;
const CHUNK = 200;

export interface RebuildReport {
  schema: string;
  tenants: string[];
  entities: number;
  stockLevels: number;
  ms: number;
}

/**
 * Rebuilds every projection from the event store: the newest version of each entity from the
 * command table (which holds every version ever written) and the stock levels from the data
 * table. Everything: into a fresh schema generation that live changes are also written to
 * while it fills, then the pointer switches in one statement and the old generation is
 * dropped. One tenant: its rows are deleted and rebuilt in one transaction, so readers see
 * the old rows until the new ones are complete.
 */
export async function rebuildReadModel(model: ReadModel, options: { tenant?: string } = {}): Promise<RebuildReport> {
  const started = Date.now();
  if (options.tenant) {
    const tenant = options.tenant;
    const changes = await sourceOf(tenant);
    await model.forTenant(tenant, async (scope) => {
      await scope.inEveryGeneration(async () => {
        for (const table of TENANT_TABLES) await scope.query(`DELETE FROM ${table} WHERE tenant = $1`, [tenant]);
      });
      await applyAll(scope, changes);
    });
    const generations = (await model.generations())!;
    return report(generations.active, [tenant], changes, started);
  }
  const schema = await model.createGeneration();
  const previous = (await model.generations())!.active;
  await model.db.query('UPDATE public.read_model_generation SET building = $1 WHERE id = 1', [schema]);
  const tenants = await tenantCodes();
  const all: Projectable[] = [];
  try {
    for (const tenant of tenants) {
      const changes = await sourceOf(tenant);
      for (let i = 0; i < changes.length; i += CHUNK) {
        await model.forTenant(tenant, (scope: TenantScope) => applyAll(scope, changes.slice(i, i + CHUNK)), schema);
      }
      all.push(...changes);
    }
    await model.db.transaction(async (tx) => {
      await tx.query('UPDATE public.read_model_generation SET active = $1, building = NULL, switched_at = now() WHERE id = 1', [schema]);
    });
  } catch (error) {
    await model.db.query('UPDATE public.read_model_generation SET building = NULL WHERE id = 1 AND building = $1', [schema]);
    await dropGeneration(model, schema);
    throw error;
  }
  await dropGeneration(model, previous);
  const result = report(schema, tenants, all, started);
  logger.info('read model rebuilt', { ...result, tenants: tenants.length });
  return result;
}

/** Each projection's versions together (in bulk where it can: products), then the stock levels in bulk (the same statements the stream's records take). */
async function applyAll(scope: TenantScope, changes: Projectable[]): Promise<void> {
  const byProjection = new Map<Projection, CommandItem[]>();
  const levels: StockImage[] = [];
  for (const change of changes) {
    if (change.kind === 'stock') levels.push(change.stock);
    else {
      const projection = projectionFor(change.command.type)!;
      byProjection.set(projection, [...(byProjection.get(projection) ?? []), change.command]);
    }
  }
  for (const [projection, commands] of byProjection) {
    if (projection.projectAll) await projection.projectAll(scope, commands);
    else for (const command of commands) await projection.project(scope, command);
  }
  await projectStockLevels(scope, levels);
}

async function dropGeneration(model: ReadModel, schema: string): Promise<void> {
  if (!/^rm_\d+$/.test(schema)) return;
  await model.db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await model.db.query('DELETE FROM public.read_model_migration WHERE schema_name = $1', [schema]);
}

function report(schema: string, tenants: string[], changes: Projectable[], started: number): RebuildReport {
  return {
    schema,
    tenants,
    entities: changes.filter((c) => c.kind === 'entity').length,
    stockLevels: changes.filter((c) => c.kind === 'stock').length,
    ms: Date.now() - started,
  };
}

/** Every tenant ever registered (the registry's versions in the command table). */
export async function tenantCodes(): Promise<string[]> {
  const items = await queryAll({
    TableName: config().tables.command,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': tenantPk({ tenantCode: SYSTEM_TENANT }), ':prefix': sortKeyPrefix(TENANT_ENTITY) },
    ProjectionExpression: 'code',
  });
  return [...new Set(items.map((i) => i.code as string))].sort();
}

/** A tenant's projectable state: the newest version of each projected entity, and its stock levels. */
async function sourceOf(tenant: string): Promise<Projectable[]> {
  const pk = tenantPk({ tenantCode: tenant });
  const newest = new Map<string, CommandItem>();
  for (const type of projectedTypes()) {
    const versions = await queryAll({
      TableName: config().tables.command,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': sortKeyPrefix(type) },
    });
    for (const item of versions as unknown as CommandItem[]) {
      if (item.type !== type || !item.entitySk) continue;
      const seen = newest.get(item.entitySk);
      if (!seen || seen.version < item.version) newest.set(item.entitySk, item);
    }
  }
  const levels = await queryAll({
    TableName: config().tables.data,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': sortKeyPrefix('INVENTORY') },
    ConsistentRead: true,
  });
  return [
    // Categories first: nothing depends on it, but a reader of a half-filled generation never sees one.
    ...[...newest.values()].sort((a, b) => a.type.localeCompare(b.type)).map((command): Projectable => ({ kind: 'entity', tenant, command })),
    ...levels.map((level): Projectable => ({ kind: 'stock', tenant, stock: stockImageOf(level) })),
  ];
}

async function queryAll(input: QueryCommandInput): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
