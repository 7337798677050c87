import { SYSTEM_TENANT } from '../../src/core/tenant-context';
import { tokenFor } from '../support/auth';
import { commandCount } from '../support/commands';
import { orderBody, stockedProduct } from '../support/shop';
import { expectOk, guest, readyGuestCart, storefrontShop } from '../support/storefront';
import { TestSystem } from '../support/test-system';

/**
 * Issue 18 finding 4: a shop's order limits (`maxLineQuantity` 100, `maxOrderUnits` 500, 25
 * lines) hold on every path that makes an order: where a cart line is added or changed, again
 * when the cart is completed, and on POST /orders, by one function (order/order-limits.ts).
 */
describe('order limits on the cart, the checkout and POST /orders (DynamoDB Local + real stream handler)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  /** The storefront shop plus three mugs: six SKUs a guest can put 100 units each of. */
  const sixSkuShop = async (code: string) => {
    const { shop, key } = await storefrontShop(system, code, { onHand: 1000 });
    for (const n of [1, 2, 3]) {
      await expectOk(system.request('POST', '/products', { token: shop.admin(), body: { code: `MUG${n}`, name: `Mug ${n}`, sku: `MUG-${n}`, price: { amount: 500, currency: 'EUR' }, weightGrams: 300 } }));
    }
    return { shop, key };
  };
  const setLimits = async (tenant: string, limits: Record<string, number>) => {
    const sysadmin = tokenFor(SYSTEM_TENANT, 'system-admin');
    const current = await expectOk(system.request('GET', `/tenants/${tenant}`, { token: sysadmin }));
    await expectOk(system.request('PATCH', `/tenants/${tenant}`, { token: sysadmin, body: { expectedVersion: current.body.version, limits } }));
  };

  it('refuses a cart line over maxLineQuantity, added or changed, with 400 naming the field and the limit, and writes nothing', async () => {
    const { key } = await sixSkuShop('limits-line');
    const opened = await expectOk(guest(system, key)('POST', '/carts'));
    const call = guest(system, key, opened.body.cartToken);
    const id = opened.body.id;
    const over = await call('POST', `/carts/${id}/lines`, { sku: 'TEE-M', quantity: 101 });
    expect(over).toMatchObject({ status: 400, body: { fields: [{ field: 'quantity', problem: expect.stringContaining('(maxLineQuantity)') }] } });
    const added = await expectOk(call('POST', `/carts/${id}/lines`, { sku: 'TEE-M', quantity: 60 }));
    // 60 + 41 on the same line is over, too.
    expect((await call('POST', `/carts/${id}/lines`, { sku: 'TEE-M', quantity: 41 })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'quantity', problem: expect.stringContaining('holds 101 units; at most 100 (maxLineQuantity)') }] });
    const lineId = added.body.lines[0].lineId;
    expect((await call('PATCH', `/carts/${id}/lines/${lineId}`, { quantity: 101 })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'quantity', problem: expect.stringContaining('(maxLineQuantity)') }] });
    const cart = await expectOk(call('GET', `/carts/${id}`));
    expect([cart.body.version, cart.body.lines.map((l: { quantity: number }) => l.quantity)]).toEqual([added.body.version, [60]]);
  });

  it('refuses, where the line is added, lines that together hold more than maxOrderUnits (6 x 100 units)', async () => {
    const { key } = await sixSkuShop('limits-units');
    const opened = await expectOk(guest(system, key)('POST', '/carts'));
    const call = guest(system, key, opened.body.cartToken);
    const id = opened.body.id;
    for (const sku of ['TEE-M', 'TEE-L', 'BOOK-1', 'MUG-1', 'MUG-2']) await expectOk(call('POST', `/carts/${id}/lines`, { sku, quantity: 100 }));
    const sixth = await call('POST', `/carts/${id}/lines`, { sku: 'MUG-3', quantity: 100 });
    expect(sixth).toMatchObject({ status: 400, body: { fields: [{ field: 'quantity', problem: 'the order holds 600 units; at most 500 per order (maxOrderUnits)' }] } });
    // One more unit on a line already there is refused the same way.
    const lines = (await expectOk(call('GET', `/carts/${id}`))).body.lines;
    expect((await call('PATCH', `/carts/${id}/lines/${lines[0].lineId}`, { quantity: 101 })).status).toBe(400);
    expect((await call('POST', `/carts/${id}/lines`, { sku: 'MUG-3', quantity: 1 })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'quantity', problem: expect.stringContaining('(maxOrderUnits)') }] });
    const cart = await expectOk(call('GET', `/carts/${id}`));
    expect(cart.body.lines.reduce((sum: number, l: { quantity: number }) => sum + l.quantity, 0)).toBe(500);
  });

  it('refuses a 26th cart line (an order holds at most 25: one reservation transaction) with 400 naming the sku, below maxCartLines (50)', async () => {
    const { shop, key } = await sixSkuShop('limits-lines');
    const sizes = ['1', '2', '3', '4', '5', '6'];
    const colors = ['a', 'b', 'c', 'd', 'e'];
    const variants = sizes.flatMap((size) => colors.map((color) => ({ sku: `SOCK-${size}${color}`, options: { Size: size, Color: color } })));
    await expectOk(system.request('POST', '/products', { token: shop.admin(), body: { code: 'SOCK', name: 'Socks', price: { amount: 300, currency: 'EUR' }, options: [{ name: 'Size', values: sizes }, { name: 'Color', values: colors }], variants } }));
    const opened = await expectOk(guest(system, key)('POST', '/carts'));
    const call = guest(system, key, opened.body.cartToken);
    for (const variant of variants.slice(0, 25)) await expectOk(call('POST', `/carts/${opened.body.id}/lines`, { sku: variant.sku, quantity: 1 }));
    const twentySixth = await call('POST', `/carts/${opened.body.id}/lines`, { sku: variants[25].sku, quantity: 1 });
    expect(twentySixth).toMatchObject({ status: 400, body: { fields: [{ field: 'sku', problem: 'the order has 26 lines; at most 25 per order' }] } });
  });

  it('refuses at completion a cart the lowered limits no longer allow (400 naming the line and the limit): no order, no number taken; within them it completes', async () => {
    const { shop, key } = await sixSkuShop('limits-lowered');
    const cart = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 60 }, { sku: 'BOOK-1', quantity: 30 }]);
    await setLimits('limits-lowered', { maxLineQuantity: 50, maxOrderUnits: 80 });
    const refused = await cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: 'manual' });
    const teeLine = cart.cart.lines.find((l: { sku: string }) => l.sku === 'TEE-M').lineId;
    expect(refused).toMatchObject({ status: 400 });
    expect(refused.body.fields).toEqual([
      { field: `lines.${teeLine}.quantity`, problem: 'the line holds 60 units; at most 50 (maxLineQuantity)' },
      { field: 'lines', problem: 'the order holds 90 units; at most 80 per order (maxOrderUnits)' },
    ]);
    expect(await commandCount('limits-lowered', 'ORDER#')).toBe(0);
    expect((await cart.call('GET', `/carts/${cart.id}`)).body.status).toBe('active');

    // The shopper brings the line within the limits: the cart completes, as order number 1.
    const changed = await expectOk(cart.call('PATCH', `/carts/${cart.id}/lines/${teeLine}`, { quantity: 50 }));
    expect(changed.body.lines.map((l: { quantity: number }) => l.quantity)).toEqual([50, 30]);
    await setLimits('limits-lowered', { maxOrderUnits: 80 });
    const done = await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: changed.body.version, paymentMethod: 'manual' }));
    expect(done.body.code).toBe('ORD-000001');
    await system.sync();
    expect((await system.request('GET', '/orders/ORD-000001', { token: shop.admin() })).body.attributes.status).toBe('confirmed');
  });

  it('POST /orders refuses the same: a line over maxLineQuantity, lines over maxOrderUnits, lowered limits, more than 25 lines', async () => {
    const shop = await system.createTenant('limits-orders');
    for (const code of ['A', 'B', 'C', 'D', 'E', 'F']) await stockedProduct(system, shop, code, { onHand: 1000 });
    const buyer = shop.customer('buyer');
    const place = (items: { productCode: string; quantity: number }[]) => system.request('POST', '/orders', { token: buyer, body: orderBody(items) });
    expect((await place([{ productCode: 'A', quantity: 101 }])).body).toMatchObject({ statusCode: 400, fields: [{ field: 'items.0.quantity', problem: 'the line holds 101 units; at most 100 (maxLineQuantity)' }] });
    const six = ['A', 'B', 'C', 'D', 'E', 'F'].map((productCode) => ({ productCode, quantity: 100 }));
    expect((await place(six)).body).toMatchObject({ statusCode: 400, fields: [{ field: 'items', problem: 'the order holds 600 units; at most 500 per order (maxOrderUnits)' }] });
    expect((await place(Array.from({ length: 26 }, () => ({ productCode: 'A', quantity: 1 })))).body).toMatchObject({ statusCode: 400, fields: [{ field: 'items', problem: 'must have at most 25 lines' }] });
    await setLimits('limits-orders', { maxLineQuantity: 10 });
    expect((await place([{ productCode: 'A', quantity: 11 }])).body).toMatchObject({ statusCode: 400, fields: [{ field: 'items.0.quantity', problem: expect.stringContaining('at most 10 (maxLineQuantity)') }] });
    expect(await commandCount('limits-orders', 'ORDER#')).toBe(0);
    expect((await place([{ productCode: 'A', quantity: 10 }])).status).toBe(201);
    await system.sync();
  });
});
