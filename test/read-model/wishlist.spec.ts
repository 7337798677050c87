import { mailsOf } from '../support/shop';
import { TestSystem, TenantTokens } from '../support/test-system';
import { expectOk, storefrontShop } from '../support/storefront';

/** Wishlists: a customer's saved variants; a mail, once, when a wished SKU is back in stock. */
describe('wishlists', () => {
  let system: TestSystem;
  let shop: TenantTokens;
  const alice = () => shop.customer('alice', 'alice@example.com');
  const bob = () => shop.customer('bob', 'bob@example.com');

  beforeAll(async () => {
    system = await TestSystem.start();
    shop = (await storefrontShop(system, 'wishshop', { onHand: 0 })).shop;
  });
  afterAll(() => system.stop());

  const wishlist = (token: string) => system.request('GET', '/wishlist', { token });

  it('saves, changes and removes variants; each customer sees only their own; unknown SKUs are 404', async () => {
    expect((await expectOk(wishlist(alice()))).body).toEqual({ version: 0, items: [] });
    await expectOk(system.request('PUT', '/wishlist/items/TEE-M', { token: alice(), body: { notify: false } }));
    await expectOk(system.request('PUT', '/wishlist/items/BOOK-1', { token: alice(), body: {} }));
    const changed = await expectOk(system.request('PUT', '/wishlist/items/TEE-M', { token: alice(), body: { notify: true } }));
    expect(changed.body).toMatchObject({ version: 3, items: [{ sku: 'BOOK-1', notify: false }, { sku: 'TEE-M', notify: true }] });
    const removed = await expectOk(system.request('DELETE', '/wishlist/items/BOOK-1', { token: alice() }));
    expect(removed.body.items.map((w: { sku: string }) => w.sku)).toEqual(['TEE-M']);
    expect((await expectOk(wishlist(bob()))).body.items).toEqual([]);
    expect((await system.request('PUT', '/wishlist/items/NOPE-1', { token: alice(), body: {} })).status).toBe(404);
    expect((await system.request('PUT', '/wishlist/items/TEE-M', { token: alice(), body: { notify: 'yes' } })).body.fields).toEqual([{ field: 'notify', problem: expect.any(String) }]);
    expect((await system.request('GET', '/wishlist', { token: shop.admin() })).status).toBe(403);
  });

  it('mails those who asked, once, when a wished SKU is back in stock (and not for a restock that was never out)', async () => {
    await expectOk(system.request('PUT', '/wishlist/items/TEE-L', { token: bob(), body: { notify: false } }));
    await system.syncReadModel();
    // TEE-M and TEE-L come back; only alice asked about TEE-M with notify.
    await expectOk(system.request('PATCH', '/inventory/TEE-M', { token: shop.admin(), body: { expectedVersion: 1, onHand: 5, reason: 'restock' } }));
    await expectOk(system.request('PATCH', '/inventory/TEE-L', { token: shop.admin(), body: { expectedVersion: 1, onHand: 5, reason: 'restock' } }));
    await system.syncReadModel({ twice: true });
    const mails = () => [...mailsOf('wishshop').entries()].filter(([id]) => id.startsWith('backinstock.'));
    expect(mails()).toHaveLength(1);
    expect(mails()[0][1]).toContain('alice@example.com');
    expect(mails()[0][1]).toContain('TEE-M is back in stock');
    // More units while in stock: no new mail.
    await expectOk(system.request('PATCH', '/inventory/TEE-M', { token: shop.admin(), body: { expectedVersion: 2, onHand: 9, reason: 'restock' } }));
    await system.syncReadModel();
    expect(mails()).toHaveLength(1);
  });

  it("answers an inactive product's SKU as an unknown one (404), and never mails about a hidden product", async () => {
    const carol = shop.customer('carol', 'carol@example.com');
    await expectOk(system.request('PUT', '/wishlist/items/BOOK-1', { token: carol, body: { notify: true } }));
    await system.syncReadModel();
    await expectOk(system.request('PATCH', '/products/BOOK', { token: shop.admin(), body: { expectedVersion: 1, active: false } }));

    const dave = shop.customer('dave', 'dave@example.com');
    const hidden = await system.request('PUT', '/wishlist/items/BOOK-1', { token: dave, body: { notify: true } });
    const unknown = await system.request('PUT', '/wishlist/items/NOPE-1', { token: dave, body: { notify: true } });
    expect([hidden.status, hidden.body]).toEqual([404, { statusCode: 404, error: 'NotFoundError', message: 'variant BOOK-1 not found' }]);
    expect([unknown.status, unknown.body]).toEqual([404, { ...hidden.body, message: 'variant NOPE-1 not found' }]);
    expect((await expectOk(wishlist(dave))).body).toEqual({ version: 0, items: [] });

    // Back in stock while hidden: carol asked, but the shop does not sell it now.
    await expectOk(system.request('PATCH', '/inventory/BOOK-1', { token: shop.admin(), body: { expectedVersion: 1, onHand: 5, reason: 'restock' } }));
    await system.syncReadModel({ twice: true });
    expect([...mailsOf('wishshop').keys()].filter((id) => id.startsWith('backinstock.BOOK-1.'))).toEqual([]);
  });
});
