import { CommandItem } from '../../core/entity';
import { TenantContext, systemActorContext } from '../../core/tenant-context';
import { CommandService } from '../../core/command.service';
import { RateLimits } from '../../core/rate-limits';
import { TenantItemStore } from '../../core/tenant-item.store';
import { TenantScope } from '../../read-model/read-model';
import { CategoryService, VariantCatalog } from '../catalog';
import { MailerProvider, NotificationOutbox } from '../notification';
import { TenantDirectory } from '../tenant';
import { WishlistAttributes } from './wishlist.model';

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

export interface BackInStock {
  sku: string;
  /** The stock item's change count when it came back: part of the mail's id, so a replay sends nothing new. */
  changes: number;
}

/** Who asked to hear about these SKUs, and where to write to them. */
export async function backInStockMails(scope: TenantScope, back: BackInStock[]): Promise<{ messageId: string; to: string; sku: string }[]> {
  if (back.length === 0) return [];
  const rows = await scope.query<{ customer: string; email: string; sku: string }>(
    `SELECT w.customer, l.email, w.sku FROM wish w JOIN wishlist l ON l.tenant = w.tenant AND l.customer = w.customer
      WHERE w.tenant = $1 AND w.notify AND w.sku = ANY($2::text[]) AND l.email IS NOT NULL`,
    [scope.tenant, back.map((b) => b.sku)],
  );
  return rows.map((row) => {
    const changes = back.find((b) => b.sku === row.sku)!.changes;
    return { messageId: `backinstock.${row.sku}.${changes}.${Buffer.from(row.customer).toString('base64url').slice(0, 40)}`, to: row.email, sku: row.sku };
  });
}

/**
 * Sends them through the notification outbox (one mail per message id, whatever the
 * redeliveries), only for SKUs on sale: a hidden product or variant is never announced. Whether
 * it is on sale comes from the product's newest version, not from the read model, which may not
 * have seen a deactivation yet.
 */
export async function sendBackInStock(tenant: string, mails: { messageId: string; to: string; sku: string }[]): Promise<void> {
  if (mails.length === 0) return;
  const items = new TenantItemStore();
  const commands = new CommandService();
  outbox ??= new NotificationOutbox(items, new MailerProvider(), new RateLimits(items), new TenantDirectory(commands));
  catalog ??= new VariantCatalog(commands, items, new CategoryService(commands, items));
  const ctx: TenantContext = systemActorContext(tenant, 'stream:read-model', 'back-in-stock');
  const onSale = await catalog.variants(ctx, [...new Set(mails.map((mail) => mail.sku))]);
  for (const mail of mails) {
    if (!onSale.get(mail.sku)?.active) continue;
    await outbox.deliver(ctx, mail.messageId, 'wishlist.back-in-stock', {
      to: mail.to,
      subject: `${mail.sku} is back in stock`,
      body: `Good news: ${mail.sku}, on your wishlist, is back in stock.`,
    });
  }
}
let outbox: NotificationOutbox | undefined;
let catalog: VariantCatalog | undefined;
