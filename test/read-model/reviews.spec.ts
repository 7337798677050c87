import { TestSystem, TenantTokens } from '../support/test-system';
import { orderBody, stockedProduct } from '../support/shop';
import { expectOk } from '../support/storefront';

/**
 * Reviews: once per customer and product, only after a delivered order containing it; admins
 * hide and show; reads carry average, count and distribution of the visible ones.
 */
describe('product reviews', () => {
  let system: TestSystem;
  let shop: TenantTokens;
  let key: string;
  const buyer = () => shop.customer('reviewer', 'reviewer@example.com');

  beforeAll(async () => {
    system = await TestSystem.start();
    shop = await system.createTenant('reviewshop');
    await stockedProduct(system, shop, 'LAMP');
    await stockedProduct(system, shop, 'RUG');
    key = (await expectOk(system.request('POST', '/publishable-keys', { token: shop.admin(), body: { label: 'web' } }))).body.key;
    await expectOk(system.request('POST', '/orders', { token: buyer(), body: orderBody([{ productCode: 'LAMP', quantity: 1 }]) }));
    await system.syncReadModel();
  });
  afterAll(() => system.stop());

  const review = (token: string, product = 'LAMP', body: Record<string, unknown> = { rating: 4, title: 'Bright', body: 'Lights the desk.' }) =>
    system.request('POST', `/products/${product}/reviews`, { token, body });
  const reviews = (headers: Record<string, string> = { 'x-publishable-key': key }, token?: string) => system.request('GET', '/products/LAMP/reviews', { headers, ...(token ? { token } : {}) });

  it('refuses a review before the order is delivered, and of a product the customer did not buy', async () => {
    expect(await review(buyer())).toMatchObject({ status: 409, body: { limit: 'delivered_order' } });
    const admin = shop.admin();
    const order = (await expectOk(system.request('GET', '/orders', { token: admin }))).body.items[0];
    await expectOk(system.request('PATCH', `/orders/${order.code}/status`, { token: admin, body: { status: 'processing', expectedVersion: 2 } }));
    await expectOk(system.request('PATCH', `/orders/${order.code}/status`, { token: admin, body: { status: 'shipped', expectedVersion: 3, trackingNumber: 'TRK-1' } }));
    await expectOk(system.request('PATCH', `/orders/${order.code}/status`, { token: admin, body: { status: 'delivered', expectedVersion: 4 } }));
    await system.syncReadModel();
    expect(await review(buyer(), 'RUG')).toMatchObject({ status: 409, body: { limit: 'delivered_order' } });
    expect(await review(shop.customer('someone-else'))).toMatchObject({ status: 409 });
  });

  it('takes one review per customer and product, and refuses bad input naming the field', async () => {
    const first = await review(buyer());
    expect(first).toMatchObject({ status: 201, body: { version: 1, attributes: { productCode: 'LAMP', rating: 4, hidden: false } } });
    expect((await review(buyer())).status).toBe(409);
    const bad = await review(buyer(), 'LAMP', { rating: 6, title: '', body: 'x', stars: 5 });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['rating', 'stars', 'title']);
    expect((await system.request('POST', '/products/LAMP/reviews', { headers: { 'x-publishable-key': key }, body: { rating: 5, title: 't', body: 'b' } })).status).toBe(403);
    await system.syncReadModel();
  });

  it('shows the average, count and distribution; a hidden review leaves both the list and the rating', async () => {
    const shown = await expectOk(reviews());
    expect(shown.body.summary).toEqual({ average: 4, count: 1, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } });
    expect(shown.body.items).toEqual([expect.objectContaining({ rating: 4, title: 'Bright', body: 'Lights the desk.' })]);
    expect(shown.body.items[0].hidden).toBeUndefined();
    const hit = (await expectOk(system.request('GET', '/search/products?q=lamp', { headers: { 'x-publishable-key': key } }))).body.items[0];
    expect(hit).toMatchObject({ code: 'LAMP', reviews: { average: 4, count: 1, distribution: { '4': 1, '5': 0 } } });

    const code = shown.body.items[0].code;
    await expectOk(system.request('PATCH', `/reviews/${code}`, { token: shop.admin(), body: { expectedVersion: 1, hidden: true } }));
    expect((await system.request('PATCH', `/reviews/${code}`, { token: buyer(), body: { expectedVersion: 2, hidden: false } })).status).toBe(403);
    await system.syncReadModel();
    const hidden = await expectOk(reviews());
    expect(hidden.body).toEqual({ summary: { average: null, count: 0, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } }, items: [] });
    expect((await expectOk(system.request('GET', '/search/products?q=lamp', { headers: { 'x-publishable-key': key } }))).body.items[0].reviews).toMatchObject({ average: null, count: 0 });
    const asAdmin = await expectOk(reviews({}, shop.admin()));
    expect(asAdmin.body.items).toEqual([expect.objectContaining({ code, hidden: true, version: 2 })]);
  });

  it('is fenced by tenant: another shop has no such product and sees no reviews', async () => {
    const other = await system.createTenant('othershop2');
    await stockedProduct(system, other, 'LAMP');
    await system.syncReadModel();
    const theirs = await expectOk(system.request('GET', '/products/LAMP/reviews', { token: other.customer() }));
    expect(theirs.body.summary.count).toBe(0);
    expect(theirs.body.items).toEqual([]);
  });
});
