/**
 * The sync-throughput phase of `npm run bench`: how fast one tenant's order-created records go
 * through the real stream handler when every DynamoDB call takes a real network round trip
 * (injected, default 8 ms: DynamoDB Local on loopback answers in well under 1 ms, which hides
 * what a sequential loop costs in AWS). One tenant is one partition key, so in AWS its records
 * arrive in one lane; the handler either works through a batch one record after another
 * (SYNC_PARALLEL_ENTITIES=1) or entity groups side by side (the default).
 */
import { DynamoDBStreamEvent } from 'aws-lambda';
import { loadConfig, resetConfig } from '../src/config';
import { CommandService } from '../src/core/command.service';
import { dynamo, resetDynamo } from '../src/core/dynamo';
import { systemActorContext } from '../src/core/tenant-context';
import { TenantItemStore } from '../src/core/tenant-item.store';
import { handler as commandSync } from '../src/handlers/command-sync';
import { stockKey } from '../src/modules/inventory/inventory.keys';
import { ORDER_ENTITY, orderCode, orderIndexes } from '../src/modules/order/order.keys';
import { OrderAttributes } from '../src/modules/order/order.model';
import { ensureTables } from '../scripts/lib/tables';
import { StreamDriver } from '../scripts/lib/stream-driver';

export interface SyncThroughputResult {
  mode: 'sequential' | 'grouped';
  records: number;
  seconds: number;
  recordsPerSecond: number;
}

const TENANT = 'bench-sync';
const SKU = 'SKU-SYNC';

/** Runs `rounds` x (sequential, grouped) over fresh sets of `orders` order-created records each. */
export async function syncThroughput(options: { endpoint: string; orders: number; roundTripMs: number; rounds: number }): Promise<SyncThroughputResult[]> {
  process.env.TABLE_PREFIX = `bench-sync-${Date.now()}`;
  resetConfig();
  resetDynamo();
  await ensureTables(loadConfig(), options.endpoint);
  const ctx = systemActorContext(TENANT, 'bench', 'bench');
  const units = options.orders * options.rounds * 2;
  await new TenantItemStore().transact(ctx, [
    { put: { sk: stockKey(SKU, 'main'), sku: SKU, productCode: 'SYNC', warehouse: 'main', onHand: units, reserved: 0, available: units, lowStockThreshold: 0, version: 1, updatedAt: new Date().toISOString() } },
  ]);
  const stream = new StreamDriver(commandSync);
  await stream.read(); // what is there already is not this phase's
  injectRoundTrip(options.roundTripMs);

  const results: SyncThroughputResult[] = [];
  let next = 1;
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const mode of ['sequential', 'grouped'] as const) {
        const first = next;
        next += options.orders;
        await placeOrders(ctx, first, options.orders);
        const records = (await stream.read()).filter((r) => r.dynamodb?.NewImage?.type?.S === ORDER_ENTITY && r.dynamodb?.NewImage?.version?.N === '1');
        process.env.SYNC_PARALLEL_ENTITIES = mode === 'sequential' ? '1' : '';
        resetConfig();
        const started = process.hrtime.bigint();
        // As Lambda's event source mapping hands them over: batches of up to 100, one after another.
        for (let i = 0; i < records.length; i += 100) {
          const event: DynamoDBStreamEvent = { Records: records.slice(i, i + 100) };
          const response = await commandSync(event);
          if (response.batchItemFailures.length > 0) throw new Error(`${response.batchItemFailures.length} records failed in the ${mode} run`);
        }
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        results.push({ mode, records: records.length, seconds, recordsPerSecond: records.length / seconds });
        await stream.read(); // the confirmations they published: not measured here
      }
    }
  } finally {
    delete process.env.SYNC_PARALLEL_ENTITIES;
    resetConfig();
    stream.close();
  }
  return results;
}

/** Every DynamoDB call of the process's client waits `ms` first, as a network round trip would. */
function injectRoundTrip(ms: number): void {
  dynamo().middlewareStack.add(
    (next) => async (args) => {
      await new Promise((r) => setTimeout(r, ms));
      return next(args);
    },
    { step: 'finalizeRequest', name: 'bench-round-trip' },
  );
}

/** Version 1 of `count` one-line orders of the tenant, as POST /orders publishes them. */
async function placeOrders(ctx: ReturnType<typeof systemActorContext>, first: number, count: number): Promise<void> {
  const commands = new CommandService();
  const at = new Date().toISOString();
  const money = (amount: number) => ({ amount, currency: 'USD' });
  await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const code = orderCode(first + i);
      const attributes: OrderAttributes = {
        customerId: `buyer-${i % 50}`,
        items: [{ productCode: 'SYNC', sku: SKU, name: 'Sync', quantity: 1, unitPrice: money(100), lineTotal: money(100) }],
        shippingAddress: { name: 'B', line1: '1 St', city: 'C', postalCode: '1', country: 'JP' },
        paymentMethod: 'card',
        currency: 'USD',
        subtotal: money(100),
        taxRateBps: 1000,
        tax: money(10),
        total: money(110),
        status: 'pending',
        placedAt: at,
        change: { to: 'pending', by: 'bench', at },
      };
      return commands.publish(ctx, { type: ORDER_ENTITY, code, attributes, indexes: orderIndexes(ctx, code, attributes) }, { expectedVersion: 0 });
    }),
  );
}
