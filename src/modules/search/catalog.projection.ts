import { CommandItem } from '../../core/entity';
import { Projection, Projects } from '../../read-model/projections';
import { TenantScope } from '../../read-model/read-model';
import { CATEGORY_ENTITY, CategoryAttributes, PRODUCT_ENTITY, ProductAttributes, withVariants } from '../catalog';
import { MEDIA, projectImages, refreshPrimaryImage } from './product-images';

/** The stock item of the data table as its stream image carries it. */
export interface StockImage {
  sku: string;
  warehouse: string;
  available: number;
  onHand?: number;
  lowStockThreshold?: number;
  /** Counts every change of the item (absent on items written before it existed). */
  changes?: number;
}

/**
 * The catalog projection: products (with variants, option values and a weighted search
 * document), categories and stock. Every row keeps the version (stock: the change count) it
 * came from and is replaced only by a higher one, so a replay or an out-of-order delivery
 * changes nothing. Every statement names the scope's tenant; the scope's Row Level Security
 * refuses rows of any other.
 */
export async function projectEntity(scope: TenantScope, command: CommandItem): Promise<void> {
  if (command.type === PRODUCT_ENTITY) await projectProducts(scope, [command]);
  else if (command.type === CATEGORY_ENTITY) await scope.inEveryGeneration(() => projectCategory(scope, command as unknown as CommandItem<CategoryAttributes>));
  else if (command.type === MEDIA) await projectImages(scope, [command]);
}

/** The catalog's declaration for the read model's consumer and rebuild (read-model/projections.ts). */
@Projects(PRODUCT_ENTITY, CATEGORY_ENTITY, MEDIA)
export class CatalogProjection implements Projection {
  readonly project = projectEntity;

  /** A rebuild: categories one by one, products and images in bulk (the same statements a stream record takes). */
  async projectAll(scope: TenantScope, commands: CommandItem[]): Promise<void> {
    for (const category of commands.filter((c) => c.type === CATEGORY_ENTITY)) await projectEntity(scope, category);
    await projectProducts(scope, commands.filter((c) => c.type === PRODUCT_ENTITY));
    await projectImages(scope, commands.filter((c) => c.type === MEDIA));
  }
}

export async function projectStock(scope: TenantScope, image: StockImage): Promise<{ sku: string; changes: number }[]> {
  return projectStockLevels(scope, [image]);
}

/**
 * Stock levels, many at once: each row moves only to a higher change count. Returns the SKUs
 * that had no units available (in any warehouse) before and have some now, as seen in the
 * active generation, for back-in-stock mails.
 */
export async function projectStockLevels(scope: TenantScope, images: StockImage[]): Promise<{ sku: string; changes: number }[]> {
  const newest = new Map<string, StockImage>();
  for (const image of images) {
    const key = `${image.sku}\u0000${image.warehouse}`;
    if ((newest.get(key)?.changes ?? -1) < (image.changes ?? 0)) newest.set(key, image);
  }
  if (newest.size === 0) return [];
  const back: { sku: string; changes: number }[] = [];
  let first = true;
  const rows = [...newest.values()].map((i) => ({ sku: i.sku, warehouse: i.warehouse, available: i.available, onHand: i.onHand ?? 0, threshold: i.lowStockThreshold ?? 0, changes: i.changes ?? 0 }));
  const skus = [...new Set(rows.map((r) => r.sku))];
  const availableOf = async () =>
    new Map(
      (await scope.query<{ sku: string; n: number }>('SELECT sku, sum(available)::int AS n FROM stock WHERE tenant = $1 AND sku = ANY($2::text[]) GROUP BY sku', [scope.tenant, skus])).map((r) => [r.sku, r.n]),
    );
  await scope.inEveryGeneration(async () => {
    const active = first;
    first = false;
    const before = active ? await availableOf() : undefined;
    const changed = await scope.query<{ sku: string }>(
      `INSERT INTO stock (tenant, sku, warehouse, available, on_hand, low_stock_threshold, changes)
       SELECT $1, r.sku, r.warehouse, r.available, r."onHand", r.threshold, r.changes
       FROM jsonb_to_recordset($2::jsonb) AS r(sku text, warehouse text, available integer, "onHand" integer, threshold integer, changes integer)
       ON CONFLICT (tenant, sku, warehouse) DO UPDATE SET available = excluded.available, on_hand = excluded.on_hand,
         low_stock_threshold = excluded.low_stock_threshold, changes = excluded.changes
       WHERE stock.changes < excluded.changes
       RETURNING sku`,
      [scope.tenant, JSON.stringify(rows)],
    );
    if (changed.length) {
      await refreshInStock(scope, `p.code IN (SELECT product_code FROM variant WHERE tenant = $1 AND sku = ANY($2::text[]))`, [...new Set(changed.map((c) => c.sku))]);
    }
    if (before && changed.length) {
      const after = await availableOf();
      for (const sku of new Set(changed.map((c) => c.sku))) {
        if ((before.get(sku) ?? 0) <= 0 && (after.get(sku) ?? 0) > 0) back.push({ sku, changes: Math.max(...rows.filter((r) => r.sku === sku).map((r) => r.changes)) });
      }
    }
  });
  return back;
}

/** What one product version becomes in the tables. */
function productRows(command: CommandItem<ProductAttributes>) {
  const product = withVariants(command.attributes);
  const variants = product.variants.map((v) => ({
    productCode: command.code,
    sku: v.sku,
    options: v.options ?? {},
    price: v.price?.amount ?? product.price.amount,
    currency: v.price?.currency ?? product.price.currency,
    active: v.active !== false,
  }));
  const selling = variants.filter((v) => v.active);
  const prices = (selling.length ? selling : variants).map((v) => v.price);
  const options = new Map<string, { productCode: string; nameKey: string; name: string; value: string }>();
  for (const v of selling) {
    for (const [name, value] of Object.entries(v.options)) {
      const nameKey = name.toLowerCase();
      options.set(`${nameKey}\u0000${value}`, { productCode: command.code, nameKey, name, value });
    }
  }
  const skus = variants.map((v) => v.sku);
  return {
    product: {
      code: command.code,
      version: command.version,
      name: command.name ?? command.code,
      description: product.description ?? '',
      active: product.active !== false,
      category_codes: product.categoryCodes ?? [],
      currency: product.price.currency,
      price: Math.min(...prices),
      max_price: Math.max(...prices),
      skus,
      created_at: command.createdAt ?? command.issuedAt,
      updated_at: command.issuedAt,
      sku_text: skus.join(' '),
      option_text: [...options.values()].map((o) => o.value).join(' '),
    },
    variants,
    options: [...options.values()],
  };
}

/**
 * Product versions, many at once (the stream's one, a rebuild's hundreds): a product row is
 * replaced only by a higher version, and only then are its variant and option rows replaced.
 */
export async function projectProducts(scope: TenantScope, commands: CommandItem[]): Promise<void> {
  const newest = new Map<string, CommandItem>();
  for (const command of commands) {
    if ((newest.get(command.code)?.version ?? 0) < command.version) newest.set(command.code, command);
  }
  if (newest.size === 0) return;
  const rows = [...newest.values()].map((c) => productRows(c as unknown as CommandItem<ProductAttributes>));
  await scope.inEveryGeneration(async () => {
    const applied = await scope.query<{ code: string }>(
      `INSERT INTO product (tenant, code, version, name, description, active, category_codes, currency, price, max_price, skus, created_at, updated_at, document)
       SELECT $1, r.code, r.version, r.name, r.description, r.active, r.category_codes, r.currency, r.price, r.max_price, r.skus, r.created_at, r.updated_at,
         setweight(to_tsvector('simple', r.name), 'A') || setweight(to_tsvector('simple', r.sku_text), 'A')
           || setweight(to_tsvector('simple', r.option_text), 'B') || setweight(to_tsvector('simple', r.description), 'C')
       FROM jsonb_to_recordset($2::jsonb) AS r(code text, version integer, name text, description text, active boolean, category_codes text[],
         currency text, price bigint, max_price bigint, skus text[], created_at timestamptz, updated_at timestamptz, sku_text text, option_text text)
       ON CONFLICT (tenant, code) DO UPDATE SET
         version = excluded.version, name = excluded.name, description = excluded.description, active = excluded.active,
         category_codes = excluded.category_codes, currency = excluded.currency, price = excluded.price,
         max_price = excluded.max_price, skus = excluded.skus, created_at = excluded.created_at,
         updated_at = excluded.updated_at, document = excluded.document
       WHERE product.version < excluded.version
       RETURNING code`,
      [scope.tenant, JSON.stringify(rows.map((r) => r.product))],
    );
    if (!applied.length) return; // these versions or newer ones are there already
    const codes = new Set(applied.map((a) => a.code));
    const kept = rows.filter((r) => codes.has(r.product.code));
    await scope.query('DELETE FROM variant WHERE tenant = $1 AND product_code = ANY($2::text[])', [scope.tenant, [...codes]]);
    await scope.query('DELETE FROM product_option WHERE tenant = $1 AND product_code = ANY($2::text[])', [scope.tenant, [...codes]]);
    await scope.query(
      `INSERT INTO variant (tenant, product_code, sku, options, price, currency, active)
       SELECT $1, v."productCode", v.sku, v.options, v.price, v.currency, v.active
       FROM jsonb_to_recordset($2::jsonb) AS v("productCode" text, sku text, options jsonb, price bigint, currency text, active boolean)`,
      [scope.tenant, JSON.stringify(kept.flatMap((r) => r.variants))],
    );
    await scope.query(
      `INSERT INTO product_option (tenant, product_code, name_key, name, value)
       SELECT $1, o."productCode", o."nameKey", o.name, o.value FROM jsonb_to_recordset($2::jsonb) AS o("productCode" text, "nameKey" text, name text, value text)`,
      [scope.tenant, JSON.stringify(kept.flatMap((r) => r.options))],
    );
    await refreshInStock(scope, 'p.code = ANY($2::text[])', [...codes]);
    // A product's images may have come before it (their versions are the media's own).
    await refreshPrimaryImage(scope, [...codes]);
    await scope.query(
      `INSERT INTO search_word (tenant, word)
       SELECT DISTINCT $1, w FROM product p CROSS JOIN unnest(tsvector_to_array(p.document)) AS w
       WHERE p.tenant = $1 AND p.code = ANY($2::text[]) AND length(w) >= 3 AND w !~ '[0-9]'
       ON CONFLICT DO NOTHING`,
      [scope.tenant, [...codes]],
    );
  });
}

async function projectCategory(scope: TenantScope, command: CommandItem<CategoryAttributes>): Promise<void> {
  const category = command.attributes;
  await scope.query(
    `INSERT INTO category (tenant, code, version, name, slug, parent_code, active) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant, code) DO UPDATE SET version = excluded.version, name = excluded.name, slug = excluded.slug,
       parent_code = excluded.parent_code, active = excluded.active
     WHERE category.version < excluded.version`,
    [scope.tenant, command.code, command.version, command.name ?? command.code, category.slug, category.parentCode ?? null, category.active !== false],
  );
  // Its name's words join the tenant's words, for "did you mean" and type-ahead (same rules as products').
  await scope.query(
    `INSERT INTO search_word (tenant, word)
     SELECT DISTINCT $1, w FROM unnest(tsvector_to_array(to_tsvector('simple', $2))) AS w
     WHERE length(w) >= 3 AND w !~ '[0-9]'
     ON CONFLICT DO NOTHING`,
    [scope.tenant, command.name ?? command.code],
  );
}

/**
 * `in_stock`, `stock_units` and `stock_state` are derived from the current variant and stock
 * rows, never from the order things arrived in: some active variant has units available in
 * some warehouse; how many in all; and `low` when one of its active variants' stock rows is
 * below its low-stock threshold (as the low-stock alert counts it), for the staff's list.
 */
async function refreshInStock(scope: TenantScope, which: string, keys: string[]): Promise<void> {
  await scope.query(
    `UPDATE product p SET (in_stock, stock_units, stock_state) = (
       SELECT s.units > 0, s.units, CASE WHEN s.units = 0 THEN 'out' WHEN s.low THEN 'low' ELSE 'in' END
       FROM (SELECT coalesce(sum(st.available) FILTER (WHERE st.available > 0), 0)::int AS units,
                    coalesce(bool_or(st.available < st.low_stock_threshold), false) AS low
             FROM variant v JOIN stock st ON st.tenant = v.tenant AND st.sku = v.sku
             WHERE v.tenant = p.tenant AND v.product_code = p.code AND v.active) s)
     WHERE p.tenant = $1 AND ${which}`,
    [scope.tenant, keys],
  );
}
