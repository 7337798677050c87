import { handler as sweeper } from '../../src/handlers/sweeper';
import { TestSystem } from '../support/test-system';
import { expectOk, readyGuestCart, storefrontShop } from '../support/storefront';

/** Admin reports from the read model: sales per day, top products, orders by status, low stock, abandoned carts; CSV. */
describe('admin reports', () => {
  let system: TestSystem;
  let admin: string;
  let key: string;
  let orderTotal: number;
  let orderTax: number;
  let orderShipping: number;
  // A day either side, so a run across midnight (UTC) still finds its orders.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const period = `from=${day(-1)}&to=${day(1)}`;

  beforeAll(async () => {
    system = await TestSystem.start();
    const shop = await storefrontShop(system, 'reportshop');
    admin = shop.shop.admin();
    key = shop.key;
    await expectOk(system.request('PATCH', '/settings', { token: admin, body: { expectedVersion: 1, cartIdleSeconds: 3600 } }));
    // BOOK-1 below its threshold; two orders paid offline (confirmed); one cart left idle.
    await expectOk(system.request('PATCH', '/inventory/BOOK-1', { token: admin, body: { expectedVersion: 1, onHand: 20, lowStockThreshold: 25, reason: 'restock' } }));
    for (const lines of [[{ sku: 'TEE-M', quantity: 2 }], [{ sku: 'TEE-L', quantity: 1 }, { sku: 'BOOK-1', quantity: 3 }]]) {
      const cart = await readyGuestCart(system, key, lines);
      const order = (await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: 'manual' }))).body;
      orderTotal = (orderTotal ?? 0) + order.attributes.total.amount;
      orderTax = (orderTax ?? 0) + order.attributes.tax.amount;
      orderShipping = (orderShipping ?? 0) + (order.attributes.shipping?.amount ?? 0);
    }
    await readyGuestCart(system, key, [{ sku: 'BOOK-1', quantity: 2 }]);
    await system.sync();
    await sweeper({ time: new Date(Date.now() + 2 * 3_600_000).toISOString() } as never);
    await system.syncReadModel();
  });
  afterAll(() => system.stop());

  const report = (path: string) => expectOk(system.request('GET', `/reports/${path}`, { token: admin }));

  it('sales per day: gross, discounts, tax, shipping, refunds and net of the confirmed orders', async () => {
    const { items } = (await report(`sales?${period}`)).body;
    expect(items).toEqual([{ day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), currency: 'EUR', orders: 2, gross: 2 * 2000 + 2200 + 3 * 1200, discounts: 0, tax: orderTax, shipping: orderShipping, refunds: 0, net: orderTotal }]);
  });

  it('top products, orders by status, low stock and abandoned carts', async () => {
    expect((await report(`top-products?${period}`)).body.items).toEqual([
      { productCode: 'TEE', name: 'T-shirt', units: 3, revenue: 6200, currency: 'EUR' },
      { productCode: 'BOOK', name: 'A book', units: 3, revenue: 3600, currency: 'EUR' },
    ]);
    expect((await report('orders-by-status')).body.items).toEqual([{ status: 'confirmed', orders: 2, total: orderTotal, currency: 'EUR' }]);
    expect((await report('low-stock')).body.items).toEqual([{ sku: 'BOOK-1', warehouse: 'main', available: 17, onHand: 20, threshold: 25 }]);
    const carts = (await report('abandoned-carts')).body.items;
    expect(carts).toEqual([expect.objectContaining({ lines: 1, total: 2400 + 490, currency: 'EUR' })]);
  });

  it('exports CSV, and refuses bad periods naming the field; customers may not read reports', async () => {
    const csv = await system.request('GET', `/reports/top-products?${period}&format=csv`, { token: admin });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.body).toBe('productCode,name,units,revenue,currency\r\nTEE,T-shirt,3,6200,EUR\r\nBOOK,A book,3,3600,EUR\r\n');
    const field = async (query: string) => (await system.request('GET', `/reports/sales${query}`, { token: admin })).body.fields?.map((f: { field: string }) => f.field);
    expect(await field('?from=2026-02-01&to=2026-01-01')).toEqual(['to']);
    expect(await field('?from=2024-01-01&to=2026-01-01')).toEqual(['to']);
    expect(await field('?from=yesterday')).toEqual(['from']);
    expect(await field('?format=xlsx')).toEqual(['format']);
    expect((await system.request('GET', '/reports/sales', { token: (await system.createTenant('reportshop2')).customer() })).status).toBe(403);
    // Another shop's reports are empty.
    expect((await expectOk(system.request('GET', '/reports/orders-by-status', { token: (await system.createTenant('reportshop3')).admin() }))).body.items).toEqual([]);
  });

  it("counts sales on the shop's days once it has a time zone (UTC days without one)", async () => {
    // Tokyo (UTC+9, no daylight saving): its midnight is 15:00 UTC. M is the last one at least an
    // hour ago; one order half an hour before it, one half an hour after: one UTC day, two Tokyo days.
    const hour = 3_600_000;
    let midnight = Date.parse(`${new Date().toISOString().slice(0, 10)}T15:00:00Z`);
    if (midnight > Date.now() - hour) midnight -= 24 * hour;
    const utcDay = new Date(midnight).toISOString().slice(0, 10);
    const tokyoDay = new Date(midnight + 24 * hour).toISOString().slice(0, 10);
    const shop = await storefrontShop(system, 'reportzone');
    const zoneAdmin = shop.shop.admin();
    for (const at of [midnight - hour / 2, midnight + hour / 2]) {
      const cart = await readyGuestCart(system, shop.key, [{ sku: 'TEE-M', quantity: 1 }]);
      // Only Date is moved (to the instant the order is placed at); timers stay real.
      jest.useFakeTimers({ now: at, advanceTimers: true, doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
      try {
        await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: 'manual' }));
      } finally {
        jest.useRealTimers();
      }
    }
    await system.sync();
    await system.syncReadModel();
    const sales = async (query: string) =>
      (await expectOk(system.request('GET', `/reports/sales${query}`, { token: zoneAdmin }))).body.items.map((r: { day: string; orders: number }) => [r.day, r.orders]);
    const top = async (query: string) => (await expectOk(system.request('GET', `/reports/top-products${query}`, { token: zoneAdmin }))).body.items.map((r: { units: number }) => r.units);
    const both = `?from=${utcDay}&to=${tokyoDay}`;
    // No time zone: both on the UTC day.
    expect(await sales(both)).toEqual([[utcDay, 2]]);
    expect(await top(`?from=${tokyoDay}&to=${tokyoDay}`)).toEqual([]);
    const version = (await expectOk(system.request('GET', '/settings', { token: zoneAdmin }))).body.version;
    await expectOk(system.request('PATCH', '/settings', { token: zoneAdmin, body: { expectedVersion: version, timeZone: 'Asia/Tokyo' } }));
    // Tokyo's days: the first order before its midnight, the second after; a one-day period takes only its own.
    expect(await sales(both)).toEqual([[utcDay, 1], [tokyoDay, 1]]);
    expect(await sales(`?from=${tokyoDay}&to=${tokyoDay}`)).toEqual([[tokyoDay, 1]]);
    expect(await sales(`?from=${utcDay}&to=${utcDay}`)).toEqual([[utcDay, 1]]);
    expect(await top(`?from=${tokyoDay}&to=${tokyoDay}`)).toEqual([1]);
  });
});
