import { TestSystem } from '../support/test-system';
import { expectOk, guest } from '../support/storefront';

/**
 * "Did you mean" on GET /search/products (few hits only) and type-ahead on GET /search/suggestions,
 * both from the caller's shop's own words (products and categories), never another shop's.
 */
describe('search suggestions', () => {
  let system: TestSystem;
  let key: string;
  let admin: string;
  let otherKey: string;
  let otherAdmin: string;

  /** A shop with a T-shirt and a publishable key (nothing else is needed to search). */
  async function shopWithShirt(code: string): Promise<{ key: string; admin: string }> {
    const admin = (await system.createTenant(code, { currency: 'EUR' })).admin();
    await expectOk(system.request('POST', '/products', { token: admin, body: { code: 'TEE', name: 'T-shirt', sku: 'TEE-M', price: { amount: 2000, currency: 'EUR' } } }));
    return { admin, key: (await expectOk(system.request('POST', '/publishable-keys', { token: admin, body: { label: 'web' } }))).body.key };
  }

  beforeAll(async () => {
    system = await TestSystem.start();
    ({ key, admin } = await shopWithShirt('suggestshop'));
    await expectOk(system.request('POST', '/categories', { token: admin, body: { code: 'clothing', name: 'Clothing', slug: 'clothing' } }));
    await expectOk(system.request('POST', '/products', { token: admin, body: { code: 'HOODIE', name: 'Zip hoodie', sku: 'ZH-1', price: { amount: 4500, currency: 'EUR' } } }));
    ({ key: otherKey, admin: otherAdmin } = await shopWithShirt('wordshop'));
    await expectOk(system.request('POST', '/products', { token: otherAdmin, body: { code: 'JACKET', name: 'Velvet jacket', sku: 'VJ-1', price: { amount: 9000, currency: 'EUR' } } }));
    await system.syncReadModel();
  });

  afterAll(() => system.stop());

  const search = (q: string, as = key) => guest(system, as)('GET', `/search/products?q=${encodeURIComponent(q)}`);
  const typeahead = (q: string, as = key) => guest(system, as)('GET', `/search/suggestions?q=${encodeURIComponent(q)}`);

  it('suggests the shop\'s word for a typo with no hits, best first', async () => {
    const reply = await expectOk(search('shrit'));
    expect(reply.body.total).toBe(0);
    expect(reply.body.suggestions[0]).toBe('shirt');
    expect(reply.body.suggestions.length).toBeLessThanOrEqual(5);
    // Words of several kinds: a category name, and a query of two words with one typo.
    expect((await expectOk(search('clothng'))).body.suggestions[0]).toBe('clothing');
    expect((await expectOk(search('zip hodie'))).body.suggestions[0]).toBe('zip hoodie');
    // A query whose words are all the shop's has nothing to correct.
    expect((await expectOk(search('hood'))).body.suggestions).toEqual([]);
    // Without text there is nothing to correct either.
    expect((await expectOk(guest(system, key)('GET', '/search/products'))).body.suggestions).toEqual([]);
  });

  it('never suggests another shop\'s words', async () => {
    expect((await expectOk(search('velvit'))).body.suggestions).not.toContain('velvet');
    expect((await expectOk(search('velvit', otherKey))).body.suggestions[0]).toBe('velvet');
    expect((await expectOk(typeahead('vel'))).body.suggestions).toEqual([]);
    expect((await expectOk(typeahead('vel', otherKey))).body.suggestions).toEqual(['Velvet jacket', 'velvet']);
  });

  it('suggests only below three hits', async () => {
    const shirt = (code: string) => expectOk(system.request('POST', '/products', { token: otherAdmin, body: { code, name: `${code} shirt`, sku: `${code}-1`, price: { amount: 1000, currency: 'EUR' } } }));
    await shirt('LINEN');
    await system.syncReadModel();
    // "shirts" finds the shirts through typo tolerance: T-shirt and Linen shirt, two hits.
    const few = await expectOk(search('shirts', otherKey));
    expect(few.body.total).toBe(2);
    expect(few.body.suggestions[0]).toBe('shirt');
    await shirt('SILK');
    await system.syncReadModel();
    const enough = await expectOk(search('shirts', otherKey));
    expect(enough.body.total).toBe(3);
    expect(enough.body.suggestions).toEqual([]);
  });

  it('completes a prefix from product names, then words, bounded', async () => {
    expect((await expectOk(typeahead('hoo'))).body.suggestions).toEqual(['Zip hoodie', 'hoodie']);
    expect((await expectOk(typeahead('Zip Ho'))).body.suggestions).toEqual(['Zip hoodie']);
    expect((await expectOk(typeahead('zzzz'))).body.suggestions).toEqual([]);
  });

  it('refuses a missing or empty prefix with 400 naming q, and needs a key or a token', async () => {
    for (const query of ['', '?q=', '?q=%21%21', `?q=${'a'.repeat(101)}`]) {
      const reply = await guest(system, key)('GET', `/search/suggestions${query}`);
      expect(reply.status).toBe(400);
      expect(reply.body.fields.map((f: { field: string }) => f.field)).toEqual(['q']);
    }
    expect((await system.request('GET', '/search/suggestions?q=ho')).status).toBe(401);
  });
});
