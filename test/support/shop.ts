import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mailDir } from './local-env';
import { TenantTokens, TestSystem } from './test-system';

export const address = { name: 'Ada Lovelace', line1: '1 Main St', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };

/** A product with stock in one warehouse, created the way a tenant admin would. */
export async function stockedProduct(
  system: TestSystem,
  shop: TenantTokens,
  code: string,
  options: { price?: number; onHand?: number; threshold?: number; warehouse?: string } = {},
): Promise<void> {
  const created = await system.request('POST', '/products', {
    token: shop.admin(),
    body: { code, name: `Product ${code}`, sku: `SKU-${code}`, price: { amount: options.price ?? 1000, currency: 'USD' } },
  });
  if (created.status !== 201) throw new Error(`product ${code}: ${JSON.stringify(created.body)}`);
  await system.sync();
  const stock = await system.request('PATCH', `/inventory/${code}`, {
    token: shop.admin(),
    body: { expectedVersion: 0, onHand: options.onHand ?? 10, reason: 'restock', lowStockThreshold: options.threshold ?? 0, ...(options.warehouse ? { warehouse: options.warehouse } : {}) },
  });
  if (stock.status !== 200) throw new Error(`stock ${code}: ${JSON.stringify(stock.body)}`);
}

/** Mails go to the customer token's verified email (TenantTokens.customer gives one). */
export function orderBody(items: { productCode: string; quantity: number }[]) {
  return { items, shippingAddress: address, paymentMethod: 'card' };
}

/** The mails of one tenant as files, by message id. */
export function mailsOf(tenant: string): Map<string, string> {
  const dir = join(mailDir(), tenant);
  let files: string[] = [];
  try {
    files = readdirSync(dir);
  } catch {
    return new Map();
  }
  return new Map(files.map((file) => [file.replace(/\.txt$/, ''), readFileSync(join(dir, file), 'utf8')]));
}

export interface Movement {
  type: string;
  onHandDelta: number;
  reservedDelta: number;
  orderCode?: string;
}

export async function ledger(system: TestSystem, shop: TenantTokens, productCode: string): Promise<Movement[]> {
  const all: Movement[] = [];
  let cursor: string | undefined;
  do {
    const page = await system.request('GET', `/inventory/${productCode}/movements?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: shop.admin() });
    all.push(...page.body.items);
    cursor = page.body.cursor;
  } while (cursor);
  return all;
}

export const sum = (movements: Movement[], field: 'onHandDelta' | 'reservedDelta') => movements.reduce((total, m) => total + m[field], 0);

export async function stockOf(system: TestSystem, shop: TenantTokens, productCode: string) {
  const reply = await system.request('GET', `/inventory/${productCode}`, { token: shop.admin() });
  return reply.body.warehouses[0] as { onHand: number; reserved: number; available: number; version: number };
}
