import { berlin, expectOk } from '../support/storefront';
import { TestSystem } from '../support/test-system';

const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();

describe('customers: profile and address book (/me), staff read and notes (/customers/:id) (DynamoDB Local)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  it('GET /me before any write answers the token at version 0 and writes nothing; the first PATCH (expectedVersion 0) creates it', async () => {
    const shop = await system.createTenant('cust-lazy');
    const ada = shop.customer('ada', 'ada@example.com');
    const first = await expectOk(system.request('GET', '/me', { token: ada }));
    expect(first.body).toEqual({ id: 'ada', version: 0, items: [], email: 'ada@example.com', emailVerified: true, status: 'active' });
    // Reading wrote nothing: staff find no customer yet.
    expect((await system.request('GET', '/customers/ada', { token: shop.admin() })).status).toBe(404);

    const created = await expectOk(system.request('PATCH', '/me', { token: ada, body: { expectedVersion: 0, name: 'Ada Lovelace', phone: '+4930123456', marketingConsent: { granted: true, source: 'account' } } }));
    expect(created.body).toMatchObject({ id: 'ada', version: 1, name: 'Ada Lovelace', phone: '+4930123456', email: 'ada@example.com', emailVerified: true, marketingConsent: { granted: true, source: 'account' } });
    expect(Date.parse(created.body.marketingConsent.at)).not.toBeNaN();
    expect((await system.request('GET', '/me', { token: ada })).body).toMatchObject({ version: 1, name: 'Ada Lovelace' });
  });

  it('PATCH /me with a stale version is 409 with the current version; the verified email cannot be replaced; without one it is kept unverified', async () => {
    const shop = await system.createTenant('cust-versions');
    const ada = shop.customer('ada', 'ada@example.com');
    await expectOk(system.request('PATCH', '/me', { token: ada, body: { expectedVersion: 0, name: 'Ada' } }));
    expect((await system.request('PATCH', '/me', { token: ada, body: { expectedVersion: 0, name: 'Twin' } })).body).toMatchObject({ statusCode: 409, currentVersion: 1 });
    await expectOk(system.request('PATCH', '/me', { token: ada, body: { expectedVersion: 1, name: 'Ada L.' } }));
    expect((await system.request('PATCH', '/me', { token: ada, body: { expectedVersion: 1, name: 'Late' } })).body).toMatchObject({ statusCode: 409, currentVersion: 2, expectedVersion: 1 });
    const replaced = await system.request('PATCH', '/me', { token: ada, body: { expectedVersion: 2, email: 'other@example.com' } });
    expect(replaced.status).toBe(400);
    expect(fieldsOf(replaced.body)).toEqual(['email']);

    const bob = shop.as('customer', 'bob');
    const typed = await expectOk(system.request('PATCH', '/me', { token: bob, body: { expectedVersion: 0, email: 'bob@example.com' } }));
    expect(typed.body).toMatchObject({ email: 'bob@example.com', emailVerified: false });
    const withPhone = await expectOk(system.request('PATCH', '/me', { token: bob, body: { expectedVersion: 1, phone: '+4930123456' } }));
    expect(withPhone.body.phone).toBe('+4930123456');
    // null clears an optional field, and is stored as absent rather than null.
    const cleared = await expectOk(system.request('PATCH', '/me', { token: bob, body: { expectedVersion: 2, phone: null } }));
    expect(cleared.body).toEqual({ id: 'bob', version: 3, items: [], email: 'bob@example.com', emailVerified: false, status: 'active' });
    expect((await system.request('GET', '/me', { token: ada })).body).toMatchObject({ version: 2, name: 'Ada L.', email: 'ada@example.com' });
  });

  it('bad input is a 400 naming every field and writes nothing; notes and status are not the customer’s to write', async () => {
    const shop = await system.createTenant('cust-bad');
    const ada = shop.customer('ada');
    const bad = await system.request('PATCH', '/me', { token: ada, body: { expectedVersion: -1, name: 'a\u0000b', phone: '030 123', marketingConsent: { granted: 'yes', source: 'phone' } } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['expectedVersion', 'marketingConsent.granted', 'marketingConsent.source', 'name', 'phone']);
    const staffFields = await system.request('PATCH', '/me', { token: ada, body: { expectedVersion: 0, notes: 'VIP', status: 'disabled' } });
    expect(staffFields.status).toBe(400);
    expect(staffFields.body.fields).toEqual([
      { field: 'notes', problem: 'is not an accepted field' },
      { field: 'status', problem: 'is not an accepted field' },
    ]);
    const badAddress = await system.request('POST', '/me/addresses', { token: ada, body: { expectedVersion: 0, ...berlin, country: 'Germany', line1: '', defaultShipping: 'yes' } });
    expect(fieldsOf(badAddress.body)).toEqual(['country', 'defaultShipping', 'line1']);
    expect((await system.request('GET', '/me', { token: ada })).body.version).toBe(0);
  });

  it('address book: add, change, defaults, delete, and at most 20', async () => {
    const shop = await system.createTenant('cust-book');
    const ada = shop.customer('ada');
    const first = await expectOk(system.request('POST', '/me/addresses', { token: ada, body: { expectedVersion: 0, ...berlin } }), [201]);
    const home = first.body.items[0].id as string;
    expect(first.body).toEqual({ version: 1, items: [{ id: home, ...berlin }], defaultShippingId: home, defaultBillingId: home });

    const second = await expectOk(system.request('POST', '/me/addresses', { token: ada, body: { expectedVersion: 1, ...berlin, line1: 'Kurfürstendamm 1', defaultBilling: true } }), [201]);
    const office = second.body.items[1].id as string;
    expect(second.body).toMatchObject({ version: 2, defaultShippingId: home, defaultBillingId: office });

    const moved = await expectOk(system.request('PATCH', `/me/addresses/${home}`, { token: ada, body: { expectedVersion: 2, city: 'Potsdam', postalCode: '14467', defaultShipping: false } }));
    expect(moved.body.items[0]).toEqual({ ...berlin, id: home, city: 'Potsdam', postalCode: '14467' });
    expect(moved.body.defaultShippingId).toBeUndefined();
    expect(moved.body.defaultBillingId).toBe(office);
    expect((await system.request('PATCH', `/me/addresses/${home}`, { token: ada, body: { expectedVersion: 3, country: 'de' } })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'country' }] });
    expect((await system.request('PATCH', `/me/addresses/${home}`, { token: ada, body: { expectedVersion: 3, city: null, line2: null } })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'city', problem: 'is required' }] });
    expect((await system.request('PATCH', '/me/addresses/nope', { token: ada, body: { expectedVersion: 3, city: 'X' } })).status).toBe(404);

    const removed = await expectOk(system.request('DELETE', `/me/addresses/${office}?expectedVersion=3`, { token: ada }));
    expect(removed.body).toEqual({ version: 4, items: [{ ...berlin, id: home, city: 'Potsdam', postalCode: '14467' }] });
    expect((await system.request('DELETE', `/me/addresses/${home}?expectedVersion=3`, { token: ada })).body).toMatchObject({ statusCode: 409, currentVersion: 4 });
    expect((await system.request('GET', '/me/addresses', { token: ada })).body.version).toBe(4);

    let version = 4;
    for (let i = 1; i < 20; i++) {
      version = (await expectOk(system.request('POST', '/me/addresses', { token: ada, body: { expectedVersion: version, ...berlin, line1: `Street ${i}` } }), [201])).body.version;
    }
    const full = await system.request('POST', '/me/addresses', { token: ada, body: { expectedVersion: version, ...berlin } });
    expect(full.status).toBe(400);
    expect(fieldsOf(full.body)).toEqual(['addresses']);
    const book = await system.request('GET', '/me/addresses', { token: ada });
    expect(book.body).toMatchObject({ version });
    expect(book.body.items).toHaveLength(20);
  });

  it('a retried address POST (same Idempotency-Key) adds one address and answers the same; without the key the retry is a 409', async () => {
    const shop = await system.createTenant('cust-retry');
    const ada = shop.customer('ada');
    const post = (headers: Record<string, string>) => system.request('POST', '/me/addresses', { token: ada, body: { expectedVersion: 0, ...berlin }, headers });
    const first = await expectOk(post({ 'idempotency-key': 'add-home-1' }), [201]);
    const again = await expectOk(post({ 'idempotency-key': 'add-home-1' }), [201]);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await post({})).body).toMatchObject({ statusCode: 409, currentVersion: 1 });
    expect((await system.request('GET', '/me/addresses', { token: ada })).body.items).toHaveLength(1);
  });

  it('staff read a customer and write notes and status with versions; customers cannot; other shops and other customers see nothing', async () => {
    const shop = await system.createTenant('cust-staff');
    const other = await system.createTenant('cust-staff-other');
    const ada = shop.customer('ada');
    await expectOk(system.request('PATCH', '/me', { token: ada, body: { expectedVersion: 0, name: 'Ada' } }));
    const admin = shop.admin();

    const read = await expectOk(system.request('GET', '/customers/ada', { token: admin }));
    expect(read.body).toMatchObject({ id: 'ada', version: 1, name: 'Ada', status: 'active', items: [] });
    const noted = await expectOk(system.request('PATCH', '/customers/ada', { token: admin, body: { expectedVersion: 1, notes: 'Prefers mornings.\nCall first.', status: 'disabled' } }));
    expect(noted.body).toMatchObject({ version: 2, notes: 'Prefers mornings.\nCall first.', status: 'disabled' });
    expect((await system.request('PATCH', '/customers/ada', { token: admin, body: { expectedVersion: 1, notes: 'stale' } })).body).toMatchObject({ statusCode: 409, currentVersion: 2 });
    const badStatus = await system.request('PATCH', '/customers/ada', { token: admin, body: { expectedVersion: 2, status: 'banned', name: 'X' } });
    expect(fieldsOf(badStatus.body)).toEqual(['name', 'status']);
    expect((await system.request('PATCH', '/customers/ada', { token: admin, body: { expectedVersion: 2, status: null } })).body).toMatchObject({ statusCode: 400, fields: [{ field: 'status', problem: 'is required' }] });

    // The customer sees the status, never the notes, and a later change of theirs keeps both.
    const mine = await expectOk(system.request('PATCH', '/me', { token: ada, body: { expectedVersion: 2, phone: '+4930123456' } }));
    expect(mine.body).toMatchObject({ version: 3, status: 'disabled' });
    expect(mine.body.notes).toBeUndefined();
    expect((await system.request('GET', '/customers/ada', { token: admin })).body).toMatchObject({ version: 3, notes: 'Prefers mornings.\nCall first.', phone: '+4930123456' });

    // Staff routes are staff only: a customer reads neither another customer nor themselves there.
    const bob = shop.customer('bob');
    expect((await system.request('GET', '/customers/ada', { token: bob })).status).toBe(403);
    expect((await system.request('GET', '/customers/bob', { token: bob })).status).toBe(403);
    expect((await system.request('PATCH', '/customers/ada', { token: ada, body: { expectedVersion: 3, notes: 'x' } })).status).toBe(403);
    // Another shop's staff: 404, as for a customer that does not exist; its own customer of the same sub is another profile.
    expect((await system.request('GET', '/customers/ada', { token: other.admin() })).status).toBe(404);
    expect((await system.request('PATCH', '/customers/ada', { token: other.admin(), body: { expectedVersion: 3, notes: 'x' } })).status).toBe(404);
    expect((await system.request('GET', '/me', { token: other.customer('ada') })).body).toMatchObject({ version: 0 });
    expect((await system.request('GET', '/me', { token: admin })).status).toBe(403);
  });
});
