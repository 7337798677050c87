import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../src/core/dynamo';
import { dataTableAction } from '../../src/core/tenant-item.store';
import { systemActorContext } from '../../src/core/tenant-context';
import { CouponRedemptions } from '../../src/modules/promotion/coupon.redemptions';
import { redeemerOf } from '../../src/modules/promotion/redeemer';
import { expectOk } from '../support/storefront';
import { TenantTokens, TestSystem } from '../support/test-system';

describe("a shop's storefront configuration: settings, tax rates, shipping, coupons (DynamoDB Local)", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  it('settings: defaults, versioned changes, validation, admins only', async () => {
    const shop = await system.createTenant('cfg-settings', { currency: 'EUR' });
    const admin = shop.admin();
    expect((await system.request('GET', '/settings', { token: admin })).body).toMatchObject({ version: 0, country: 'US', holdSeconds: 900, cartIdleSeconds: 86400, offlinePaymentMethods: ['manual', 'cash_on_delivery'], onlinePaymentMethods: ['card'] });
    const changed = await expectOk(system.request('PATCH', '/settings', { token: admin, body: { expectedVersion: 0, country: 'DE', pricesIncludeTax: true } }));
    expect(changed.body).toMatchObject({ version: 1, country: 'DE', pricesIncludeTax: true, holdSeconds: 900 });
    // A stale version: 409 with the version saved now, who saved it and when (the conflict dialog's words).
    const stale = (await system.request('PATCH', '/settings', { token: admin, body: { expectedVersion: 0, holdSeconds: 60 } })).body;
    expect(stale).toMatchObject({ statusCode: 409, currentVersion: 1, updatedBy: 'admin-of-cfg-settings', updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    const bad = await system.request('PATCH', '/settings', { token: admin, body: { expectedVersion: 1, holdSeconds: 5, country: 'Germany', offlinePaymentMethods: ['Cash!'] } });
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['country', 'holdSeconds', 'offlinePaymentMethods']);
    expect((await system.request('PATCH', '/settings', { token: admin, body: { expectedVersion: 1, offlinePaymentMethods: ['card'] } })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'onlinePaymentMethods' }] });
    expect((await system.request('GET', '/settings', { token: shop.customer() })).status).toBe(403);
    expect((await system.request('GET', '/settings', { token: admin })).body.version).toBe(1);
  });

  it("settings: the shop's time zone (display only) is an IANA zone, kept until changed", async () => {
    const shop = await system.createTenant('cfg-zone', { currency: 'EUR' });
    const admin = shop.admin();
    expect((await system.request('GET', '/settings', { token: admin })).body.timeZone).toBeUndefined();
    for (const timeZone of ['Berlin', 'Mars/Olympus_Mons', 'Europe/Berlin; drop', 7]) {
      const bad = await system.request('PATCH', '/settings', { token: admin, body: { expectedVersion: 0, timeZone } });
      expect(bad.body).toMatchObject({ statusCode: 400, fields: [{ field: 'timeZone', problem: 'must be an IANA time zone such as Europe/Berlin' }] });
    }
    expect((await expectOk(system.request('PATCH', '/settings', { token: admin, body: { expectedVersion: 0, timeZone: 'Europe/Berlin' } }))).body).toMatchObject({ version: 1, timeZone: 'Europe/Berlin' });
    await expectOk(system.request('PATCH', '/settings', { token: admin, body: { expectedVersion: 1, holdSeconds: 600 } }));
    expect((await system.request('GET', '/settings', { token: shop.as('fulfilment', 'zone-reader') })).body).toMatchObject({ version: 2, timeZone: 'Europe/Berlin', holdSeconds: 600 });
  });

  it('tax rates: one active rate per country, region and class; retire frees it; tenants see only their own', async () => {
    const shop = await system.createTenant('cfg-tax', { currency: 'EUR' });
    const other = await system.createTenant('cfg-tax-other', { currency: 'EUR' });
    const admin = shop.admin();
    await expectOk(system.request('POST', '/tax-rates', { token: admin, body: { code: 'DE-STD', country: 'DE', taxClass: 'standard', rateBps: 1900, name: '19 %' } }));
    const twin = await system.request('POST', '/tax-rates', { token: admin, body: { code: 'DE-STD-2', country: 'DE', taxClass: 'standard', rateBps: 1600, name: '16 %' } });
    expect(twin.body).toMatchObject({ statusCode: 409, rate: 'DE-STD', message: 'tax rate DE-STD already applies to standard in DE' });
    await expectOk(system.request('POST', '/tax-rates', { token: admin, body: { code: 'DE-BY', country: 'DE', region: 'BY', taxClass: 'standard', rateBps: 1800, name: 'a region' } }));
    expect((await system.request('POST', '/tax-rates', { token: admin, body: { code: 'X', country: 'de', taxClass: 'Standard', rateBps: 10001, name: '' } })).body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['country', 'name', 'rateBps', 'taxClass']);
    expect((await expectOk(system.request('DELETE', '/tax-rates/DE-STD', { token: admin }))).body.attributes.active).toBe(false);
    await expectOk(system.request('POST', '/tax-rates', { token: admin, body: { code: 'DE-STD-2', country: 'DE', taxClass: 'standard', rateBps: 1600, name: '16 %' } }));
    expect((await system.request('PATCH', '/tax-rates/DE-STD', { token: admin, body: { expectedVersion: 2, active: true } })).body).toMatchObject({ statusCode: 409, rate: 'DE-STD-2' });
    expect((await system.request('GET', '/tax-rates', { token: admin })).body.items.map((r: { code: string; attributes: { active: boolean } }) => [r.code, r.attributes.active])).toEqual([
      ['DE-BY', true],
      ['DE-STD', false],
      ['DE-STD-2', true],
    ]);
    expect((await system.request('GET', '/tax-rates', { token: other.admin() })).body.items).toEqual([]);
    expect((await system.request('GET', '/tax-rates/DE-BY', { token: other.admin() })).status).toBe(404);
  });

  it('shipping: zones and methods with rates checked per kind', async () => {
    const shop = await system.createTenant('cfg-ship', { currency: 'EUR' });
    const admin = shop.admin();
    await expectOk(system.request('POST', '/shipping-zones', { token: admin, body: { code: 'eu', name: 'EU', countries: ['DE', 'FR'] } }));
    expect((await system.request('POST', '/shipping-methods', { token: admin, body: { code: 'm', name: 'M', zoneCode: 'nowhere', rate: { kind: 'flat', amount: 1 } } })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'zoneCode' }] });
    expect((await system.request('POST', '/shipping-methods', { token: admin, body: { code: 'm', name: 'M', zoneCode: 'eu', rate: { kind: 'free_above', amount: 490 } } })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'rate.freeAbove' }] });
    const tiers = await system.request('POST', '/shipping-methods', { token: admin, body: { code: 'm', name: 'M', zoneCode: 'eu', rate: { kind: 'weight_tiers', tiers: [{ upToGrams: 2000, amount: 500 }, { upToGrams: 1000, amount: 900 }] } } });
    expect(tiers.body).toMatchObject({ statusCode: 400, fields: [{ field: 'rate.tiers.1.upToGrams' }] });
    const made = await expectOk(system.request('POST', '/shipping-methods', { token: admin, body: { code: 'std', name: 'Standard', zoneCode: 'eu', rate: { kind: 'flat', amount: 490 } } }));
    expect(made.body.attributes).toEqual({ zoneCode: 'eu', rate: { kind: 'flat', amount: 490 }, active: true });
    const retired = await expectOk(system.request('PATCH', '/shipping-methods/std', { token: admin, body: { expectedVersion: 1, active: false } }));
    expect(retired.body.attributes.active).toBe(false);
    expect((await system.request('GET', '/shipping-methods', { token: admin })).body.items).toHaveLength(1);
    const stranger = (await system.createTenant('cfg-ship-other', { currency: 'EUR' })).admin();
    expect((await system.request('GET', '/shipping-zones/eu', { token: stranger })).status).toBe(404);
    expect((await system.request('PATCH', '/shipping-methods/std', { token: stranger, body: { expectedVersion: 2, active: true } })).status).toBe(404);
    expect((await expectOk(system.request('DELETE', '/shipping-zones/eu', { token: admin }))).body).toMatchObject({ version: 2, attributes: { active: false } });
    expect((await expectOk(system.request('DELETE', '/shipping-zones/eu', { token: admin }))).body.version).toBe(2);
    expect((await system.request('POST', '/shipping-zones', { token: shop.customer(), body: { code: 'x', name: 'x', countries: ['DE'] } })).status).toBe(403);
  });

  it('coupons: kinds and rules checked, stored upper-case, counted', async () => {
    const shop = await system.createTenant('cfg-coupon', { currency: 'EUR' });
    const admin = shop.admin();
    const bad = await system.request('POST', '/coupons', { token: admin, body: { code: 'PCT', kind: 'percentage', value: 20000, currency: 'USD', startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-11-01T00:00:00Z' } });
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['currency', 'endsAt', 'value']);
    expect((await system.request('POST', '/coupons', { token: admin, body: { code: 'SHIP', kind: 'free_shipping', value: 100, currency: 'EUR' } })).body).toMatchObject({ fields: [{ field: 'value' }] });
    // A missing value is one problem, not every rule a number breaks.
    const noValue = await system.request('POST', '/coupons', { token: admin, body: { code: 'SHIPNOW', kind: 'free_shipping', currency: 'EUR' } });
    expect(noValue).toMatchObject({ status: 400, body: { message: 'value: is required (0 for free_shipping)', fields: [{ field: 'value', problem: 'is required (0 for free_shipping)' }] } });
    expect(noValue.body.fields).toHaveLength(1);
    const noKind = await system.request('POST', '/coupons', { token: admin, body: { code: 'SHIPNOW', value: 0, currency: 'EUR' } });
    expect(noKind.body.fields).toEqual([{ field: 'kind', problem: 'is required' }]);
    expect((await system.request('POST', '/coupons', { token: admin, body: { code: 'SHIPNOW', kind: 'free_shipping', value: -1, currency: 'EUR' } })).body.fields).toEqual([{ field: 'value', problem: 'must not be less than 0' }]);
    const made = await expectOk(system.request('POST', '/coupons', { token: admin, body: { code: 'welcome10', kind: 'percentage', value: 1000, currency: 'EUR', usageLimit: 2 } }));
    expect(made.body).toMatchObject({ code: 'WELCOME10', redeemed: 0, attributes: { exclusive: false, active: true, productCodes: [] } });
    expect((await system.request('GET', '/coupons/welcome10', { token: admin })).body.code).toBe('WELCOME10');
    expect((await system.request('GET', '/coupons/WELCOME10/redemptions', { token: admin })).body.items).toEqual([]);
    // Another shop sees none of it, and its own settings are its own.
    const other = (await system.createTenant('cfg-coupon-other', { currency: 'EUR' })).admin();
    expect((await system.request('GET', '/coupons/WELCOME10', { token: other })).status).toBe(404);
    expect((await system.request('GET', '/coupons', { token: other })).body.items).toEqual([]);
    expect((await system.request('DELETE', '/coupons/WELCOME10', { token: other })).status).toBe(404);
    expect((await expectOk(system.request('DELETE', '/coupons/welcome10', { token: admin }))).body).toMatchObject({ version: 2, attributes: { active: false } });
  });

  it('redemption writes keep the limits in a real transaction: a third use of a 2-use coupon is refused at the counter, a release gives one back once', async () => {
    await system.createTenant('cfg-redeem', { currency: 'EUR' });
    const ctx = systemActorContext('cfg-redeem', 'test', 'test');
    const redemptions = new CouponRedemptions();
    const coupon = { code: 'TWO', usageLimit: 2, perCustomerLimit: 1 };
    const run = (writes: ReturnType<CouponRedemptions['redeemWrites']>) => dynamo().send(new TransactWriteCommand({ TransactItems: writes.map((w) => dataTableAction(ctx, w)) }));
    const now = new Date().toISOString();
    const ada = redeemerOf({ email: ' Ada@Example.com' });
    expect(redeemerOf({ email: 'ada@example.com' })).toEqual(ada);
    await run(redemptions.redeemWrites('ORD-1', coupon, ada, now));
    // The same shopper again: refused at the shopper's counter (index 1).
    await expect(run(redemptions.redeemWrites('ORD-2', coupon, ada, now))).rejects.toMatchObject({ CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }] });
    await run(redemptions.redeemWrites('ORD-3', coupon, redeemerOf({ customerId: 'bob' }), now));
    // Limit reached: refused at the coupon's counter (index 0).
    await expect(run(redemptions.redeemWrites('ORD-4', coupon, redeemerOf({ customerId: 'cy' }), now))).rejects.toMatchObject({ CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }] });
    await run(redemptions.releaseWrites('ORD-1', 'TWO', ada, now));
    // Released once: a second release is refused by the ledger line's state.
    await expect(run(redemptions.releaseWrites('ORD-1', 'TWO', ada, now))).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    await run(redemptions.redeemWrites('ORD-4', coupon, redeemerOf({ customerId: 'cy' }), now));
    const admin = new TenantTokens('cfg-redeem').admin();
    await expectOk(system.request('POST', '/coupons', { token: admin, body: { code: 'TWO', kind: 'fixed', value: 100, currency: 'EUR', usageLimit: 2 } }));
    expect((await system.request('GET', '/coupons/TWO', { token: admin })).body.redeemed).toBe(2);
    expect((await system.request('GET', '/coupons/TWO/redemptions', { token: admin })).body.items.map((l: { orderCode: string; state: string }) => [l.orderCode, l.state])).toEqual([
      ['ORD-1', 'released'],
      ['ORD-3', 'held'],
      ['ORD-4', 'held'],
    ]);
  });
});
