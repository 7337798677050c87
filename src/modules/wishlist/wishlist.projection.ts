import { CommandItem } from '../../core/entity';
import { DomainEvent, DomainEvents } from '../../core/events';
import { TenantContext, systemActorContext } from '../../core/tenant-context';
import { CommandService } from '../../core/command.service';
import { TenantItemStore } from '../../core/tenant-item.store';
import { Projection, Projects } from '../../read-model/projections';
import { TenantScope } from '../../read-model/read-model';
import { CategoryService, VariantCatalog } from '../catalog';
import { WISHLIST_ENTITY, WishlistAttributes } from './wishlist.model';

/** A customer's wishlist: its newest version's rows replace the older ones. */
export async function projectWishlist(scope: TenantScope, command: CommandItem): Promise<void> {
  const list = command.attributes as unknown as WishlistAttributes;
  await scope.inEveryGeneration(async () => {
    const applied = await scope.query(
      `INSERT INTO wishlist (tenant, customer, version, email) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant, customer) DO UPDATE SET version = excluded.version, email = excluded.email
       WHERE wishlist.version < excluded.version RETURNING customer`,
      [scope.tenant, list.customerId, command.version, list.email ?? null],
    );
    if (!applied.length) return;
    await scope.query('DELETE FROM wish WHERE tenant = $1 AND customer = $2', [scope.tenant, list.customerId]);
    await scope.query(
      `INSERT INTO wish (tenant, customer, sku, notify, added_at)
       SELECT $1, $2, w.sku, w.notify, w."addedAt" FROM jsonb_to_recordset($3::jsonb) AS w(sku text, notify boolean, "addedAt" timestamptz)`,
      [scope.tenant, list.customerId, JSON.stringify(list.items ?? [])],
    );
  });
}

/** The wishlist's declaration for the read model's consumer and rebuild (read-model/projections.ts). */
@Projects(WISHLIST_ENTITY)
export class WishlistProjection implements Projection {
  readonly project = projectWishlist;
}

export interface BackInStock {
  sku: string;
  /** The stock item's change count when it came back: part of the mail's id, so a replay sends nothing new. */
  changes: number;
}

/** Published for each customer who asked to hear when a SKU on sale came back in stock (notification mails them). */
export interface BackInStockEvent extends DomainEvent {
  readonly type: 'wishlist.back_in_stock';
  readonly sku: string;
  /** The stock item's change count when it came back (the same return told twice is one). */
  readonly changes: number;
  readonly customer: string;
  /** The customer's verified email when they last changed their list. */
  readonly email: string;
}

/** Who asked to hear about these SKUs, and where to write to them. */
async function wishersOf(scope: TenantScope, back: BackInStock[]): Promise<Omit<BackInStockEvent, 'type'>[]> {
  if (back.length === 0) return [];
  const rows = await scope.query<{ customer: string; email: string; sku: string }>(
    `SELECT w.customer, l.email, w.sku FROM wish w JOIN wishlist l ON l.tenant = w.tenant AND l.customer = w.customer
      WHERE w.tenant = $1 AND w.notify AND w.sku = ANY($2::text[]) AND l.email IS NOT NULL`,
    [scope.tenant, back.map((b) => b.sku)],
  );
  return rows.map((row) => ({ sku: row.sku, changes: back.find((b) => b.sku === row.sku)!.changes, customer: row.customer, email: row.email }));
}

/**
 * Tells those waiting for SKUs that came back (live stock records, inside the projection's
 * transaction: a failed subscriber retries the record), only for SKUs on sale: a hidden product
 * or variant is never announced. Whether it is on sale comes from the product's newest version,
 * not from the read model, which may not have seen a deactivation yet.
 */
export async function announceBackInStock(scope: TenantScope, back: BackInStock[], events: DomainEvents): Promise<void> {
  const wishers = await wishersOf(scope, back);
  if (wishers.length === 0) return;
  catalog ??= catalogWithoutNest();
  const ctx: TenantContext = systemActorContext(scope.tenant, 'stream:read-model', 'back-in-stock');
  const onSale = await catalog.variants(ctx, [...new Set(wishers.map((wisher) => wisher.sku))]);
  for (const wisher of wishers) {
    if (onSale.get(wisher.sku)?.active) await events.publish<BackInStockEvent>(ctx, { type: 'wishlist.back_in_stock', ...wisher });
  }
}
let catalog: VariantCatalog | undefined;

/** The read-model Lambda runs without Nest: the catalog's reads, wired by hand. */
function catalogWithoutNest(): VariantCatalog {
  const commands = new CommandService();
  const items = new TenantItemStore();
  return new VariantCatalog(commands, items, new CategoryService(commands, items));
}
