import { CommandItem } from '../../core/entity';
import { TenantScope } from '../../read-model/read-model';
import { CategoryAttributes } from '../catalog/category.model';
import { CATEGORY_ENTITY, PRODUCT_ENTITY } from '../catalog/product.keys';
import { ProductAttributes, withVariants } from '../catalog/product.model';

/** The stock item of the data table as its stream image carries it. */
export interface StockImage {
  sku: string;
  warehouse: string;
  available: number;
  /** Counts every change of the item (absent on items written before it existed). */
  changes?: number;
}

export const PROJECTED_TYPES = new Set([PRODUCT_ENTITY, CATEGORY_ENTITY]);

/**
 * The catalog projection: products (with variants, option values and a weighted search
 * document), categories and stock. Every row keeps the version (stock: the change count) it
 * came from and is replaced only by a higher one, so a replay or an out-of-order delivery
 * changes nothing. Every statement names the scope's tenant; the scope's Row Level Security
 * refuses rows of any other.
 */
export async function projectEntity(scope: TenantScope, command: CommandItem): Promise<void> {
  if (command.type === PRODUCT_ENTITY) await scope.inEveryGeneration(() => projectProduct(scope, command as unknown as CommandItem<ProductAttributes>));
  else if (command.type === CATEGORY_ENTITY) await scope.inEveryGeneration(() => projectCategory(scope, command as unknown as CommandItem<CategoryAttributes>));
}

export async function projectStock(scope: TenantScope, image: StockImage): Promise<void> {
  await scope.inEveryGeneration(async () => {
    const changed = await scope.query(
      `INSERT INTO stock (tenant, sku, warehouse, available, changes) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant, sku, warehouse) DO UPDATE SET available = excluded.available, changes = excluded.changes
       WHERE stock.changes < excluded.changes
       RETURNING sku`,
      [scope.tenant, image.sku, image.warehouse, image.available, image.changes ?? 0],
    );
    if (changed.length) await refreshInStock(scope, { sku: image.sku });
  });
}

async function projectProduct(scope: TenantScope, command: CommandItem<ProductAttributes>): Promise<void> {
  const product = withVariants(command.attributes);
  const variants = product.variants.map((v) => ({
    sku: v.sku,
    options: v.options ?? {},
    price: v.price?.amount ?? product.price.amount,
    currency: v.price?.currency ?? product.price.currency,
    active: v.active !== false,
  }));
  const selling = variants.filter((v) => v.active);
  const prices = (selling.length ? selling : variants).map((v) => v.price);
  const optionRows = new Map<string, { nameKey: string; name: string; value: string }>();
  for (const v of selling) {
    for (const [name, value] of Object.entries(v.options)) {
      const nameKey = name.toLowerCase();
      optionRows.set(`${nameKey}\u0000${value}`, { nameKey, name, value });
    }
  }
  const name = command.name ?? command.code;
  const skus = variants.map((v) => v.sku);
  const optionValues = [...optionRows.values()].map((o) => o.value);
  const applied = await scope.query(
    `INSERT INTO product (tenant, code, version, name, description, active, category_codes, currency, price, max_price, skus, created_at, updated_at, document, words)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
       setweight(to_tsvector('simple', $4), 'A') || setweight(to_tsvector('simple', $14), 'A')
         || setweight(to_tsvector('simple', $15), 'B') || setweight(to_tsvector('simple', $5), 'C'),
       lower($4 || ' ' || $14 || ' ' || $15))
     ON CONFLICT (tenant, code) DO UPDATE SET
       version = excluded.version, name = excluded.name, description = excluded.description, active = excluded.active,
       category_codes = excluded.category_codes, currency = excluded.currency, price = excluded.price,
       max_price = excluded.max_price, skus = excluded.skus, created_at = excluded.created_at,
       updated_at = excluded.updated_at, document = excluded.document, words = excluded.words
     WHERE product.version < excluded.version
     RETURNING code`,
    [
      scope.tenant,
      command.code,
      command.version,
      name,
      product.description ?? '',
      product.active !== false,
      product.categoryCodes ?? [],
      product.price.currency,
      Math.min(...prices),
      Math.max(...prices),
      skus,
      command.createdAt ?? command.issuedAt,
      command.issuedAt,
      skus.join(' '),
      optionValues.join(' '),
    ],
  );
  if (!applied.length) return; // this version or a newer one is there already
  await scope.query('DELETE FROM variant WHERE tenant = $1 AND product_code = $2', [scope.tenant, command.code]);
  await scope.query('DELETE FROM product_option WHERE tenant = $1 AND product_code = $2', [scope.tenant, command.code]);
  if (variants.length) {
    await scope.query(
      `INSERT INTO variant (tenant, product_code, sku, options, price, currency, active)
       SELECT $1, $2, v.sku, v.options, v.price, v.currency, v.active
       FROM jsonb_to_recordset($3::jsonb) AS v(sku text, options jsonb, price bigint, currency text, active boolean)`,
      [scope.tenant, command.code, JSON.stringify(variants)],
    );
  }
  if (optionRows.size) {
    await scope.query(
      `INSERT INTO product_option (tenant, product_code, name_key, name, value)
       SELECT $1, $2, o."nameKey", o.name, o.value FROM jsonb_to_recordset($3::jsonb) AS o("nameKey" text, name text, value text)`,
      [scope.tenant, command.code, JSON.stringify([...optionRows.values()])],
    );
  }
  await refreshInStock(scope, { productCode: command.code });
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
}

/**
 * `in_stock` is derived from the current variant and stock rows, never from the order things
 * arrived in: some active variant has units available in some warehouse.
 */
async function refreshInStock(scope: TenantScope, which: { sku: string } | { productCode: string }): Promise<void> {
  const target =
    'sku' in which
      ? 'p.code IN (SELECT product_code FROM variant WHERE tenant = $1 AND sku = $2)'
      : 'p.code = $2';
  await scope.query(
    `UPDATE product p SET in_stock = EXISTS (
       SELECT 1 FROM variant v JOIN stock s ON s.tenant = v.tenant AND s.sku = v.sku
       WHERE v.tenant = p.tenant AND v.product_code = p.code AND v.active AND s.available > 0)
     WHERE p.tenant = $1 AND ${target}`,
    [scope.tenant, 'sku' in which ? which.sku : which.productCode],
  );
}
