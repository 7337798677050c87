import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { CommandItem } from '../core/entity';
import { tenantOfPk } from '../core/keys';
import { unmarshallImage } from '../core/sync/stream-image';
import { DomainEvents } from '../core/events';
import { projectStock, StockImage } from '../modules/search';
import { announceBackInStock } from '../modules/wishlist';
// Declares the review context's projections (read-model/projections.ts); search's and
// wishlist's are declared by the imports above. Every projection of the read model is here.
import '../modules/review';
import '../modules/customer';
// Declares notification's subscribers; the read-model Lambda has no Nest to make them.
import { subscribersWithoutNest } from '../modules/notification';
import { ProjectionFailures } from '../read-model/projection-failures';
import { projectionFor } from '../read-model/projections';
import { ReadModel, TenantScope } from '../read-model/read-model';

/** What one stream record means to the read model, if anything. */
export type Projectable =
  | { kind: 'entity'; tenant: string; command: CommandItem }
  /** `writtenAt`: the level's `updatedAt`, stamped by the write that changed it (live records). */
  | { kind: 'stock'; tenant: string; stock: StockImage; writtenAt?: string };

/**
 * Command-table records are versions of entities (INSERTs with `entitySk`); data-table records
 * of `INVENTORY#` items are stock levels. Everything else (other data-table items, TTL
 * removals) is not the read model's business.
 */
export function projectableOf(record: DynamoDBRecord): Projectable | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image || (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY')) return undefined;
  const item = unmarshallImage<Record<string, any>>(image as Record<string, unknown>);
  if (typeof item.pk !== 'string') return undefined;
  if (item.entitySk && item.version && record.eventName === 'INSERT') {
    const command = item as CommandItem;
    return projectionFor(command.type) ? { kind: 'entity', tenant: tenantOfPk(command.pk), command } : undefined;
  }
  if (typeof item.sk === 'string' && item.sk.startsWith('INVENTORY#') && typeof item.sku === 'string') {
    return { kind: 'stock', tenant: tenantOfPk(item.pk), stock: stockImageOf(item), ...(typeof item.updatedAt === 'string' ? { writtenAt: item.updatedAt } : {}) };
  }
  return undefined;
}

/** A data-table stock item as the projection keeps it. */
export function stockImageOf(item: Record<string, any>): StockImage {
  return { sku: item.sku, warehouse: item.warehouse, available: Number(item.available ?? 0), onHand: Number(item.onHand ?? 0), lowStockThreshold: Number(item.lowStockThreshold ?? 0), changes: item.changes };
}

/** The events the read model's projections publish (wishlist: back in stock), to subscribers made without Nest. */
const events = new DomainEvents(subscribersWithoutNest());

export async function project(scope: TenantScope, change: Projectable): Promise<void> {
  if (change.kind === 'stock') {
    // Live changes only (a rebuild projects stock without this function): tell those waiting for
    // a SKU that came back, inside the transaction, so a failed send retries the record.
    await announceBackInStock(scope, await projectStock(scope, change.stock), events);
  } else await projectionFor(change.command.type)!.project(scope, change.command);
}

/**
 * The read model's stream consumer: its own Lambda (`handlers/read-model-sync.ts`) on the
 * command table's stream (the second consumer beside the order path) and the data table's.
 * Records are independent (each row only moves to a higher version), so they are applied in
 * any order: a failed one never stops the others of its batch, is reported for redelivery a
 * bounded number of times and then set aside (`ProjectionFailures`), and never holds up the
 * order path, which reads the stream through its own consumer.
 */
export async function applyBatch(model: ReadModel, event: DynamoDBStreamEvent, now = () => new Date(), failures = new ProjectionFailures()): Promise<DynamoDBBatchResponse> {
  const failed: string[] = [];
  const newest = new Map<string, number>();
  for (const record of event.Records) {
    const change = projectableOf(record);
    if (!change) continue;
    try {
      await model.forTenant(change.tenant, (scope) => project(scope, change));
      const at = writtenAt(change) ?? eventTime(record) ?? now().getTime();
      newest.set(change.tenant, Math.max(newest.get(change.tenant) ?? 0, at));
    } catch (error) {
      if (await failures.retry(change, record, error)) failed.push(record.dynamodb?.SequenceNumber ?? '');
    }
  }
  for (const [tenant, eventAt] of newest) {
    const appliedAt = now();
    await model.forTenant(tenant, (scope) =>
      scope.inEveryGeneration(async () => {
        await scope.query(
          `INSERT INTO projection_status (tenant, last_event_at, last_applied_at, lag_ms) VALUES ($1, $2, $3, $4)
           ON CONFLICT (tenant) DO UPDATE SET last_event_at = greatest(projection_status.last_event_at, excluded.last_event_at),
             last_applied_at = excluded.last_applied_at, lag_ms = excluded.lag_ms`,
          [tenant, new Date(eventAt).toISOString(), appliedAt.toISOString(), Math.max(0, Math.round(appliedAt.getTime() - eventAt))],
        );
      }),
    );
  }
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}

/**
 * When the change was written, in ms, by the clock of the write itself: a version's `issuedAt`,
 * a stock level's `updatedAt`. Preferred over the stream's time, which AWS rounds down to the
 * second and DynamoDB Local to the minute (a lag of moments showed as up to 60 s locally).
 */
export function writtenAt(change: Projectable): number | undefined {
  const stamp = Date.parse((change.kind === 'entity' ? change.command.issuedAt : change.writtenAt) ?? '');
  return Number.isNaN(stamp) ? undefined : stamp;
}

/**
 * The stream's time of the record, in ms, for records without a stamp of their own. Lambda
 * sends epoch seconds; serverless-offline's stream plugin hands over the SDK's Date.
 */
function eventTime(record: DynamoDBRecord): number | undefined {
  const raw = record.dynamodb?.ApproximateCreationDateTime as unknown;
  if (raw instanceof Date) return raw.getTime();
  if (typeof raw === 'number') return raw * 1000;
  return undefined;
}

