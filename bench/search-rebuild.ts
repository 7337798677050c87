/**
 * The rebuild part of `npm run bench:search`: the generated catalog written to a DynamoDB Local
 * of its own as the event store holds it (product and category versions in the command table,
 * stock levels as `INVENTORY#` items of the data table, the bench tenants registered in the
 * system tenant), then the real `rebuildReadModel` reads it back from DynamoDB into the process's
 * read model and is timed. A benchmark, not a test.
 */
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { loadConfig, config, resetConfig } from '../src/config';
import { CommandService } from '../src/core/command.service';
import { dynamo, resetDynamo } from '../src/core/dynamo';
import { itemKey } from '../src/core/keys';
import { SYSTEM_TENANT, systemActorContext } from '../src/core/tenant-context';
import { stockKey } from '../src/modules/inventory/inventory.keys';
import { TENANT_ENTITY } from '../src/modules/tenant/tenant.keys';
import { readModel } from '../src/read-model/read-model';
import { rebuildReadModel, RebuildReport } from '../src/app/rebuild';
import { freePort, startDynamoLocal } from '../scripts/lib/dynamodb-local';
import { ensureTables } from '../scripts/lib/tables';
import { benchTenants, catalog } from './search-catalog';

export interface RebuildResult {
  written: { commands: number; products: number; levels: number; ms: number };
  rebuild: RebuildReport;
  /** The rebuild's DynamoDB queries and the time spent in them. */
  reads: { queries: number; ms: number };
  products: number;
}

/** DynamoDB's batch limit: 25 puts a request; this many requests in flight. */
const BATCH = 25;
const IN_FLIGHT = 8;

export async function rebuildPart(products: number): Promise<RebuildResult> {
  const dynamoLocal = await startDynamoLocal(await freePort());
  const previous = { endpoint: process.env.DYNAMODB_ENDPOINT, prefix: process.env.TABLE_PREFIX };
  try {
    process.env.DYNAMODB_ENDPOINT = dynamoLocal.endpoint;
    process.env.TABLE_PREFIX = 'bench-rebuild';
    resetConfig();
    resetDynamo();
    await ensureTables(loadConfig(), dynamoLocal.endpoint);

    // The tenants as the platform registers them: the rebuild finds tenants in the registry.
    const registry = systemActorContext(SYSTEM_TENANT, 'bench', 'bench');
    for (const tenant of benchTenants()) {
      await new CommandService().publish(registry, { type: TENANT_ENTITY, code: tenant, name: `Bench ${tenant}`, attributes: { enabled: true, taxRateBps: 1900, currency: 'EUR' } }, { expectedVersion: 0 });
    }
    const started = Date.now();
    let commands = 0;
    let productCount = 0;
    let levels = 0;
    for (const chunk of catalog(products)) {
      const versions = [...chunk.categories, ...chunk.products];
      const stock = chunk.levels.map((level) => ({
        ...itemKey({ tenantCode: chunk.tenant }, stockKey(level.sku, level.warehouse)),
        sku: level.sku,
        productCode: level.sku.split('-')[0],
        warehouse: level.warehouse,
        onHand: level.available,
        reserved: 0,
        available: level.available,
        lowStockThreshold: 0,
        version: 1,
        changes: 1,
        updatedAt: '2026-01-01T00:00:00.000Z',
      }));
      await putAll(config().tables.command, versions);
      await putAll(config().tables.data, stock);
      commands += versions.length;
      productCount += chunk.products.length;
      levels += stock.length;
    }
    const written = { commands, products: productCount, levels, ms: Date.now() - started };

    const model = await readModel();
    // The rebuild reads one query after another: their summed time is its time reading DynamoDB.
    const reads = { queries: 0, ms: 0 };
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'QueryCommand') return next(args);
        const started = performance.now();
        try {
          return await next(args);
        } finally {
          reads.queries++;
          reads.ms += performance.now() - started;
        }
      },
      { step: 'initialize', name: 'bench-rebuild-reads' },
    );
    const rebuild = await rebuildReadModel(model);
    const [{ count }] = await model.asPlatform((tx) => tx.query<{ count: number }>('SELECT count(*)::int AS count FROM product'));
    return { written, rebuild, reads: { queries: reads.queries, ms: Math.round(reads.ms) }, products: count };
  } finally {
    process.env.DYNAMODB_ENDPOINT = previous.endpoint;
    process.env.TABLE_PREFIX = previous.prefix;
    resetConfig();
    resetDynamo();
    await dynamoLocal.stop();
  }
}

/** Batch writes, IN_FLIGHT requests at a time; what DynamoDB leaves unprocessed is sent again. */
async function putAll(table: string, items: object[]): Promise<void> {
  const batches: object[][] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < batches.length) {
        let requests = batches[next++].map((Item) => ({ PutRequest: { Item: Item as Record<string, unknown> } }));
        while (requests.length) {
          const reply = await dynamo().send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
          requests = (reply.UnprocessedItems?.[table] ?? []) as typeof requests;
        }
      }
    }),
  );
}
