import { expectOk, guest } from '../support/storefront';
import { address } from '../support/shop';
import { TestSystem } from '../support/test-system';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('catalog: variants, SKUs unique per shop, categories and per-SKU stock (DynamoDB Local)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  it('checks options and variants, and names every wrong field', async () => {
    const shop = await system.createTenant('cat-rules');
    const bad = await system.request('POST', '/products', {
      token: shop.admin(),
      body: {
        code: 'TEE',
        name: 'T-shirt',
        price: usd(2000),
        options: [{ name: 'Size', values: ['M', 'L'] }],
        variants: [
          { sku: 'TEE-M', options: { Size: 'M' } },
          { sku: 'TEE-M2', options: { Size: 'M' } },
          { sku: 'TEE-X', options: { Size: 'XL' } },
          { sku: 'TEE-C', options: { Size: 'L', Color: 'Red' } },
          { sku: 'TEE-L', options: { Size: 'L' }, price: usd(2200), compareAtPrice: usd(2100) },
        ],
      },
    });
    expect(bad.status).toBe(400);
    // Variant 4 repeats variant 3's Size (Color is not an option of the product).
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['variants.1.options', 'variants.2.options.Size', 'variants.3.options.Color', 'variants.4.options']);
    const cheaper = await system.request('POST', '/products', {
      token: shop.admin(),
      body: { code: 'CAP', name: 'Cap', price: usd(2000), variants: [{ sku: 'CAP-1', options: {}, compareAtPrice: usd(1900) }] },
    });
    expect(cheaper.body).toMatchObject({ statusCode: 400, fields: [{ field: 'variants.0.compareAtPrice', problem: 'must be at least the price' }] });
    expect((await system.request('POST', '/products', { token: shop.admin(), body: { code: 'NONE', name: 'x', price: usd(1) } })).body.fields).toEqual([{ field: 'sku', problem: 'give a sku, or variants' }]);
    expect((await system.request('GET', '/products/TEE', { token: shop.admin() })).status).toBe(404);
  });

  it('keeps a SKU unique in the shop, even when two products claim it at once, and frees a dropped variant', async () => {
    const shop = await system.createTenant('cat-sku');
    const admin = shop.admin();
    const create = (code: string) => system.request('POST', '/products', { token: admin, body: { code, name: code, sku: 'SHARED-1', price: usd(500) } });
    const [a, b] = await Promise.all([create('A'), create('B')]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.message).toMatch(/SKU SHARED-1 belongs to product [AB]/);
    // A variant dropped by its product is free for another.
    const winner = a.status === 201 ? 'A' : 'B';
    const other = winner === 'A' ? 'B' : 'A';
    await expectOk(system.request('PATCH', `/products/${winner}`, { token: admin, body: { expectedVersion: 1, variants: [{ sku: 'OWN-1', options: {} }] } }));
    expect((await create(other)).status).toBe(201);
  });

  it('answers a stale expectedVersion on a product PATCH with 409: currentVersion, who wrote it (staff only) and when', async () => {
    const shop = await system.createTenant('cat-stale');
    await expectOk(system.request('POST', '/products', { token: shop.admin('ann'), body: { code: 'MUG', name: 'Mug', sku: 'MUG-1', price: usd(900) } }));
    const saved = await expectOk(system.request('PATCH', '/products/MUG', { token: shop.admin('bob'), body: { expectedVersion: 1, name: 'Big mug' } }));
    const stale = await system.request('PATCH', '/products/MUG', { token: shop.admin('ann'), body: { expectedVersion: 1, name: 'Small mug' } });
    expect(stale.body).toEqual({
      statusCode: 409,
      error: 'VersionConflictError',
      message: 'product MUG is at version 2, not 1',
      currentVersion: 2,
      expectedVersion: 1,
      updatedBy: 'bob',
      updatedAt: saved.body.updatedAt,
    });
    // Two writers at once: the loser of the conditional write hears the winner's version too.
    const [x, y] = await Promise.all(['ann', 'bob'].map((who) => system.request('PATCH', '/products/MUG', { token: shop.admin(who), body: { expectedVersion: 2, name: `Mug of ${who}` } })));
    const [won, lost] = x.status === 200 ? [x, y] : [y, x];
    expect(lost.body).toMatchObject({ statusCode: 409, currentVersion: 3, updatedBy: won.body.updatedBy, updatedAt: won.body.updatedAt });
    // A customer's own 409 says when, but who wrote a version stays with staff.
    const buyer = shop.customer();
    await expectOk(system.request('PATCH', '/me', { token: buyer, body: { expectedVersion: 0, name: 'Ada' } }));
    const mine = await system.request('PATCH', '/me', { token: buyer, body: { expectedVersion: 0, name: 'Ada L' } });
    expect(mine.body).toMatchObject({ statusCode: 409, currentVersion: 1, updatedAt: expect.any(String) });
    expect(mine.body).not.toHaveProperty('updatedBy');
  });

  it('lists active products of a category and its descendants, page by page; shoppers see active variants only', async () => {
    const shop = await system.createTenant('cat-tree');
    const admin = shop.admin();
    await expectOk(system.request('POST', '/categories', { token: admin, body: { code: 'clothing', name: 'Clothing', slug: 'clothing' } }));
    await expectOk(system.request('POST', '/categories', { token: admin, body: { code: 'shirts', name: 'Shirts', slug: 'shirts', parentCode: 'clothing', position: 1 } }));
    expect((await system.request('POST', '/categories', { token: admin, body: { code: 'tops', name: 'Tops', slug: 'shirts' } })).body).toMatchObject({ statusCode: 409, message: 'slug shirts belongs to category shirts' });
    expect((await system.request('POST', '/categories', { token: admin, body: { code: 'orphan', name: 'x', slug: 'orphan', parentCode: 'nope' } })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'parentCode' }] });
    // A slug moves with the category (the old one is free again); another's slug is refused.
    await expectOk(system.request('PATCH', '/categories/shirts', { token: admin, body: { expectedVersion: 1, slug: 'shirts-and-tops' } }));
    await expectOk(system.request('POST', '/categories', { token: admin, body: { code: 'old-shirts', name: 'x', slug: 'shirts', active: false } }));
    expect((await system.request('PATCH', '/categories/clothing', { token: admin, body: { expectedVersion: 1, slug: 'shirts-and-tops' } })).body).toMatchObject({ statusCode: 409, message: 'slug shirts-and-tops belongs to category shirts' });
    expect((await system.request('PATCH', '/categories/shirts', { token: admin, body: { expectedVersion: 1, position: 2 } })).body).toMatchObject({ statusCode: 409, currentVersion: 2 });
    expect((await system.request('PATCH', '/categories/nope', { token: admin, body: { expectedVersion: 1, position: 2 } })).status).toBe(404);
    for (let i = 1; i <= 3; i++) {
      await expectOk(system.request('POST', '/products', { token: admin, body: { code: `S${i}`, name: `Shirt ${i}`, sku: `S${i}-SKU`, price: usd(1000 + i), categoryCodes: ['shirts'] } }));
    }
    await expectOk(system.request('POST', '/products', { token: admin, body: { code: 'HAT', name: 'Hat', sku: 'HAT-1', price: usd(900), categoryCodes: ['clothing'] } }));
    await expectOk(system.request('POST', '/products', { token: admin, body: { code: 'OLD', name: 'Old', sku: 'OLD-1', price: usd(900), categoryCodes: ['shirts'], active: false } }));
    expect((await system.request('POST', '/products', { token: admin, body: { code: 'BAD', name: 'x', sku: 'BAD-1', price: usd(1), categoryCodes: ['nope'] } })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'categoryCodes.0' }] });

    const key = (await expectOk(system.request('POST', '/publishable-keys', { token: admin, body: { label: 'web' } }))).body.key;
    const visitor = guest(system, key);
    const first = await visitor('GET', '/categories/clothing/products?limit=2');
    expect(first.body.items).toHaveLength(2);
    const rest = await visitor('GET', `/categories/clothing/products?limit=10&cursor=${first.body.cursor}`);
    expect([...first.body.items, ...rest.body.items].map((p: { productCode: string }) => p.productCode).sort()).toEqual(['HAT', 'S1', 'S2', 'S3']);
    expect((await visitor('GET', '/categories/shirts/products')).body.items.map((p: { productCode: string }) => p.productCode)).toEqual(['S1', 'S2', 'S3']);
    // Deactivated: gone from its categories at once.
    await expectOk(system.request('PATCH', '/products/S2', { token: admin, body: { expectedVersion: 1, active: false } }));
    expect((await visitor('GET', '/categories/clothing/products')).body.items.map((p: { productCode: string }) => p.productCode)).toEqual(['HAT', 'S1', 'S3']);
    expect((await visitor('GET', '/categories')).body.items.map((c: { code: string }) => c.code)).toEqual(['clothing', 'shirts']);
    expect((await visitor('GET', '/categories/old-shirts')).status).toBe(404);
    expect((await visitor('POST', '/categories', { code: 'x', name: 'x', slug: 'x' })).status).toBe(403);
    expect((await visitor('GET', '/products/OLD')).status).toBe(404);
  });

  it("tells shoppers each variant's stock state: in_stock, low (under its low-stock threshold), out_of_stock", async () => {
    const shop = await system.createTenant('cat-states');
    const admin = shop.admin();
    await expectOk(
      system.request('POST', '/products', {
        token: admin,
        body: { code: 'SOCK', name: 'Sock', price: usd(500), options: [{ name: 'Size', values: ['S', 'M', 'L'] }], variants: ['S', 'M', 'L'].map((size) => ({ sku: `SOCK-${size}`, options: { Size: size } })) },
      }),
    );
    await expectOk(system.request('PATCH', '/inventory/SOCK-S', { token: admin, body: { expectedVersion: 0, onHand: 10, lowStockThreshold: 5, reason: 'restock' } }));
    await expectOk(system.request('PATCH', '/inventory/SOCK-M', { token: admin, body: { expectedVersion: 0, onHand: 2, lowStockThreshold: 5, reason: 'restock' } }));
    const buyer = shop.customer('states-buyer');
    const states = async () => (await expectOk(system.request('GET', '/products/SOCK', { token: buyer }))).body.attributes.variants.map((v: { sku: string; stockState: string }) => [v.sku, v.stockState]);
    // SOCK-L was never stocked.
    expect(await states()).toEqual([['SOCK-S', 'in_stock'], ['SOCK-M', 'low'], ['SOCK-L', 'out_of_stock']]);
    // The last units of SOCK-M held by an order: nothing available.
    await expectOk(system.request('POST', '/orders', { token: buyer, body: { items: [{ productCode: 'SOCK', sku: 'SOCK-M', quantity: 2 }], shippingAddress: address, paymentMethod: 'card' } }));
    await system.sync();
    expect(await states()).toEqual([['SOCK-S', 'in_stock'], ['SOCK-M', 'out_of_stock'], ['SOCK-L', 'out_of_stock']]);
  });

  it('keeps stock per variant SKU; the product route works for one-variant products; orders name the variant', async () => {
    const shop = await system.createTenant('cat-stock');
    const admin = shop.admin();
    await expectOk(
      system.request('POST', '/products', {
        token: admin,
        body: { code: 'TEE', name: 'T-shirt', price: usd(2000), options: [{ name: 'Size', values: ['M', 'L'] }], variants: [{ sku: 'TEE-M', options: { Size: 'M' } }, { sku: 'TEE-L', options: { Size: 'L' }, price: usd(2200) }] },
      }),
    );
    await expectOk(system.request('POST', '/products', { token: admin, body: { code: 'MUG', name: 'Mug', sku: 'MUG-1', price: usd(800) } }));
    await expectOk(system.request('PATCH', '/inventory/TEE-L', { token: admin, body: { expectedVersion: 0, onHand: 5, reason: 'restock' } }));
    await expectOk(system.request('PATCH', '/inventory/MUG', { token: admin, body: { expectedVersion: 0, onHand: 7, reason: 'restock' } }));
    expect((await system.request('GET', '/inventory/MUG-1', { token: admin })).body).toMatchObject({ productCode: 'MUG', sku: 'MUG-1', warehouses: [{ onHand: 7 }] });
    expect((await system.request('GET', '/inventory/TEE', { token: admin })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'code' }] });
    expect((await system.request('GET', '/inventory/NOPE', { token: admin })).status).toBe(404);

    const buyer = shop.customer('cat-buyer');
    const noVariant = await system.request('POST', '/orders', { token: buyer, body: { items: [{ productCode: 'TEE', quantity: 1 }], shippingAddress: address, paymentMethod: 'card' } });
    expect(noVariant.body).toMatchObject({ statusCode: 400, fields: [{ field: 'items.0.sku' }] });
    const placed = await expectOk(system.request('POST', '/orders', { token: buyer, body: { items: [{ productCode: 'TEE', sku: 'TEE-L', quantity: 2 }], shippingAddress: address, paymentMethod: 'card' } }));
    expect(placed.body.attributes.items[0]).toMatchObject({ sku: 'TEE-L', unitPrice: usd(2200) });
    await system.sync();
    expect((await system.request('GET', `/orders/${placed.body.code}`, { token: buyer })).body.attributes.status).toBe('confirmed');
    expect((await system.request('GET', '/inventory/TEE-L', { token: admin })).body.warehouses[0]).toMatchObject({ onHand: 5, reserved: 2, available: 3 });
  });
});
