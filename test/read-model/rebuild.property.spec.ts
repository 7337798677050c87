import fc from 'fast-check';
import type { DynamoDBRecord } from 'aws-lambda';
import { applyBatch } from '../../src/app/projection.feed';
import { PgliteDb } from '../../src/read-model/pglite.db';
import { ReadModel, readModel } from '../../src/read-model/read-model';
import { rebuildReadModel } from '../../src/app/rebuild';
import { TestSystem } from '../support/test-system';
import { expectOk } from '../support/storefront';

/**
 * The read model is a function of the event store: after any history, (1) a rebuild gives the
 * same rows as the live projection, and (2) a fresh model fed every stream record in reverse
 * order, each one twice, gives the same rows too (replays and out-of-order delivery change
 * nothing).
 */
type Step =
  | { kind: 'create'; product: number; price: number; sizes: string[]; category: number | null }
  | { kind: 'update'; product: number; price?: number; active?: boolean; name?: string }
  | { kind: 'stock'; product: number; variant: number; onHand: number }
  | { kind: 'category'; category: number; active: boolean }
  | { kind: 'wish'; customer: number; product: number; variant: number; notify: boolean; remove: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), product: fc.integer({ min: 0, max: 3 }), price: fc.integer({ min: 100, max: 60000 }), sizes: fc.subarray(['S', 'M', 'L'], { minLength: 1 }), category: fc.option(fc.integer({ min: 0, max: 2 })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('update' as const), product: fc.integer({ min: 0, max: 3 }), price: fc.option(fc.integer({ min: 100, max: 60000 }), { nil: undefined }), active: fc.option(fc.boolean(), { nil: undefined }), name: fc.option(fc.constantFrom('Blue mug', 'Red mug', 'Tea pot', 'Zip hoodie'), { nil: undefined }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('stock' as const), product: fc.integer({ min: 0, max: 3 }), variant: fc.integer({ min: 0, max: 2 }), onHand: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('category' as const), category: fc.integer({ min: 0, max: 2 }), active: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wish' as const), customer: fc.integer({ min: 0, max: 1 }), product: fc.integer({ min: 0, max: 3 }), variant: fc.integer({ min: 0, max: 2 }), notify: fc.boolean(), remove: fc.boolean() }) },
);

const CATEGORIES = [
  { code: 'c0', name: 'Home', slug: 'home' },
  { code: 'c1', name: 'Kitchen', slug: 'kitchen', parentCode: 'c0' },
  { code: 'c2', name: 'Garden', slug: 'garden' },
];

/** Every projected row of a tenant, in a stable order (search documents as text). */
async function snapshot(model: ReadModel, tenant: string): Promise<Record<string, unknown[]>> {
  return model.asPlatform(async (tx) => ({
    product: await tx.query(`SELECT tenant, code, version, name, description, active, category_codes, currency, price::text, max_price::text, in_stock, skus, created_at, updated_at, document::text FROM product WHERE tenant = $1 ORDER BY code`, [tenant]),
    variant: await tx.query('SELECT * FROM variant WHERE tenant = $1 ORDER BY product_code, sku', [tenant]),
    option: await tx.query('SELECT * FROM product_option WHERE tenant = $1 ORDER BY product_code, name_key, value', [tenant]),
    category: await tx.query('SELECT * FROM category WHERE tenant = $1 ORDER BY code', [tenant]),
    stock: await tx.query('SELECT * FROM stock WHERE tenant = $1 ORDER BY sku, warehouse', [tenant]),
    wishlist: await tx.query('SELECT * FROM wishlist WHERE tenant = $1 ORDER BY customer', [tenant]),
    wish: await tx.query('SELECT * FROM wish WHERE tenant = $1 ORDER BY customer, sku', [tenant]),
  }));
}

async function words(model: ReadModel, tenant: string): Promise<string[]> {
  return (await model.asPlatform((tx) => tx.query<{ word: string }>('SELECT word FROM search_word WHERE tenant = $1 ORDER BY word', [tenant]))).map((r) => r.word);
}

describe('read model rebuild and replay', () => {
  let system: TestSystem;
  const tenants: string[] = [];

  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  async function play(tenant: string, steps: Step[]): Promise<void> {
    // Replays along the way: the read model's consumers deliver every batch twice.
    const shop = await system.createTenant(tenant, { currency: 'EUR' });
    const admin = shop.admin();
    const call = (method: string, path: string, body?: unknown) => system.request(method, path, { token: admin, body });
    for (const category of CATEGORIES) await expectOk(call('POST', '/categories', category));
    for (const s of steps) {
      const code = `P${'product' in s ? s.product : 0}`;
      if (s.kind === 'create') {
        await call('POST', '/products', {
          code,
          name: `Product ${code}`,
          description: 'random history',
          price: { amount: s.price, currency: 'EUR' },
          options: [{ name: 'Size', values: s.sizes }],
          variants: s.sizes.map((size, i) => ({ sku: `${code}-${size}`, options: { Size: size }, ...(i === 1 ? { price: { amount: s.price + 100, currency: 'EUR' } } : {}) })),
          categoryCodes: s.category === null ? [] : [`c${s.category}`],
        });
      } else if (s.kind === 'update') {
        const current = await call('GET', `/products/${code}`);
        if (current.status !== 200) continue;
        await expectOk(call('PATCH', `/products/${code}`, {
          expectedVersion: current.body.version,
          ...(s.price !== undefined ? { price: { amount: s.price, currency: 'EUR' } } : {}),
          ...(s.active !== undefined ? { active: s.active } : {}),
          ...(s.name !== undefined ? { name: s.name } : {}),
        }));
      } else if (s.kind === 'stock') {
        const product = await call('GET', `/products/${code}`);
        const variant = product.status === 200 ? product.body.attributes.variants[s.variant] : undefined;
        if (!variant) continue;
        const level = await expectOk(call('GET', `/inventory/${variant.sku}`));
        await expectOk(call('PATCH', `/inventory/${variant.sku}`, { expectedVersion: level.body.warehouses[0]?.version ?? 0, onHand: s.onHand, reason: 'restock' }));
      } else if (s.kind === 'wish') {
        const product = await call('GET', `/products/${code}`);
        const variant = product.status === 200 ? product.body.attributes.variants[s.variant] : undefined;
        if (!variant) continue;
        const token = shop.customer(`buyer-${s.customer}`, `buyer-${s.customer}@example.com`);
        if (s.remove) await expectOk(system.request('DELETE', `/wishlist/items/${variant.sku}`, { token }));
        else await expectOk(system.request('PUT', `/wishlist/items/${variant.sku}`, { token, body: { notify: s.notify } }));
      } else {
        const current = await expectOk(call('GET', `/categories/c${s.category}`));
        await expectOk(call('PATCH', `/categories/c${s.category}`, { expectedVersion: current.body.version, active: s.active }));
      }
    }
    await system.syncReadModel({ twice: true });
  }

  it('after a random history (every batch delivered twice), a rebuild of the tenant equals the live model', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 12 }), async (steps) => {
        const tenant = `rb${run++}`;
        tenants.push(tenant);
        await play(tenant, [{ kind: 'create', product: 0, price: 1200, sizes: ['M'], category: 1 }, ...steps]);
        const model = await readModel();
        const live = await snapshot(model, tenant);
        expect(live.product.length).toBeGreaterThan(0);

        const liveWords = await words(model, tenant);
        await rebuildReadModel(model, { tenant });
        expect(await snapshot(model, tenant)).toEqual(live);
        // The spelling dictionary is append-only live; rebuilt, it has the current words only.
        const rebuiltWords = await words(model, tenant);
        expect(rebuiltWords.length).toBeGreaterThan(0);
        expect(liveWords).toEqual(expect.arrayContaining(rebuiltWords));
      }),
      { numRuns: 5 },
    );
  });

  it('a fresh model fed every stream record backwards, each twice, equals the live model', async () => {
    const model = await readModel();
    const records: DynamoDBRecord[] = system.readModelFeeds.flatMap((feed) => feed.seen);
    const fresh = await ReadModel.open(await PgliteDb.open());
    try {
      await applyBatch(fresh, { Records: [...records].reverse().flatMap((r) => [r, r]) });
      for (const tenant of tenants) expect(await snapshot(fresh, tenant)).toEqual(await snapshot(model, tenant));
    } finally {
      await fresh.close();
    }
  });

  it('a full rebuild into a fresh generation switches over with the same rows for every tenant', async () => {
    const model = await readModel();
    const before = await Promise.all(tenants.map((t) => snapshot(model, t)));
    const active = (await model.generations())!.active;
    const report = await rebuildReadModel(model);
    expect(report.schema).not.toBe(active);
    expect((await model.generations())!).toEqual({ active: report.schema });
    expect(report.tenants).toEqual(expect.arrayContaining(tenants));
    expect(await Promise.all(tenants.map((t) => snapshot(model, t)))).toEqual(before);
    // The old generation is gone; live changes land in the new one.
    const [{ n }] = await model.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`, [active]);
    expect(n).toBe(0);
    const admin = (await system.createTenant('rbafter', { currency: 'EUR' })).admin();
    await expectOk(system.request('POST', '/products', { token: admin, body: { code: 'LATE', name: 'Late lamp', sku: 'LATE-1', price: { amount: 500, currency: 'EUR' } } }));
    await system.syncReadModel();
    expect((await snapshot(model, 'rbafter')).product).toHaveLength(1);
  });
});
