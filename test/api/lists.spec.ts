import { PAYMENT_STATES } from '../../src/modules/payment/payment.state-machine';
import { ORDER_PAYMENT_STATES } from '../../src/modules/order/order-list';
import { berlin, expectOk, readyGuestCart, storefrontShop } from '../support/storefront';
import { authorized, deliver, pspEvent } from '../support/test-psp';
import { TenantTokens, TestSystem } from '../support/test-system';

/** The lists the admin dashboard needs first (issue 22): filters, sorts, cursor pages, bounded reads. */
describe('lists for the dashboard (DynamoDB Local + the read model)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  const fieldsOf = (reply: { status: number; body: { fields?: { field: string }[] } }) => (reply.status === 400 ? reply.body.fields?.map((f) => f.field) : reply.status);

  describe('GET /orders for staff', () => {
    let shop: TenantTokens;
    let key: string;
    /** Every order of the shop as placed: code, status and payment state after the setup, placedAt, total, customer, email. */
    const orders: { code: string; status: string; payment: string; placedAt: string; total: number; customerId: string; email: string }[] = [];
    const get = (query: string) => system.request('GET', `/orders?${query}`, { token: shop.admin() });
    const codes = async (query: string) => {
      const reply = await get(query);
      if (reply.status !== 200) throw new Error(`${reply.status} ${JSON.stringify(reply.body)}`);
      return (reply.body.items as { code: string }[]).map((o) => o.code);
    };
    /** Every page of a query, following cursors. */
    const all = async (query: string) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const reply = await expectOk(get(`${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`));
        seen.push(...reply.body.items.map((o: { code: string }) => o.code));
        cursor = reply.body.cursor;
      } while (cursor);
      return seen;
    };
    const byCode = (list: typeof orders) => list.map((o) => o.code);

    beforeAll(async () => {
      ({ shop, key } = await storefrontShop(system, 'lists-orders'));
      // Guest orders: paid offline (confirmed), by card (awaiting payment; one paid, one with a payment started).
      const guestOrder = async (email: string, paymentMethod: string, quantity: number) => {
        const cart = await readyGuestCart(system, key, [{ sku: 'BOOK-1', quantity }], { email });
        const order = (await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod }))).body;
        return { cart, order };
      };
      const placed = [
        await guestOrder('Ann.Lee@Example.com', 'manual', 1),
        await guestOrder('bob@example.com', 'card', 3),
        await guestOrder('carol@example.org', 'card', 2),
        await guestOrder('dan@example.org', 'card', 4),
      ];
      // A customer's order, paid on delivery, and one they cancel.
      const buyer = shop.customer('cust-eve', 'eve@example.net');
      const body = { items: [{ productCode: 'BOOK', quantity: 1 }], shippingAddress: berlin, paymentMethod: 'cash_on_delivery' };
      const eve1 = (await expectOk(system.request('POST', '/orders', { token: buyer, body }))).body;
      const eve2 = (await expectOk(system.request('POST', '/orders', { token: buyer, body: { ...body, items: [{ productCode: 'BOOK', quantity: 5 }] } }))).body;
      await system.sync();
      await expectOk(system.request('PATCH', `/orders/${eve2.code}/status`, { token: buyer, body: { status: 'cancelled', expectedVersion: 2 } }));
      // Carol pays (authorized: the order is confirmed); Dan's payment is only started.
      const carol = (await expectOk(placed[2].cart.call('POST', `/carts/${placed[2].cart.id}/payments`, {}))).body;
      await expectOk(deliver(system, 'lists-orders', pspEvent('lists-orders', authorized(carol, 'evt_lists_1'))));
      await expectOk(placed[3].cart.call('POST', `/carts/${placed[3].cart.id}/payments`, {}));
      await system.sync({ twice: true });
      await system.syncReadModel();
      const expected = [
        ['confirmed', 'none'],
        ['awaiting_payment', 'none'],
        ['confirmed', 'authorized'],
        ['awaiting_payment', 'created'],
        ['confirmed', 'none'],
        ['cancelled', 'none'],
      ];
      const all = [...placed.map((p) => p.order), eve1, eve2];
      for (const [i, order] of all.entries()) {
        const now = (await expectOk(system.request('GET', `/orders/${order.code}`, { token: shop.admin() }))).body;
        expect(now.attributes.status).toBe(expected[i][0]);
        orders.push({
          code: order.code,
          status: expected[i][0],
          payment: expected[i][1],
          placedAt: order.attributes.placedAt,
          total: order.attributes.total.amount,
          customerId: order.attributes.customerId,
          email: order.attributes.customerEmail,
        });
      }
    }, 300_000);

    it('keeps the payment states of the list equal to the payments\' (plus none)', () => {
      expect([...ORDER_PAYMENT_STATES]).toEqual(['none', ...PAYMENT_STATES]);
    });

    it('filters by one or several statuses, and by payment state', async () => {
      expect(await codes('status=confirmed,cancelled')).toEqual(byCode(orders.filter((o) => ['confirmed', 'cancelled'].includes(o.status))));
      expect(await codes('status=awaiting_payment&status=cancelled')).toEqual(byCode(orders.filter((o) => ['awaiting_payment', 'cancelled'].includes(o.status))));
      expect(await codes('paymentState=authorized')).toEqual([orders[2].code]);
      expect(await codes('paymentState=created,none&status=awaiting_payment')).toEqual([orders[1].code, orders[3].code]);
      expect(await codes('paymentState=none')).toEqual(byCode(orders.filter((o) => o.payment === 'none')));
    });

    it('filters by date (dates and instants), customer, and searches by code or email prefix, case-insensitive', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      expect(await codes(`createdFrom=${yesterday}&createdTo=${tomorrow}`)).toEqual(byCode(orders));
      expect(await codes(`createdTo=${yesterday}`)).toEqual([]);
      expect(await codes(`createdFrom=${tomorrow}`)).toEqual([]);
      expect((await codes(`createdFrom=${today}&createdTo=${today}`)).length).toBeGreaterThan(0);
      const from = orders[2].placedAt;
      const to = orders[4].placedAt;
      expect(await codes(`createdFrom=${from}&createdTo=${to}`)).toEqual(byCode(orders.filter((o) => o.placedAt >= from && o.placedAt < to)));
      expect(await codes('customerId=cust-eve')).toEqual([orders[4].code, orders[5].code]);
      expect(await codes('customerId=guest&status=confirmed')).toEqual([orders[0].code, orders[2].code]);
      expect(await codes('q=ann.lee@EXAMPLE')).toEqual([orders[0].code]);
      expect(await codes('q=CAROL')).toEqual([orders[2].code]);
      expect(await codes(`q=${orders[3].code.toLowerCase()}`)).toEqual([orders[3].code]);
      expect(await codes('q=ORD-')).toEqual(byCode(orders));
      // LIKE's wildcards are the user's letters, not patterns.
      expect(await codes('q=%25')).toEqual([]);
      expect(await codes('q=_')).toEqual([]);
    });

    it('sorts by createdAt, total and status, either way, with the code breaking ties', async () => {
      const sorted = (key: (o: (typeof orders)[number]) => string | number, desc: boolean) =>
        byCode([...orders].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.code < b.code ? -1 : 1) * (desc ? -1 : 1)));
      expect(await all('sort=createdAt')).toEqual(sorted((o) => o.placedAt, false));
      expect(await all('sort=-createdAt')).toEqual(sorted((o) => o.placedAt, true));
      expect(await all('sort=total')).toEqual(sorted((o) => o.total, false));
      expect(await all('sort=-total')).toEqual(sorted((o) => o.total, true));
      expect(await all('sort=status')).toEqual(sorted((o) => o.status, false));
      expect(await all('sort=-status&paymentState=none')).toEqual(sorted((o) => o.status, true).filter((c) => orders.find((o) => o.code === c)!.payment === 'none'));
      // The items are the orders themselves, as today's list and GET /orders/{code} show them.
      const [first] = (await expectOk(get('sort=-total&limit=1'))).body.items;
      expect(first).toMatchObject((await expectOk(system.request('GET', `/orders/${first.code}`, { token: shop.admin() }))).body);
      expect(first).toEqual((await expectOk(get('limit=100'))).body.items.find((o: { code: string }) => o.code === first.code));
    });

    it('pages through every order once, without gaps or repeats, while orders are placed', async () => {
      const before = byCode(orders);
      const seen: string[] = [];
      let cursor: string | undefined;
      let placing = 0;
      do {
        const [page] = await Promise.all([
          expectOk(get(`sort=createdAt&limit=2${cursor ? `&cursor=${cursor}` : ''}`)),
          (async () => {
            if (placing++ >= 2) return;
            const cart = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 1 }], { email: `late${placing}@example.com` });
            await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: 'manual' }));
            await system.syncReadModel();
          })(),
        ]);
        seen.push(...page.body.items.map((o: { code: string }) => o.code));
        cursor = page.body.cursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.slice(0, before.length)).toEqual(before);
    }, 120_000);

    it('refuses bad parameters with 400 naming each, and a cursor of another query or shop', async () => {
      expect(fieldsOf(await get('status=bogus'))).toEqual(['status']);
      expect(fieldsOf(await get('paymentState=paid'))).toEqual(['paymentState']);
      expect(fieldsOf(await get('sort=price'))).toEqual(['sort']);
      expect(fieldsOf(await get('sort=total&limit=0'))).toEqual(['limit']);
      expect(fieldsOf(await get('sort=total&limit=101'))).toEqual(['limit']);
      expect(fieldsOf(await get('createdFrom=yesterday'))).toEqual(['createdFrom']);
      expect(fieldsOf(await get('createdTo=2026-02-30'))).toEqual(['createdTo']);
      expect(fieldsOf(await get('createdFrom=2026-12-06&createdTo=2026-12-01'))).toEqual(['createdTo']);
      expect(fieldsOf(await get('q='))).toEqual(['q']);
      expect(fieldsOf(await get('sort=total&cursor=not-a-cursor'))).toEqual(['cursor']);
      const { cursor } = (await expectOk(get('sort=total&limit=1'))).body;
      expect(cursor).toEqual(expect.any(String));
      expect((await get(`sort=total&limit=1&cursor=${cursor}`)).status).toBe(200);
      expect(fieldsOf(await get(`sort=-total&limit=1&cursor=${cursor}`))).toEqual(['cursor']);
      expect(fieldsOf(await get(`sort=total&status=confirmed&limit=1&cursor=${cursor}`))).toEqual(['cursor']);
      const other = await system.createTenant('lists-orders-other');
      expect(fieldsOf(await system.request('GET', `/orders?sort=total&limit=1&cursor=${cursor}`, { token: other.admin() }))).toEqual(['cursor']);
      // Another shop's staff see none of these orders.
      expect((await expectOk(system.request('GET', '/orders?sort=-createdAt&q=ORD-', { token: other.admin() }))).body.items).toEqual([]);
      // A customer keeps their own list; a staff filter is refused, naming it.
      const eve = shop.customer('cust-eve', 'eve@example.net');
      expect(fieldsOf(await system.request('GET', '/orders?sort=total&q=ORD', { token: eve }))).toEqual(['q', 'sort']);
      expect((await expectOk(system.request('GET', '/orders?status=cancelled', { token: eve }))).body.items.map((o: { code: string }) => o.code)).toEqual([orders[5].code]);
    });

    it("keeps today's list: one status or none reads the orders in code order", async () => {
      expect(await codes('limit=100')).toEqual(byCode(orders).concat((await codes('limit=100')).slice(orders.length)));
      expect(await codes('status=cancelled')).toEqual([orders[5].code]);
    });
  });

  describe('categories, coupons, tax rates, shipping zones and methods: cursor pages and sorts', () => {
    let shop: TenantTokens;
    const codesOf = (reply: { body: { items: { code: string }[] } }) => reply.body.items.map((i) => i.code);
    /** Every page of a list, following cursors, `limit` items a page. */
    const pages = async (path: string, limit: number) => {
      const seen: string[][] = [];
      let cursor: string | undefined;
      do {
        const reply = await expectOk(system.request('GET', `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { token: shop.admin() }));
        seen.push(codesOf(reply));
        cursor = reply.body.cursor;
      } while (cursor);
      return seen;
    };

    beforeAll(async () => {
      ({ shop } = await storefrontShop(system, 'lists-small'));
      const post = (path: string, body: unknown) => expectOk(system.request('POST', path, { token: shop.admin(), body }));
      for (const [code, name, parentCode, position] of [
        ['clothing', 'Clothing', undefined, 2],
        ['books', 'Books', undefined, 1],
        ['shirts', 'Shirts', 'clothing', 2],
        ['hats', 'Hats', 'clothing', 1],
        ['zines', 'Zines', 'books', 0],
      ] as const) {
        await post('/categories', { code, name, slug: code, position, ...(parentCode ? { parentCode } : {}) });
      }
      for (const code of ['WINTER', 'AUTUMN', 'SPRING']) await post('/coupons', { code, kind: 'fixed', value: 100, currency: 'EUR' });
      await post('/shipping-zones', { code: 'alps', name: 'Alps', countries: ['CH'] });
      await post('/shipping-zones', { code: 'benelux', name: 'Benelux', countries: ['NL', 'BE', 'LU'] });
      await post('/shipping-methods', { code: 'express', name: 'Express', zoneCode: 'dach', rate: { kind: 'flat', amount: 990 } });
      await post('/shipping-methods', { code: 'pickup', name: 'At the shop', zoneCode: 'dach', rate: { kind: 'flat', amount: 0 } });
      await system.sync();
    }, 300_000);

    it("keeps today's first page: the same items in the same order without parameters", async () => {
      const list = async (path: string) => codesOf(await expectOk(system.request('GET', path, { token: shop.admin() })));
      expect(await list('/categories')).toEqual(['books', 'clothing', 'zines', 'hats', 'shirts']);
      expect(await list('/coupons')).toEqual(['AUTUMN', 'SPRING', 'WINTER']);
      expect(await list('/tax-rates')).toEqual(['AT-STD', 'DE-RED', 'DE-STD']);
      expect(await list('/shipping-zones')).toEqual(['alps', 'benelux', 'dach']);
      expect(await list('/shipping-methods')).toEqual(['express', 'pickup', 'standard']);
    });

    it('pages each list with limit and cursor, every item once, in every sort', async () => {
      expect(await pages('/categories', 2)).toEqual([['books', 'clothing'], ['zines', 'hats'], ['shirts']]);
      expect((await pages('/categories?sort=name', 2)).flat()).toEqual(['books', 'clothing', 'hats', 'shirts', 'zines']);
      expect((await pages('/categories?sort=-name', 3)).flat()).toEqual(['zines', 'shirts', 'hats', 'clothing', 'books']);
      expect((await pages('/categories?sort=-createdAt', 2)).flat()).toEqual(['zines', 'hats', 'shirts', 'books', 'clothing']);
      expect((await pages('/coupons?sort=createdAt', 1)).flat()).toEqual(['WINTER', 'AUTUMN', 'SPRING']);
      expect((await pages('/coupons?sort=-code', 2)).flat()).toEqual(['WINTER', 'SPRING', 'AUTUMN']);
      expect((await pages('/tax-rates?sort=country', 2)).flat()).toEqual(['AT-STD', 'DE-RED', 'DE-STD']);
      expect((await pages('/tax-rates?sort=name', 2)).flat()).toEqual(['DE-STD', 'DE-RED', 'AT-STD']);
      expect((await pages('/shipping-zones?sort=name', 1)).flat()).toEqual(['alps', 'benelux', 'dach']);
      expect((await pages('/shipping-zones?sort=-createdAt', 2)).flat()).toEqual(['benelux', 'alps', 'dach']);
      expect((await pages('/shipping-methods?sort=name', 2)).flat()).toEqual(['pickup', 'express', 'standard']);
      // A coupon page still says how often each is redeemed.
      expect((await expectOk(system.request('GET', '/coupons?limit=1', { token: shop.admin() }))).body.items[0]).toMatchObject({ code: 'AUTUMN', redeemed: 0 });
    });

    it('refuses a bad sort, limit or cursor naming it, and a cursor of another sort or shop', async () => {
      const get = (path: string, token = shop.admin()) => system.request('GET', path, { token });
      for (const path of ['/categories', '/coupons', '/tax-rates', '/shipping-zones', '/shipping-methods']) {
        expect(fieldsOf(await get(`${path}?sort=price`))).toEqual(['sort']);
        expect(fieldsOf(await get(`${path}?limit=0`))).toEqual(['limit']);
        expect(fieldsOf(await get(`${path}?limit=101`))).toEqual(['limit']);
        expect(fieldsOf(await get(`${path}?cursor=bm9wZQ`))).toEqual(['cursor']);
        const { cursor } = (await expectOk(get(`${path}?limit=1&sort=-code`))).body;
        expect(fieldsOf(await get(`${path}?limit=1&sort=code&cursor=${cursor}`))).toEqual(['cursor']);
        expect(fieldsOf(await get(`${path}?limit=1&sort=-code&cursor=${cursor}`, (await system.createTenant(`lists-x${path.length}`)).admin()))).toEqual(['cursor']);
      }
    });
  });
});
