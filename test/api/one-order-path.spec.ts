import { SYSTEM_TENANT } from '../../src/core/tenant-context';
import { tokenFor } from '../support/auth';
import { commandCount } from '../support/commands';
import { stockedProduct } from '../support/shop';
import { customer, expectOk } from '../support/storefront';
import { Reply, TenantTokens, TestSystem } from '../support/test-system';

const sanFrancisco = { name: 'Grace Hopper', line1: '1 Market St', city: 'San Francisco', postalCode: '94105', country: 'US', region: 'CA' };
const FIGURES = ['subtotal', 'discount', 'shipping', 'tax', 'total'] as const;

/**
 * Issue 19 item 2: one order-creation path. The same lines cost the same, meet the same limits
 * and are refused the same way (status and reason) whether they come as `POST /orders` or as a
 * cart completed, in shops set up with tax rates by region, shipping methods, a percentage
 * coupon and a lowered limit.
 */
describe('one order path: POST /orders and cart completion price, limit and refuse alike (DynamoDB Local + real stream handlers)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  /** A US shop: 7.25 % in California, 4 % elsewhere in the US, two methods (ground 5.00, express 15.00), P1 19.99 and P2 35.00. */
  const usShop = async (code: string): Promise<TenantTokens> => {
    const shop = await system.createTenant(code);
    const post = (path: string, body: unknown) => expectOk(system.request('POST', path, { token: shop.admin(), body }));
    await post('/tax-rates', { code: 'US-CA', country: 'US', region: 'CA', taxClass: 'standard', rateBps: 725, name: 'California 7.25 %' });
    await post('/tax-rates', { code: 'US', country: 'US', taxClass: 'standard', rateBps: 400, name: 'US 4 %' });
    await post('/shipping-zones', { code: 'us', name: 'United States', countries: ['US'] });
    await post('/shipping-methods', { code: 'express', name: 'Express', zoneCode: 'us', rate: { kind: 'flat', amount: 1500 } });
    await post('/shipping-methods', { code: 'ground', name: 'Ground', zoneCode: 'us', rate: { kind: 'flat', amount: 500 } });
    await stockedProduct(system, shop, 'P1', { price: 1999, onHand: 50 });
    await stockedProduct(system, shop, 'P2', { price: 3500, onHand: 50 });
    await system.sync();
    return shop;
  };

  type Line = { productCode: string; quantity: number; expectedUnitPrice?: { amount: number; currency: string } };
  const sku = (line: Line) => `SKU-${line.productCode}`;

  /** A customer's cart with these lines, the address, a method and coupons, ready to complete. */
  const readyCart = async (shop: TenantTokens, buyer: string, lines: Line[], options: { method?: string; coupons?: string[] } = {}) => {
    const call = customer(system, shop.customer(buyer));
    const id = (await expectOk(call('POST', '/carts'))).body.id as string;
    for (const line of lines) await expectOk(call('POST', `/carts/${id}/lines`, { sku: sku(line), quantity: line.quantity }));
    await expectOk(call('PUT', `/carts/${id}/addresses`, { shippingAddress: sanFrancisco }));
    let cart = (await expectOk(call('PUT', `/carts/${id}/shipping-method`, { methodCode: options.method ?? 'ground' }))).body;
    for (const code of options.coupons ?? []) cart = (await expectOk(call('POST', `/carts/${id}/coupons`, { code }))).body;
    return { complete: () => call('POST', `/carts/${id}/complete`, { expectedVersion: cart.version, paymentMethod: 'manual' }) };
  };

  const postOrder = (shop: TenantTokens, buyer: string, lines: Line[], extra: Record<string, unknown> = {}) =>
    system.request('POST', '/orders', { token: shop.customer(buyer), body: { items: lines, shippingAddress: sanFrancisco, paymentMethod: 'card', ...extra } });

  const figures = (order: Reply) => Object.fromEntries(FIGURES.map((f) => [f, order.body.attributes[f]]));
  const lineFigures = (order: Reply) =>
    order.body.attributes.items.map((l: Record<string, unknown>) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, lineTotal: l.lineTotal, discount: l.discount, tax: l.tax, taxRule: l.taxRule, total: l.total }));
  const refusal = (reply: Reply) => ({ status: reply.status, reason: reply.body.reason, problems: (reply.body.fields ?? []).map((f: { problem: string }) => f.problem) });

  /** Both ways, then: the same figures, line by line and in total. */
  const sameBothWays = async (shop: TenantTokens, tag: string, lines: Line[], options: { method?: string; coupons?: string[] }, body: Record<string, unknown>) => {
    const cart = await readyCart(shop, `${tag}-cart`, lines, options);
    const viaCart = await expectOk(cart.complete());
    const viaPost = await expectOk(postOrder(shop, `${tag}-post`, lines, body));
    expect(figures(viaPost)).toEqual(figures(viaCart));
    expect(lineFigures(viaPost)).toEqual(lineFigures(viaCart));
    expect(viaPost.body.attributes.checkout).toMatchObject({ coupons: viaCart.body.attributes.checkout.coupons, rules: viaCart.body.attributes.checkout.rules, shippingMethod: viaCart.body.attributes.checkout.shippingMethod });
    return { viaCart, viaPost };
  };

  it('taxes by the region of the address and charges the cheapest method when POST /orders names none', async () => {
    const shop = await usShop('one-path-tax');
    const lines = [
      { productCode: 'P1', quantity: 2 },
      { productCode: 'P2', quantity: 1 },
    ];
    const { viaPost } = await sameBothWays(shop, 'tax', lines, { method: 'ground' }, {});
    // 2 x 19.99 + 35.00 = 74.98; California 7.25 % per line, half up: 2.90 + 2.54; ground 5.00.
    expect(figures(viaPost)).toEqual({
      subtotal: { amount: 7498, currency: 'USD' },
      discount: { amount: 0, currency: 'USD' },
      shipping: { amount: 500, currency: 'USD' },
      tax: { amount: 544, currency: 'USD' },
      total: { amount: 8542, currency: 'USD' },
    });
    expect(viaPost.body.attributes.checkout).toMatchObject({ rules: { tax: ['US-CA'] }, shippingMethod: { code: 'ground' }, paymentKind: 'offline', offlineKind: 'on_delivery' });
    expect(viaPost.body.attributes.checkout.cartId).toBeUndefined();
    await system.sync();
    // A POST /orders order is confirmed once its stock is held, whatever it was priced with.
    expect((await system.request('GET', `/orders/${viaPost.body.code}`, { token: shop.customer('tax-post') })).body.attributes.status).toBe('confirmed');
  });

  it('charges the shipping method chosen, and refuses one that does not serve the address alike', async () => {
    const shop = await usShop('one-path-ship');
    const lines = [{ productCode: 'P2', quantity: 3 }];
    const { viaPost } = await sameBothWays(shop, 'ship', lines, { method: 'express' }, { shippingMethodCode: 'express' });
    expect(viaPost.body.attributes.shipping).toEqual({ amount: 1500, currency: 'USD' });

    const unknown = await postOrder(shop, 'ship-post', lines, { shippingMethodCode: 'teleport' });
    expect(unknown).toMatchObject({ status: 409, body: { field: 'shippingMethod' } });
    // Named none, and none serves the address: none charged (a seed 001 body keeps working).
    const tokyo = { name: 'Ada', line1: '1 Main St', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };
    const abroad = await expectOk(system.request('POST', '/orders', { token: shop.customer('ship-abroad'), body: { items: lines, shippingAddress: tokyo, paymentMethod: 'card' } }));
    expect(abroad.body.attributes).toMatchObject({ shipping: { amount: 0, currency: 'USD' }, tax: { amount: 0, currency: 'USD' }, total: { amount: 10500, currency: 'USD' } });
    expect(abroad.body.attributes.checkout.shippingMethod).toBeUndefined();
    await system.sync();
  });

  it('takes a percentage coupon off the same lines both ways, and redeems it with the stock', async () => {
    const shop = await usShop('one-path-coupon');
    await expectOk(system.request('POST', '/coupons', { token: shop.admin(), body: { code: 'SAVE15', kind: 'percentage', value: 1500, currency: 'USD', usageLimit: 2 } }));
    const lines = [
      { productCode: 'P1', quantity: 1 },
      { productCode: 'P2', quantity: 2 },
    ];
    const { viaCart, viaPost } = await sameBothWays(shop, 'coupon', lines, { coupons: ['SAVE15'] }, { couponCodes: ['save15'] });
    // 15 % of 19.99 and of 70.00, half up per line: 3.00 + 10.50.
    expect(viaPost.body.attributes.discount).toEqual({ amount: 1350, currency: 'USD' });
    expect(viaPost.body.attributes.checkout.coupons).toEqual([{ code: 'SAVE15', kind: 'percentage', amount: { amount: 1350, currency: 'USD' } }]);
    await system.sync();
    for (const [order, buyer] of [
      [viaCart, 'coupon-cart'],
      [viaPost, 'coupon-post'],
    ] as const) {
      expect((await system.request('GET', `/orders/${order.body.code}`, { token: shop.customer(buyer) })).body.attributes.status).toBe('confirmed');
    }
    // Both orders redeemed it with their stock: its two uses are gone, on either path.
    const third = await postOrder(shop, 'coupon-third', lines, { couponCodes: ['SAVE15'] });
    expect(refusal(third)).toEqual({ status: 409, reason: 'coupon_unavailable', problems: [] });
    expect(third.body.coupons).toEqual([{ code: 'SAVE15', reason: 'exhausted', message: 'coupon SAVE15 has been used 2 times, its limit' }]);
  });

  it('refuses lines over a lowered maxOrderUnits the same way, and writes no order', async () => {
    const shop = await usShop('one-path-limits');
    const lines = [
      { productCode: 'P1', quantity: 2 },
      { productCode: 'P2', quantity: 2 },
    ];
    const cart = await readyCart(shop, 'limits-cart', lines);
    const sysadmin = tokenFor(SYSTEM_TENANT, 'system-admin');
    const tenant = await expectOk(system.request('GET', '/tenants/one-path-limits', { token: sysadmin }));
    await expectOk(system.request('PATCH', '/tenants/one-path-limits', { token: sysadmin, body: { expectedVersion: tenant.body.version, limits: { maxOrderUnits: 3 } } }));

    const viaCart = await cart.complete();
    const viaPost = await postOrder(shop, 'limits-post', lines);
    expect(refusal(viaCart)).toEqual({ status: 400, reason: undefined, problems: ['the order holds 4 units; at most 3 per order (maxOrderUnits)'] });
    expect(refusal(viaPost)).toEqual(refusal(viaCart));
    expect([viaCart.body.fields[0].field, viaPost.body.fields[0].field]).toEqual(['lines', 'items']);
    expect(await commandCount('one-path-limits', 'ORDER#')).toBe(0);
  });

  it('refuses alike a product no longer for sale, a coupon no longer usable and a price changed since it was seen', async () => {
    const shop = await usShop('one-path-refusals');
    const admin = shop.admin();
    await expectOk(system.request('POST', '/coupons', { token: admin, body: { code: 'GONE10', kind: 'percentage', value: 1000, currency: 'USD' } }));
    const one = [{ productCode: 'P1', quantity: 1 }];
    const both = [...one, { productCode: 'P2', quantity: 1 }];

    // P2 deactivated after it went into the cart.
    const inactiveCart = await readyCart(shop, 'inactive-cart', both);
    await expectOk(system.request('PATCH', '/products/P2', { token: admin, body: { expectedVersion: 1, active: false } }));
    const inactive = [await inactiveCart.complete(), await postOrder(shop, 'inactive-post', both)];
    expect(inactive.map(refusal)).toEqual([
      { status: 400, reason: undefined, problems: ['no longer for sale: SKU-P2'] },
      { status: 400, reason: undefined, problems: ['no longer for sale: SKU-P2'] },
    ]);

    // The coupon retired after it went onto the cart.
    const couponCart = await readyCart(shop, 'coupon-cart', one, { coupons: ['GONE10'] });
    await expectOk(system.request('DELETE', '/coupons/GONE10', { token: admin }));
    const coupon = [await couponCart.complete(), await postOrder(shop, 'coupon-post', one, { couponCodes: ['GONE10'] })];
    expect(coupon.map(refusal)).toEqual([
      { status: 409, reason: 'coupon_unavailable', problems: [] },
      { status: 409, reason: 'coupon_unavailable', problems: [] },
    ]);
    expect(coupon.map((r) => r.body.coupons)).toEqual([
      [{ code: 'GONE10', reason: 'inactive', message: 'coupon GONE10 is not active' }],
      [{ code: 'GONE10', reason: 'inactive', message: 'coupon GONE10 is not active' }],
    ]);

    // P1's price moved after the shopper saw 19.99.
    const pricedCart = await readyCart(shop, 'price-cart', one);
    await expectOk(system.request('PATCH', '/products/P1', { token: admin, body: { expectedVersion: 1, price: { amount: 2499, currency: 'USD' } } }));
    const price = [await pricedCart.complete(), await postOrder(shop, 'price-post', [{ ...one[0], expectedUnitPrice: { amount: 1999, currency: 'USD' } }])];
    expect(price.map(refusal)).toEqual([
      { status: 409, reason: 'prices_changed', problems: [] },
      { status: 409, reason: 'prices_changed', problems: [] },
    ]);
    expect(await commandCount('one-path-refusals', 'ORDER#')).toBe(0);
    await system.sync();
  });
});
