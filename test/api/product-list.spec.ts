import { expectOk } from '../support/storefront';
import { TenantTokens, TestSystem } from '../support/test-system';

const usd = (amount: number) => ({ amount, currency: 'USD' });

/** The staff's product list (issue 22): text, category, active and stock filters, sorts, cursor pages from the read model. */
describe('GET /products for staff (DynamoDB Local + the read model)', () => {
  let system: TestSystem;
  let shop: TenantTokens;
  beforeAll(async () => {
    system = await TestSystem.start();
    shop = await system.createTenant('plist');
    const admin = shop.admin();
    await expectOk(system.request('POST', '/categories', { token: admin, body: { code: 'clothing', name: 'Clothing', slug: 'clothing' } }));
    await expectOk(system.request('POST', '/categories', { token: admin, body: { code: 'shirts', name: 'Shirts', slug: 'shirts', parentCode: 'clothing' } }));
    const product = (code: string, name: string, price: number, extra: Record<string, unknown> = {}) =>
      expectOk(system.request('POST', '/products', { token: admin, body: { code, name, sku: `${code}-1`, price: usd(price), ...extra } }));
    await product('TEE', 'Blue tee', 1500, { categoryCodes: ['shirts'], description: 'cotton' });
    await product('POLO', 'polo shirt', 2500, { categoryCodes: ['shirts'] });
    await product('CAP', 'Cap', 900, { categoryCodes: ['clothing'] });
    await product('MUG', 'Mug', 800);
    await product('OLD', 'Old tee', 500, { active: false });
    await system.sync();
    // TEE: 10 units; POLO: 2, below its threshold of 5; CAP, MUG, OLD: none.
    await expectOk(system.request('PATCH', '/inventory/TEE-1', { token: admin, body: { expectedVersion: 0, onHand: 10, reason: 'restock' } }));
    await expectOk(system.request('PATCH', '/inventory/POLO-1', { token: admin, body: { expectedVersion: 0, onHand: 2, lowStockThreshold: 5, reason: 'restock' } }));
    await system.sync();
    // Another shop's product with the same words: never in this shop's list.
    const other = await system.createTenant('plist-other');
    await expectOk(system.request('POST', '/products', { token: other.admin(), body: { code: 'TEE', name: 'Blue tee', sku: 'TEE-1', price: usd(100) } }));
    await system.sync();
    await system.syncReadModel();
  }, 300_000); // a busy shared machine: the setup alone is some 30 requests and three stream drains
  afterAll(() => system.stop());

  const get = (query: string, token = shop.admin()) => system.request('GET', `/products?${query}`, { token });
  const codes = async (query: string) => (await expectOk(get(query))).body.items.map((p: { code: string }) => p.code);

  it('searches by words of the name, description and SKU by prefix, and by code prefix', async () => {
    expect(await codes('q=tee')).toEqual(['TEE', 'OLD']);
    expect(await codes('q=blu%20te')).toEqual(['TEE']);
    expect(await codes('q=cott')).toEqual(['TEE']);
    expect(await codes('q=po')).toEqual(['POLO']);
    expect(await codes('q=mug-1')).toEqual(['MUG']);
  });

  it('filters by category (with its descendants), active and stock', async () => {
    expect(await codes('category=shirts')).toEqual(['TEE', 'POLO']);
    expect(await codes('category=clothing&sort=price')).toEqual(['CAP', 'TEE', 'POLO']);
    expect(await codes('active=false&sort=name')).toEqual(['OLD']);
    expect(await codes('active=true&stock=out')).toEqual(['CAP', 'MUG']);
    expect(await codes('stock=in')).toEqual(['TEE', 'POLO']);
    expect(await codes('stock=low')).toEqual(['POLO']);
  });

  it('sorts by name, price, updatedAt and stock, either way, and returns the products as GET /products/{code} has them', async () => {
    expect(await codes('sort=name')).toEqual(['TEE', 'CAP', 'MUG', 'OLD', 'POLO']);
    expect(await codes('sort=-price')).toEqual(['POLO', 'TEE', 'CAP', 'MUG', 'OLD']);
    expect(await codes('sort=-stock')).toEqual(['TEE', 'POLO', 'OLD', 'MUG', 'CAP']);
    expect(await codes('sort=updatedAt')).toEqual(['TEE', 'POLO', 'CAP', 'MUG', 'OLD']);
    expect(await codes('sort=-updatedAt')).toEqual(['OLD', 'MUG', 'CAP', 'POLO', 'TEE']);
    const [tee] = (await expectOk(get('q=blue'))).body.items;
    const { media: _media, variants, ...attributes } = (await expectOk(system.request('GET', '/products/TEE', { token: shop.admin() }))).body.attributes;
    // The detail adds its images and each variant's stock state (read per variant); a list page carries neither.
    expect(tee.attributes).toEqual({ ...attributes, variants: variants.map(({ stockState: _stock, ...variant }: { stockState: string }) => variant) });
    expect(tee).toMatchObject({ code: 'TEE', name: 'Blue tee', version: 1, attributes: { active: true, variants: [{ sku: 'TEE-1' }] } });
  });

  it('pages with limit and cursor, every product once, and refuses a cursor of another query or shop', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let first: string | undefined;
    do {
      const reply = await expectOk(get(`sort=-price&limit=2${cursor ? `&cursor=${cursor}` : ''}`));
      expect(reply.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...reply.body.items.map((p: { code: string }) => p.code));
      cursor = reply.body.cursor;
      first ??= cursor;
    } while (cursor);
    expect(seen).toEqual(['POLO', 'TEE', 'CAP', 'MUG', 'OLD']);
    expect((await get(`sort=price&limit=2&cursor=${first}`)).body).toMatchObject({ statusCode: 400, fields: [{ field: 'cursor' }] });
    const other = await system.createTenant('plist-third');
    expect((await get(`sort=-price&limit=2&cursor=${first}`, other.admin())).body).toMatchObject({ statusCode: 400, fields: [{ field: 'cursor' }] });
  });

  it("keeps each shop's products to itself", async () => {
    const other = system.request('GET', '/products?q=tee', { token: (await system.createTenant('plist-fourth')).admin() });
    expect((await expectOk(other)).body.items).toEqual([]);
    expect(await codes('q=blue')).toEqual(['TEE']);
  });

  it('refuses a bad sort, stock, category or q with 400 naming each, and staff filters from a shopper', async () => {
    const fields = async (query: string, token?: string) => {
      const reply = await get(query, token);
      expect(reply.status).toBe(400);
      return reply.body.fields.map((f: { field: string }) => f.field).sort();
    };
    expect(await fields('sort=colour&stock=some')).toEqual(['sort', 'stock']);
    expect(await fields('category=Not%20A%20Code')).toEqual(['category']);
    expect(await fields('q=%25%25')).toEqual(['q']);
    expect(await fields('q=tee&sort=name', shop.customer())).toEqual(['q', 'sort']);
  });

  it("keeps today's list without staff filters: code order from the products themselves", async () => {
    expect(await codes('')).toEqual(['CAP', 'MUG', 'OLD', 'POLO', 'TEE']);
    expect(await codes('active=true')).toEqual(['CAP', 'MUG', 'POLO', 'TEE']);
  });
});
