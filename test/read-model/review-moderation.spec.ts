import { TestSystem, TenantTokens } from '../support/test-system';
import { orderBody, stockedProduct } from '../support/shop';
import { expectOk } from '../support/storefront';

/**
 * Staff moderation lists: `GET /reviews` (every review of the shop, newest first, by status,
 * product and rating, cursor pages bound to their filters) and an order's mails
 * (`GET /notifications?orderCode=`).
 */
describe('review moderation list and an order mails', () => {
  let system: TestSystem;
  let shop: TenantTokens;
  const ada = () => shop.customer('ada', 'ada@example.com');
  const bob = () => shop.customer('bob', 'bob@example.com');
  const orders: string[] = [];

  const deliveredOrder = async (token: string, productCodes: string[]) => {
    const placed = await expectOk(system.request('POST', '/orders', { token, body: orderBody(productCodes.map((productCode) => ({ productCode, quantity: 1 }))) }));
    await system.sync();
    const admin = shop.admin();
    const code = placed.body.code as string;
    await expectOk(system.request('PATCH', `/orders/${code}/status`, { token: admin, body: { status: 'processing', expectedVersion: 2 } }));
    await expectOk(system.request('PATCH', `/orders/${code}/status`, { token: admin, body: { status: 'shipped', expectedVersion: 3, trackingNumber: 'TRK-1' } }));
    await expectOk(system.request('PATCH', `/orders/${code}/status`, { token: admin, body: { status: 'delivered', expectedVersion: 4 } }));
    orders.push(code);
  };
  const review = async (token: string, product: string, rating: number, title: string) =>
    (await expectOk(system.request('POST', `/products/${product}/reviews`, { token, body: { rating, title, body: `${title}.` } }))).body;
  const list = (query = '', token = shop.admin()) => system.request('GET', `/reviews${query}`, { token });
  const titles = (body: { items: { title: string }[] }) => body.items.map((r) => r.title);

  beforeAll(async () => {
    system = await TestSystem.start();
    shop = await system.createTenant('moderateshop');
    await stockedProduct(system, shop, 'LAMP');
    await stockedProduct(system, shop, 'RUG');
    await deliveredOrder(ada(), ['LAMP', 'RUG']);
    await deliveredOrder(bob(), ['LAMP']);
    await system.syncReadModel();
    await review(ada(), 'LAMP', 5, 'Bright');
    await review(ada(), 'RUG', 2, 'Thin');
    const dull = await review(bob(), 'LAMP', 2, 'Dull');
    await expectOk(system.request('PATCH', `/reviews/${dull.code}`, { token: shop.admin(), body: { expectedVersion: 1, hidden: true } }));
    await system.syncReadModel();
  }, 300_000);
  afterAll(() => system.stop());

  it('lists every review newest first with its product, author and status, for the moderation screen', async () => {
    const all = await expectOk(list());
    expect(titles(all.body)).toEqual(['Dull', 'Thin', 'Bright']);
    expect(all.body.cursor).toBeUndefined();
    expect(all.body.items[0]).toMatchObject({ productCode: 'LAMP', rating: 2, status: 'hidden', version: 2, body: 'Dull.', customerId: 'bob' });
    expect(all.body.items[2]).toMatchObject({ productCode: 'LAMP', rating: 5, status: 'published', version: 1, authorEmail: 'ada@example.com', productName: expect.any(String) });
  });

  it('filters by status, product and rating, each alone and together', async () => {
    expect(titles((await expectOk(list('?status=hidden'))).body)).toEqual(['Dull']);
    expect(titles((await expectOk(list('?status=published'))).body)).toEqual(['Thin', 'Bright']);
    expect(titles((await expectOk(list('?productCode=LAMP'))).body)).toEqual(['Dull', 'Bright']);
    expect(titles((await expectOk(list('?rating=2'))).body)).toEqual(['Dull', 'Thin']);
    expect(titles((await expectOk(list('?rating=2&status=published&productCode=RUG'))).body)).toEqual(['Thin']);
    expect(titles((await expectOk(list('?productCode=NOPE'))).body)).toEqual([]);
  });

  it('pages with a cursor bound to its filters, and refuses bad parameters naming them', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await expectOk(list(`?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      seen.push(...titles(page.body));
      cursor = page.body.cursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['Dull', 'Thin', 'Bright']);
    expect(pages).toBe(3);

    const first = await expectOk(list('?limit=1'));
    const other = await list(`?limit=1&status=published&cursor=${encodeURIComponent(first.body.cursor)}`);
    expect(other).toMatchObject({ status: 400, body: { fields: [expect.objectContaining({ field: 'cursor' })] } });
    for (const [query, field] of [['?rating=6', 'rating'], ['?status=pending', 'status'], ['?productCode=a%20b', 'productCode'], ['?limit=0', 'limit']] as const) {
      const bad = await list(query);
      expect(bad.status).toBe(400);
      expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    }
  });

  it('is for staff who moderate reviews, and fenced by tenant', async () => {
    expect((await list('', ada())).status).toBe(403);
    expect((await list('', shop.as('fulfilment', 'packer'))).status).toBe(403);
    expect(titles((await expectOk(list('', shop.as('support', 'helper')))).body)).toEqual(['Dull', 'Thin', 'Bright']);
    expect((await system.request('GET', '/reviews')).status).toBe(401);
    const other = await system.createTenant('othermoderate');
    await system.syncReadModel();
    expect((await expectOk(list('', other.admin()))).body).toEqual({ items: [] });
  });

  it("lists one order's mails by its code, and only that order's", async () => {
    const [adas, bobs] = orders;
    const mails = (await expectOk(system.request('GET', `/notifications?orderCode=${adas}&limit=100`, { token: shop.admin() }))).body.items as { messageId: string; topic: string; to?: string }[];
    expect(mails.map((m) => m.topic).sort()).toEqual(['order.confirmed', 'order.delivered', 'order.pending', 'order.processing', 'order.shipped']);
    expect(mails.every((m) => m.messageId.startsWith(`${adas}.`) && m.to === 'ada@example.com')).toBe(true);
    const everyMail = (await expectOk(system.request('GET', '/notifications?limit=100', { token: shop.admin() }))).body.items as { messageId: string }[];
    expect(everyMail.some((m) => m.messageId.startsWith(`${bobs}.`))).toBe(true);
    expect((await system.request('GET', '/notifications?orderCode=a%20b', { token: shop.admin() })).body.fields).toEqual([expect.objectContaining({ field: 'orderCode' })]);
    expect((await system.request('GET', `/notifications?orderCode=${adas}`, { token: ada() })).status).toBe(403);
  });
});
