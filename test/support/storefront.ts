import { Reply, TenantTokens, TestSystem } from './test-system';

/** A German shop selling in EUR, prices including VAT, as a tenant admin would set it up through the API. */
export interface StorefrontShop {
  shop: TenantTokens;
  /** The publishable key for guests. */
  key: string;
}

export const berlin = { name: 'Ada Lovelace', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' };

export async function expectOk(reply: Promise<Reply> | Reply, status = [200, 201]): Promise<Reply> {
  const r = await reply;
  if (!status.includes(r.status)) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

/**
 * Settings (DE, prices include VAT, offline and online methods, hold of `holdSeconds`), VAT 19 %
 * standard and 7 % reduced, one zone (DE, AT) with a method free above 50 EUR, a T-shirt in two
 * sizes (M 20.00, L 22.00) and a book (reduced VAT, 12.00), each SKU stocked `onHand`.
 */
export async function storefrontShop(system: TestSystem, code: string, options: { onHand?: number; holdSeconds?: number } = {}): Promise<StorefrontShop> {
  const shop = await system.createTenant(code, { currency: 'EUR' });
  const admin = shop.admin();
  const post = (path: string, body: unknown) => expectOk(system.request('POST', path, { token: admin, body }));
  await expectOk(
    system.request('PATCH', '/settings', {
      token: admin,
      body: { expectedVersion: 0, country: 'DE', pricesIncludeTax: true, shippingTaxable: true, holdSeconds: options.holdSeconds ?? 900, offlinePaymentMethods: ['manual', 'cash_on_delivery'], onlinePaymentMethods: ['card'] },
    }),
  );
  await post('/tax-rates', { code: 'DE-STD', country: 'DE', taxClass: 'standard', rateBps: 1900, name: 'MwSt 19 %' });
  await post('/tax-rates', { code: 'DE-RED', country: 'DE', taxClass: 'reduced', rateBps: 700, name: 'MwSt 7 %' });
  await post('/tax-rates', { code: 'AT-STD', country: 'AT', taxClass: 'standard', rateBps: 2000, name: 'USt 20 %' });
  await post('/shipping-zones', { code: 'dach', name: 'Germany and Austria', countries: ['DE', 'AT'] });
  await post('/shipping-methods', { code: 'standard', name: 'Standard', zoneCode: 'dach', rate: { kind: 'free_above', amount: 490, freeAbove: 5000 } });
  await post('/products', {
    code: 'TEE',
    name: 'T-shirt',
    price: { amount: 2000, currency: 'EUR' },
    options: [{ name: 'Size', values: ['M', 'L'] }],
    variants: [
      { sku: 'TEE-M', options: { Size: 'M' }, weightGrams: 200 },
      { sku: 'TEE-L', options: { Size: 'L' }, price: { amount: 2200, currency: 'EUR' }, weightGrams: 220 },
    ],
  });
  await post('/products', { code: 'BOOK', name: 'A book', sku: 'BOOK-1', price: { amount: 1200, currency: 'EUR' }, taxClass: 'reduced', weightGrams: 400 });
  for (const sku of ['TEE-M', 'TEE-L', 'BOOK-1']) {
    await expectOk(system.request('PATCH', `/inventory/${sku}`, { token: admin, body: { expectedVersion: 0, onHand: options.onHand ?? 20, reason: 'restock', lowStockThreshold: 0 } }));
  }
  const key = (await post('/publishable-keys', { label: 'web' })).body.key as string;
  await system.sync();
  return { shop, key };
}

/** Calls as a guest: the shop's publishable key, and the cart token once there is one. */
export function guest(system: TestSystem, key: string, cartToken?: string) {
  const headers = { 'x-publishable-key': key, ...(cartToken ? { 'x-cart-token': cartToken } : {}) };
  return (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => system.request(method, path, { headers: { ...headers, ...extra }, body });
}

/** A customer's calls (JWT), with a guest cart's token when given. */
export function customer(system: TestSystem, token: string, cartToken?: string) {
  return (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) =>
    system.request(method, path, { token, headers: { ...(cartToken ? { 'x-cart-token': cartToken } : {}), ...extra }, body });
}

export type Caller = ReturnType<typeof guest>;

/** A guest cart filled and ready to complete: lines, email, address, shipping method, coupons. */
export async function readyGuestCart(
  system: TestSystem,
  key: string,
  lines: { sku: string; quantity: number }[],
  options: { email?: string; coupons?: string[] } = {},
): Promise<{ id: string; token: string; version: number; call: Caller; cart: any }> {
  const created = await expectOk(guest(system, key)('POST', '/carts'));
  const { id, cartToken } = created.body;
  const call = guest(system, key, cartToken);
  for (const line of lines) await expectOk(call('POST', `/carts/${id}/lines`, line));
  await expectOk(call('PUT', `/carts/${id}/email`, { email: options.email ?? 'guest@example.com' }));
  await expectOk(call('PUT', `/carts/${id}/addresses`, { shippingAddress: berlin }));
  let cart = (await expectOk(call('PUT', `/carts/${id}/shipping-method`, { methodCode: 'standard' }))).body;
  for (const code of options.coupons ?? []) cart = (await expectOk(call('POST', `/carts/${id}/coupons`, { code }))).body;
  return { id, token: cartToken, version: cart.version, call, cart };
}

export async function stockLevel(system: TestSystem, shop: TenantTokens, sku: string): Promise<{ onHand: number; reserved: number; available: number }> {
  const reply = await expectOk(system.request('GET', `/inventory/${sku}`, { token: shop.admin() }));
  const all: { onHand: number; reserved: number; available: number }[] = reply.body.warehouses;
  return all.reduce((s: any, l: any) => ({ onHand: s.onHand + l.onHand, reserved: s.reserved + l.reserved, available: s.available + l.available }), { onHand: 0, reserved: 0, available: 0 });
}

/** An admin takes `units` off the SKU's on-hand in the main warehouse (sold elsewhere, counted short). */
export async function takeStock(system: TestSystem, shop: TenantTokens, sku: string, units: number): Promise<void> {
  const levels = await expectOk(system.request('GET', `/inventory/${sku}`, { token: shop.admin() }));
  const main = levels.body.warehouses.find((l: { warehouse: string }) => l.warehouse === 'main');
  await expectOk(system.request('PATCH', `/inventory/${sku}`, { token: shop.admin(), body: { expectedVersion: main.version, adjustBy: -units, reason: 'correction' } }));
}
