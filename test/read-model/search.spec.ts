import { TestSystem } from '../support/test-system';
import { expectOk, guest, storefrontShop } from '../support/storefront';

/**
 * GET /search/products over the read model, fed by its own stream consumer: text with
 * prefixes and typos, filters, sorts, disjunctive facets, cursor pages, tenant fence, bad input.
 */
describe('catalog search', () => {
  let system: TestSystem;
  let key: string;
  let admin: string;
  let otherKey: string;

  beforeAll(async () => {
    system = await TestSystem.start();
    const shop = await storefrontShop(system, 'searchshop', { onHand: 5 });
    key = shop.key;
    admin = shop.shop.admin();
    const post = (path: string, body: unknown) => expectOk(system.request('POST', path, { token: admin, body }));
    await post('/categories', { code: 'clothing', name: 'Clothing', slug: 'clothing' });
    await post('/categories', { code: 'tops', name: 'Tops', slug: 'tops', parentCode: 'clothing' });
    await post('/categories', { code: 'books', name: 'Books', slug: 'books' });
    await post('/products', {
      code: 'HOODIE',
      name: 'Zip hoodie',
      description: 'Warm cotton hoodie with a zip',
      price: { amount: 4500, currency: 'EUR' },
      categoryCodes: ['tops'],
      options: [{ name: 'Size', values: ['M', 'L'] }, { name: 'Color', values: ['Red', 'Blue'] }],
      variants: [
        { sku: 'HOOD-M-RED', options: { Size: 'M', Color: 'Red' } },
        { sku: 'HOOD-L-BLUE', options: { Size: 'L', Color: 'Blue' }, price: { amount: 4900, currency: 'EUR' } },
      ],
    });
    await post('/products', {
      code: 'SCARF',
      name: 'Wool scarf',
      description: 'A long scarf',
      price: { amount: 1500, currency: 'EUR' },
      categoryCodes: ['clothing'],
      options: [{ name: 'Color', values: ['Red'] }],
      variants: [{ sku: 'SCARF-RED', options: { Color: 'Red' } }],
    });
    await post('/products', { code: 'HIDDEN', name: 'Hidden shirt', sku: 'HIDDEN-1', price: { amount: 999, currency: 'EUR' }, active: false });
    await expectOk(system.request('PATCH', '/inventory/HOOD-M-RED', { token: admin, body: { expectedVersion: 0, onHand: 3, reason: 'restock' } }));
    // A second shop with a product of the same name: never in the first shop's answers.
    const other = await storefrontShop(system, 'othershop');
    otherKey = other.key;
    await expectOk(system.request('POST', '/products', { token: other.shop.admin(), body: { code: 'HOODIE', name: 'Zip hoodie', sku: 'O-HOOD', price: { amount: 100, currency: 'EUR' } } }));
    await system.syncReadModel();
  });

  afterAll(() => system.stop());

  const search = (query: string, as = key) => guest(system, as)('GET', `/search/products${query}`);
  const codes = (reply: { body: { items: { code: string }[] } }) => reply.body.items.map((i) => i.code);

  it('finds by words, prefixes, SKUs and option values, with a typo, only active products of the caller\'s shop', async () => {
    expect(codes(await expectOk(search('?q=hood')))).toEqual(['HOODIE']);
    expect(codes(await expectOk(search('?q=hood-l-blue')))).toEqual(['HOODIE']);
    expect(codes(await expectOk(search('?q=hoddie')))).toEqual(['HOODIE']);
    expect(codes(await expectOk(search('?q=blue')))).toEqual(['HOODIE']);
    expect(codes(await expectOk(search('?q=shirt')))).toEqual(['TEE']);
    const all = await expectOk(search('?sort=name&limit=100'));
    expect(codes(all)).toEqual(['BOOK', 'TEE', 'SCARF', 'HOODIE']);
    expect(codes(await expectOk(search('?q=hood', otherKey)))).toEqual(['HOODIE']);
    expect((await expectOk(search('?q=hood', otherKey))).body.items[0].price).toEqual({ amount: 100, currency: 'EUR' });
  });

  it('filters by category with its descendants, price, options and stock, and counts facets without their own filter', async () => {
    const clothing = await expectOk(search('?category=clothing&sort=price_asc'));
    expect(codes(clothing)).toEqual(['SCARF', 'HOODIE']);
    expect(codes(await expectOk(search('?category=tops')))).toEqual(['HOODIE']);
    expect(codes(await expectOk(search('?minPrice=1500&maxPrice=4500&sort=price_desc')))).toEqual(['HOODIE', 'TEE', 'SCARF']);
    expect(codes(await expectOk(search('?option.color=red&sort=name')))).toEqual(['SCARF', 'HOODIE']);
    expect(codes(await expectOk(search('?option.color=red&option.size=L')))).toEqual(['HOODIE']);
    const red = await expectOk(search('?option.color=red&inStock=true&sort=name'));
    expect(codes(red)).toEqual(['HOODIE']);
    // Disjunctive: the colour facet ignores the colour filter, availability ignores inStock.
    const color = red.body.facets.options.find((o: { name: string }) => o.name === 'Color');
    expect(color.values).toEqual(expect.arrayContaining([{ value: 'Red', count: 1 }, { value: 'Blue', count: 1 }]));
    expect(red.body.facets.availability).toEqual({ inStock: 1, outOfStock: 1 });
    const facets = (await expectOk(search('?limit=1'))).body.facets;
    expect(facets.categories).toEqual(expect.arrayContaining([
      { code: 'clothing', name: 'Clothing', slug: 'clothing', count: 2 },
      { code: 'tops', name: 'Tops', slug: 'tops', count: 1 },
    ]));
    expect(facets.price.find((b: { min: number }) => b.min === 1000).count).toBe(3);
    expect(facets.availability).toEqual({ inStock: 3, outOfStock: 1 });
  });

  it("tells each active variant's stock state, as the product read does: in_stock, low under the threshold, out_of_stock", async () => {
    const hoodie = async () => (await expectOk(search('?q=hood'))).body.items[0].variants;
    expect(await hoodie()).toEqual([
      { sku: 'HOOD-L-BLUE', stockState: 'out_of_stock', image: null },
      { sku: 'HOOD-M-RED', stockState: 'in_stock', image: null },
    ]);
    await expectOk(system.request('PATCH', '/inventory/HOOD-M-RED', { token: admin, body: { expectedVersion: 1, adjustBy: 0, lowStockThreshold: 5, reason: 'count' } }));
    await system.syncReadModel();
    expect(await hoodie()).toEqual([
      { sku: 'HOOD-L-BLUE', stockState: 'out_of_stock', image: null },
      { sku: 'HOOD-M-RED', stockState: 'low', image: null },
    ]);
    const detail = await guest(system, key)('GET', '/products/HOODIE');
    expect(detail.body.attributes.variants.map((v: { sku: string; stockState: string }) => [v.sku, v.stockState]).sort()).toEqual([['HOOD-L-BLUE', 'out_of_stock'], ['HOOD-M-RED', 'low']]);
  });

  it("finds the products of a list of SKUs (a cart's or wishlist's lines) in one call, with their image (null without any)", async () => {
    const lines = await expectOk(search('?sku=HOOD-L-BLUE,SCARF-RED,HIDDEN-1,NO-SUCH&sort=name'));
    expect(codes(lines)).toEqual(['SCARF', 'HOODIE']);
    expect(lines.body.items.map((h: { image: unknown }) => h.image)).toEqual([null, null]);
    expect(codes(await expectOk(search('?sku=O-HOOD')))).toEqual([]);
  });

  it('pages with a cursor through every product once', async () => {
    for (const sort of ['name', 'price_asc', 'price_desc', 'newest', 'relevance']) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await expectOk(search(`?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`));
        seen.push(...codes(page));
        cursor = page.body.cursor;
      } while (cursor);
      expect(seen.sort()).toEqual(['BOOK', 'HOODIE', 'SCARF', 'TEE']);
    }
  });

  it('refuses bad input with 400 naming the field', async () => {
    const field = async (query: string) => {
      const reply = await search(query);
      expect(reply.status).toBe(400);
      return reply.body.fields.map((f: { field: string }) => f.field);
    };
    expect(await field('?sort=cheapest')).toEqual(['sort']);
    expect(await field('?colour=red')).toEqual(['colour']);
    expect(await field('?minPrice=500&maxPrice=100')).toEqual(['maxPrice']);
    expect(await field(`?q=${'a'.repeat(201)}`)).toEqual(['q']);
    expect(await field('?limit=101')).toEqual(['limit']);
    expect(await field('?inStock=maybe')).toEqual(['inStock']);
    expect(await field('?cursor=nonsense')).toEqual(['cursor']);
    expect(await field('?option.%24%28x%29=1')).toEqual(['option.$(x)']);
    expect(await field('?q=%27%3B--')).toEqual(['q']);
    expect(await field(`?sku=${encodeURIComponent('HOOD-M-RED,bad sku')}`)).toEqual(['sku']);
    expect(await field(`?sku=${Array.from({ length: 101 }, (_, i) => `S${i}`).join(',')}`)).toEqual(['sku']);
    // Text that looks like SQL or tsquery syntax is only ever a parameter.
    expect((await expectOk(search(`?q=${encodeURIComponent("hood' OR 1=1 --")}`))).status).toBe(200);
    expect((await expectOk(search(`?q=${encodeURIComponent('hood & !(x | y):*')}`))).status).toBe(200);
  });

  it('needs a publishable key or a token', async () => {
    expect((await system.request('GET', '/search/products')).status).toBe(401);
    expect((await expectOk(system.request('GET', '/search/products?q=book', { token: admin }))).body.items.map((i: { code: string }) => i.code)).toEqual(['BOOK']);
  });

  it('reports the projection lag on /health', async () => {
    const health = await expectOk(system.request('GET', '/health'));
    expect(health.body.readModel).toMatchObject({ reachable: true, lagMs: expect.any(Number), lastAppliedAt: expect.any(String) });
  });
});
