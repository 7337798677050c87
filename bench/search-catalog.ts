/**
 * The generated catalog of `npm run bench:search`: deterministic (a seeded generator), so the
 * search part and the rebuild part see the same products, and runs compare.
 */
import { CommandItem } from '../src/core/entity';
import { StockImage } from '../src/modules/search/catalog.projection';

export const TENANTS = 10;

/** Deterministic numbers (mulberry32), so runs compare. */
let seed = 42;
export function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
export const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const some = <T>(items: readonly T[]): T[] => items.filter(() => random() < 0.5).concat(items.length ? [] : []);

const ADJECTIVES = ['classic', 'organic', 'vintage', 'slim', 'oversized', 'striped', 'waterproof', 'merino', 'linen', 'recycled', 'heavy', 'light', 'cozy', 'summer', 'winter'];
export const NOUNS = ['shirt', 'hoodie', 'jacket', 'scarf', 'sneaker', 'boot', 'mug', 'lamp', 'blanket', 'backpack', 'wallet', 'beanie', 'sock', 'dress', 'trouser', 'kettle', 'notebook', 'candle'];
const WORDS = ['soft', 'durable', 'handmade', 'cotton', 'wool', 'leather', 'ceramic', 'bamboo', 'steel', 'gift', 'everyday', 'travel', 'premium', 'eco', 'warm', 'breathable'];
export const SIZES = ['XS', 'S', 'M', 'L', 'XL'];
export const COLORS = ['Black', 'White', 'Red', 'Blue', 'Green', 'Grey', 'Navy', 'Sand'];

function product(tenant: string, n: number): { command: CommandItem; skus: string[] } {
  const code = `P${n}`;
  const sizes = some(SIZES).slice(0, 3);
  const colors = some(COLORS).slice(0, 2);
  const price = 500 + Math.floor(random() * 300) * 100;
  const variants = (sizes.length ? sizes : ['M']).flatMap((size) =>
    (colors.length ? colors : ['Black']).map((color) => ({ sku: `${code}-${size}-${color}`.toUpperCase(), options: { Size: size, Color: color }, weightGrams: 100, taxClass: 'standard', active: true, ...(random() < 0.2 ? { price: { amount: price + 500, currency: 'EUR' } } : {}) })),
  );
  const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  return {
    skus: variants.map((v) => v.sku),
    command: {
      pk: `TENANT#${tenant}`,
      sk: `PRODUCT#${code}@1`,
      entitySk: `PRODUCT#${code}`,
      type: 'PRODUCT',
      code,
      tenantCode: tenant,
      version: 1,
      name: `${pick(ADJECTIVES)} ${pick(NOUNS)} ${pick(WORDS)}`.replace(/^./, (c) => c.toUpperCase()),
      attributes: {
        sku: variants[0].sku,
        price: { amount: price, currency: 'EUR' },
        options: [{ name: 'Size', values: sizes }, { name: 'Color', values: colors }],
        variants,
        categoryCodes: [`c${Math.floor(random() * 5)}-${Math.floor(random() * 4)}`],
        description: Array.from({ length: 12 }, () => pick(WORDS)).join(' '),
        images: [],
        active: random() < 0.95,
      },
      issuedAt: at,
      createdAt: at,
      issuedBy: 'bench',
      requestId: 'bench',
      source: 'bench',
    },
  };
}

function category(tenant: string, code: string, parentCode?: string): CommandItem {
  return { pk: `TENANT#${tenant}`, sk: `CATEGORY#${code}@1`, entitySk: `CATEGORY#${code}`, type: 'CATEGORY', code, tenantCode: tenant, version: 1, name: `Category ${code}`, attributes: { slug: code, ...(parentCode ? { parentCode } : {}), position: 0, active: true }, issuedAt: '2026-01-01T00:00:00.000Z', issuedBy: 'bench', requestId: 'bench', source: 'bench' };
}

export const benchTenants = (): string[] => Array.from({ length: TENANTS }, (_, i) => `bench${i}`);

/** One tenant's share of the catalog, 500 products at a time (categories with the first share). */
export interface CatalogChunk {
  tenant: string;
  categories: CommandItem[];
  products: CommandItem[];
  levels: StockImage[];
}

/**
 * The catalog: `products` products across the bench tenants (5 root categories of 4 children
 * each per tenant; 70 % of SKUs stocked in `main`). Starts the generator afresh, so every
 * walk yields the same catalog; the numbers drawn after it continue from where it ended.
 */
export function* catalog(products: number): Generator<CatalogChunk> {
  seed = 42;
  const perTenant = Math.ceil(products / TENANTS);
  for (const tenant of benchTenants()) {
    const categories: CommandItem[] = [];
    for (let r = 0; r < 5; r++) {
      categories.push(category(tenant, `c${r}`));
      for (let c = 0; c < 4; c++) categories.push(category(tenant, `c${r}-${c}`, `c${r}`));
    }
    for (let start = 0; start < perTenant; start += 500) {
      const chunk: CatalogChunk = { tenant, categories: start === 0 ? categories : [], products: [], levels: [] };
      for (let n = start; n < Math.min(perTenant, start + 500); n++) {
        const { command, skus } = product(tenant, n);
        chunk.products.push(command);
        for (const sku of skus) if (random() < 0.7) chunk.levels.push({ sku, warehouse: 'main', available: 1 + Math.floor(random() * 20), changes: 1 });
      }
      yield chunk;
    }
  }
}
