import { systemActorContext } from '../../src/core/tenant-context';
import { AccountService } from '../../src/modules/identity';
import { expectOk } from '../support/storefront';
import { TestSystem } from '../support/test-system';

/** Staff manage a shop's customers (`/customers`). Real DynamoDB Local, real stream handler, real JWTs. */
describe('customers for staff: status reaches the account the guard reads (DynamoDB Local)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  it("PATCH /customers/:id {status} sets the customer's ACCOUNT status too (disable, then enable); a retry writes the account nothing new", async () => {
    const shop = await system.createTenant('cadm-status');
    const ctx = systemActorContext(shop.code, 'test', 'cadm-status');
    const accounts = system.app.get(AccountService);
    // A customer who signed up: their account (what the guard reads) and their profile.
    await accounts.open(ctx, 'ada-sub', { kind: 'customer', username: 'cadm-status#ada', email: 'ada@example.com', status: 'active', roles: ['customer'] });
    const ada = shop.customer('ada-sub', 'ada@example.com');
    await expectOk(system.request('PATCH', '/me', { token: ada, body: { expectedVersion: 0, name: 'Ada' } }));

    const disabled = await expectOk(system.request('PATCH', '/customers/ada-sub', { token: shop.admin(), body: { expectedVersion: 1, status: 'disabled' } }));
    expect(disabled.body).toMatchObject({ version: 2, status: 'disabled' });
    expect(await accounts.standingOf(ctx, 'ada-sub')).toEqual({ status: 'disabled', roles: ['customer'], version: 2 });

    // Notes alone leave the account as it is; the same status again writes no new account version.
    await expectOk(system.request('PATCH', '/customers/ada-sub', { token: shop.admin(), body: { expectedVersion: 2, notes: 'called us' } }));
    await expectOk(system.request('PATCH', '/customers/ada-sub', { token: shop.admin(), body: { expectedVersion: 3, status: 'disabled' } }));
    expect((await accounts.standingOf(ctx, 'ada-sub'))?.version).toBe(2);

    await expectOk(system.request('PATCH', '/customers/ada-sub', { token: shop.admin(), body: { expectedVersion: 4, status: 'active' } }));
    expect(await accounts.standingOf(ctx, 'ada-sub')).toEqual({ status: 'active', roles: ['customer'], version: 3 });
  });

  it('a customer with no account (a token of `npm run token`) keeps none: only the profile status changes; a stale version changes neither', async () => {
    const shop = await system.createTenant('cadm-noacct');
    const ctx = systemActorContext(shop.code, 'test', 'cadm-noacct');
    const accounts = system.app.get(AccountService);
    const bob = shop.customer('bob', 'bob@example.com');
    await expectOk(system.request('PATCH', '/me', { token: bob, body: { expectedVersion: 0, name: 'Bob' } }));
    const disabled = await expectOk(system.request('PATCH', '/customers/bob', { token: shop.admin(), body: { expectedVersion: 1, status: 'disabled' } }));
    expect(disabled.body.status).toBe('disabled');
    expect(await accounts.standingOf(ctx, 'bob')).toBeUndefined();

    await accounts.open(ctx, 'bob', { kind: 'customer', username: 'cadm-noacct#bob', email: 'bob@example.com', status: 'active', roles: ['customer'] });
    const stale = await system.request('PATCH', '/customers/bob', { token: shop.admin(), body: { expectedVersion: 1, status: 'disabled' } });
    expect(stale.body).toMatchObject({ statusCode: 409, currentVersion: 2 });
    expect((await accounts.standingOf(ctx, 'bob'))?.status).toBe('active');
  });
});
