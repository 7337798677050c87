import { ROLE_PERMISSIONS } from '../../src/auth/permissions';
import { dynamo } from '../../src/core/dynamo';
import { SYSTEM_TENANT, systemActorContext, TokenRole } from '../../src/core/tenant-context';
import { AccountService } from '../../src/modules/identity';
import { tokenFor } from '../support/auth';
import { orderBody, stockedProduct } from '../support/shop';
import { expectOk } from '../support/storefront';
import { Reply, TenantTokens, TestSystem } from '../support/test-system';

type Operation = { 'x-permissions'?: string[]; 'x-roles'?: string[]; security?: unknown[] };

/** The reasons the guard refuses with: any other 403 is a service's own decision about the resource. */
const GUARD_REFUSALS = ['missing_permission', 'role_not_allowed'];
const TOKEN_ROLES: TokenRole[] = ['owner', 'tenant-admin', 'fulfilment', 'support', 'customer', 'system-admin'];

describe('staff roles and permissions: the guard against the table, per operation, and the account standing per request', () => {
  let system: TestSystem;
  let shop: TenantTokens;
  let operations: { key: string; method: string; path: string; operation: Operation }[];

  beforeAll(async () => {
    system = await TestSystem.start();
    shop = await system.createTenant('roles');
    const document = (await system.request('GET', '/docs/openapi.json')).body as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, operation })),
    );
  });
  afterAll(() => system.stop());

  /**
   * The walk sends deliberately empty requests (404s, 400s): sent with fetch, not
   * `system.request`, so they stay out of the response contract check, which is not what this
   * test is about (the guard answers before any of them is looked at).
   */
  async function raw(method: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: { reason?: string; permission?: string } }> {
    const response = await fetch(`${system.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: ['GET', 'DELETE'].includes(method) ? undefined : '{}' });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  }
  const refusedByGuard = (reply: { status: number; body: { reason?: string } }) => reply.status === 403 && GUARD_REFUSALS.includes(reply.body.reason ?? '');

  /** A few requests at a time: the walk is ~80 operations per role on a shared machine. */
  async function inBatches<T>(items: T[], visit: (item: T) => Promise<void>, size = 8): Promise<void> {
    for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(visit));
  }
  const authenticated = () => operations.filter(({ operation }) => (operation.security ?? []).length > 0);
  const concretePath = (path: string) => path.replace(/\{[^}]+\}/g, 'x1');

  it('declares on every authenticated operation a permission or a role list, and only permissions of the table', () => {
    const known = new Set(Object.values(ROLE_PERMISSIONS).flat());
    const problems = authenticated().flatMap(({ key, operation }) => {
      const permissions = operation['x-permissions'] ?? [];
      if (permissions.length === 0 && (operation['x-roles'] ?? []).length === 0) return [`${key} declares neither a permission nor roles`];
      return permissions.filter((p) => !known.has(p as never)).map((p) => `${key}: ${p} is held by no role`);
    });
    expect(problems).toEqual([]);
    expect(authenticated().length).toBeGreaterThan(60);
  });

  it.each(TOKEN_ROLES)('refuses %s exactly where the table says it lacks the permission, and never where it holds it or is listed', async (role) => {
    const token = tokenFor(role === 'system-admin' ? SYSTEM_TENANT : shop.code, role, `walker-${role}`);
    const wrong: string[] = [];
    await inBatches(authenticated(), async ({ key, method, path, operation }) => {
      const [permission] = operation['x-permissions'] ?? [];
      const allowed = (operation['x-roles'] ?? []).includes(role) || (permission !== undefined && (ROLE_PERMISSIONS[role] as readonly string[]).includes(permission));
      const reply = await raw(method, concretePath(path), { authorization: `Bearer ${token}` });
      if (allowed && refusedByGuard(reply)) wrong.push(`${key}: refused (${reply.body.reason})`);
      if (!allowed && !refusedByGuard(reply)) wrong.push(`${key}: let through (${reply.status})`);
      if (!allowed && permission && reply.body.permission !== permission) wrong.push(`${key}: the 403 names ${reply.body.permission}, not ${permission}`);
    });
    expect(wrong.sort()).toEqual([]);
  });

  it('lets a guest (publishable key) onto exactly the operations that list guest', async () => {
    const { key } = (await expectOk(system.request('POST', '/publishable-keys', { token: shop.admin(), body: { label: 'walker' } }))).body;
    const wrong: string[] = [];
    await inBatches(authenticated(), async ({ key: route, method, path, operation }) => {
      const listed = (operation['x-roles'] ?? []).includes('guest');
      const reply = await raw(method, concretePath(path), { 'x-publishable-key': key });
      if (listed === refusedByGuard(reply)) wrong.push(`guest ${route}: ${reply.status} ${reply.body.reason ?? ''}`);
    });
    expect(wrong.sort()).toEqual([]);
  });

  it('documents the permission in each operation: x-permissions and a sentence naming the roles that hold it', async () => {
    const document = (await system.request('GET', '/docs/openapi.json')).body;
    const refund = document.paths['/orders/{code}/refunds'].post;
    expect(refund['x-permissions']).toEqual(['payments.refund']);
    expect(refund.description).toContain('Needs the permission `payments.refund` (held by owner, tenant-admin).');
    const read = document.paths['/orders/{code}'].get;
    expect(read.description).toContain('Needs the permission `orders.read` (held by owner, tenant-admin, fulfilment, support). Also open to: customer, guest.');
  });

  /** A confirmed order of a customer (cash on delivery), and the product it holds. */
  async function confirmedOrder(product: string): Promise<{ code: string; version: number }> {
    await stockedProduct(system, shop, product);
    const placed = await expectOk(system.request('POST', '/orders', { token: shop.customer(), body: { ...orderBody([{ productCode: product, quantity: 1 }]), paymentMethod: 'cash_on_delivery' } }));
    await system.sync();
    const order = (await expectOk(system.request('GET', `/orders/${placed.body.code}`, { token: shop.admin() }))).body;
    expect(order.attributes.status).toBe('confirmed');
    return { code: order.code, version: order.version };
  }
  const productPatch = (token: string, code: string) => system.request('PATCH', `/products/${code}`, { token, body: { expectedVersion: 1, price: { amount: 1, currency: 'USD' } } });
  const expectMissing = (reply: Reply, permission: string) => expect([reply.status, reply.body.reason, reply.body.permission]).toEqual([403, 'missing_permission', permission]);

  it('fulfilment processes and ships an order, but cannot refund it, cancel it or change a price', async () => {
    const fulfilment = shop.as('fulfilment', 'packer');
    const order = await confirmedOrder('ROLE-SHIP');
    const processing = await expectOk(system.request('PATCH', `/orders/${order.code}/status`, { token: fulfilment, body: { status: 'processing', expectedVersion: order.version } }));
    expectMissing(await system.request('PATCH', `/orders/${order.code}/status`, { token: fulfilment, body: { status: 'cancelled', expectedVersion: processing.body.version } }), 'orders.cancel');
    const shipped = await expectOk(
      system.request('POST', `/orders/${order.code}/shipments`, { token: fulfilment, body: { expectedVersion: processing.body.version, carrier: 'DHL', trackingNumber: 'DHL-ROLE-1' } }),
    );
    expect(shipped.body.attributes.status).toBe('shipped');
    expectMissing(await system.request('POST', `/orders/${order.code}/refunds`, { token: fulfilment, body: { amount: 100, reason: 'goodwill' } }), 'payments.refund');
    // The payment ledger is read with the order (orders.read), though refunding from it is not theirs.
    expect((await expectOk(system.request('GET', `/orders/${order.code}/payments`, { token: fulfilment }))).body.items).toEqual([]);
    expectMissing(await productPatch(fulfilment, 'ROLE-SHIP'), 'catalog.write');
    await expectOk(system.request('GET', '/inventory/ROLE-SHIP', { token: fulfilment }));
  });

  it('support reads orders and customers, moderates reviews, but cannot change a price or refund', async () => {
    const support = shop.as('support', 'helper');
    const order = await confirmedOrder('ROLE-HELP');
    await expectOk(system.request('GET', `/orders/${order.code}`, { token: support }));
    // The order's payments with it (orders.read), the same answer as the customer's.
    const payments = await system.request('GET', `/orders/${order.code}/payments`, { token: support });
    expect(payments.status).toBe(200);
    expect(payments.body).toEqual((await expectOk(system.request('GET', `/orders/${order.code}/payments`, { token: shop.customer() }))).body);
    expect((await expectOk(system.request('GET', '/orders', { token: support }))).body.items.map((o: { code: string }) => o.code)).toContain(order.code);
    await expectOk(system.request('PATCH', '/me', { token: shop.customer(), body: { expectedVersion: 0, name: 'Ada Buyer' } }));
    expect((await expectOk(system.request('GET', `/customers/customer-of-${shop.code}`, { token: support }))).body.name).toBe('Ada Buyer');
    // Reaches the review service (no such review), not the guard.
    expect((await system.request('PATCH', '/reviews/REV-NONE', { token: support, body: { expectedVersion: 1, status: 'hidden' } })).status).not.toBe(403);
    expectMissing(await productPatch(support, 'ROLE-HELP'), 'catalog.write');
    expectMissing(await system.request('POST', `/orders/${order.code}/refunds`, { token: support, body: { amount: 100, reason: 'goodwill' } }), 'payments.refund');
  });

  describe('the account standing, read on every request', () => {
    const accounts = () => system.app.get(AccountService);
    const open = (userId: string, roles: TokenRole[], status: 'active' | 'invited' = 'active') =>
      accounts().open(systemActorContext(shop.code, 'test:roles', userId), userId, { kind: 'staff', username: `${shop.code}#${userId}@example.com`, email: `${userId}@example.com`, status, roles });
    const owner = () => shop.as('owner', 'the-owner');
    const patchStaff = (token: string, id: string, body: Record<string, unknown>) => system.request('PATCH', `/staff/${id}`, { token, body });

    beforeAll(async () => {
      await open('the-owner', ['owner']);
      await system.sync();
    });

    it('refuses a disabled account on its very next request with the same token, lowers roles at once, and lets it back in when re-enabled', async () => {
      const account = await open('clerk', ['tenant-admin']);
      // The token still says tenant-admin all along: the account decides.
      const token = shop.as('tenant-admin', 'clerk');
      await expectOk(system.request('GET', '/reports/sales', { token }));

      const lowered = await expectOk(patchStaff(owner(), 'clerk', { expectedVersion: account.version, roles: ['fulfilment'] }));
      expect(lowered.body.attributes.roles).toEqual(['fulfilment']);
      expectMissing(await system.request('GET', '/reports/sales', { token }), 'reports.read');
      await expectOk(system.request('GET', `/inventory/NOPE`, { token }), [200, 404]);

      const disabled = await expectOk(patchStaff(owner(), 'clerk', { expectedVersion: lowered.body.version, status: 'disabled' }));
      const refused = await system.request('GET', '/orders', { token });
      expect([refused.status, refused.body.reason]).toEqual([403, 'account_disabled']);

      await expectOk(patchStaff(owner(), 'clerk', { expectedVersion: disabled.body.version, status: 'active', roles: ['tenant-admin'] }));
      await expectOk(system.request('GET', '/reports/sales', { token }));
    });

    it("PATCH /staff/:id of another shop's person: 404 for shop B's owner, never shop A's account, and nothing changes in shop A", async () => {
      // The account is found by `pk = TENANT#<the caller's verified tenant>` and `ACCOUNT#<id>`:
      // were the partition built from anything the request carries (a tenant in the path, body or a
      // header), shop B's owner would reach shop A's clerk by naming shop A, and the answer would be
      // 200 with shop A's account (or 409 with its version): this test would fail on either.
      const clerk = await open('a-clerk', ['support']);
      await system.sync();
      const other = await system.createTenant('roles-other');
      const intruder = other.as('owner', 'b-owner');
      for (const body of [{ expectedVersion: clerk.version, status: 'disabled' }, { expectedVersion: clerk.version, roles: ['owner'] }, { expectedVersion: clerk.version + 5, status: 'disabled' }]) {
        const refused = await patchStaff(intruder, 'a-clerk', body);
        expect(refused.status).toBe(404);
        expect(JSON.stringify(refused.body)).not.toContain('a-clerk@example.com');
        expect(refused.body.currentVersion).toBeUndefined();
      }
      // Shop B's staff list never shows shop A's people.
      const listed = await expectOk(system.request('GET', '/staff', { token: intruder }));
      expect(JSON.stringify(listed.body)).not.toContain('a-clerk');
      const after = await accounts().get(systemActorContext(shop.code, 'test:roles', 'r'), 'a-clerk');
      expect(after).toMatchObject({ version: clerk.version, attributes: { status: 'active', roles: ['support'] } });
      await expectOk(system.request('GET', '/orders', { token: shop.as('support', 'a-clerk') }));
    });

    it('refuses an invited account that has not accepted yet', async () => {
      await open('newcomer', ['support'], 'invited');
      const refused = await system.request('GET', '/orders', { token: shop.as('support', 'newcomer') });
      expect([refused.status, refused.body.reason]).toEqual([403, 'account_disabled']);
    });

    it('keeps the last active owner: neither disabled nor demoted (409 last_owner), until another owner exists', async () => {
      const current = await accounts().get(systemActorContext(shop.code, 'test:roles', 'r'), 'the-owner');
      for (const change of [{ status: 'disabled' }, { roles: ['tenant-admin'] }]) {
        const refused = await patchStaff(owner(), 'the-owner', { expectedVersion: current!.version, ...change });
        expect([refused.status, refused.body.reason]).toEqual([409, 'last_owner']);
      }
      const second = await open('second-owner', ['owner']);
      await system.sync();
      await expectOk(patchStaff(owner(), 'the-owner', { expectedVersion: current!.version, roles: ['owner', 'tenant-admin'] }));
      const demoted = await expectOk(patchStaff(shop.as('owner', 'second-owner'), 'the-owner', { expectedVersion: current!.version + 1, roles: ['tenant-admin'] }));
      expect(demoted.body.attributes.roles).toEqual(['tenant-admin']);
      // Now the second owner is the last one.
      const last = await patchStaff(shop.as('owner', 'second-owner'), 'second-owner', { expectedVersion: second.version, status: 'disabled' });
      expect([last.status, last.body.reason]).toEqual([409, 'last_owner']);
      // The demoted owner lost /staff on its next request.
      expectMissing(await system.request('GET', '/staff', { token: owner() }), 'staff.manage');
    });

    it('lets only one of two owners demoting each other at the same moment win: the shop keeps an owner', async () => {
      const race = await system.createTenant('roles-race');
      const ctx = systemActorContext(race.code, 'test:roles', 'race');
      const [a, b] = await Promise.all(
        ['owner-a', 'owner-b'].map((id) => accounts().open(ctx, id, { kind: 'staff', username: `${race.code}#${id}@example.com`, email: `${id}@example.com`, status: 'active', roles: ['owner'] })),
      );
      await system.sync();
      const demote = (by: string, id: string, version: number) => system.request('PATCH', `/staff/${id}`, { token: race.as('owner', by), body: { expectedVersion: version, roles: ['tenant-admin'] } });
      // The worst interleaving, made certain: a's demotion of b has checked that a is still an
      // owner and is about to write b's new version when b's demotion of a runs from start to end.
      let second: Promise<Reply> | undefined;
      const stack = dynamo().middlewareStack;
      stack.add(
        (next, context) => async (args) => {
          const write = context.commandName === 'TransactWriteItemsCommand' || context.commandName === 'PutItemCommand';
          if (!second && write && JSON.stringify(args.input).includes('"code":"owner-b"')) {
            second = demote('owner-b', 'owner-a', a.version);
            await second;
          }
          return next(args);
        },
        { step: 'initialize', name: 'owner-race' },
      );
      let first: Reply;
      try {
        first = await demote('owner-a', 'owner-b', b.version);
      } finally {
        stack.remove('owner-race');
      }
      expect([(await second!).status, first.status, first.body.reason]).toEqual([200, 409, 'last_owner']);
      const owners = await Promise.all(['owner-a', 'owner-b'].map((id) => accounts().get(ctx, id)));
      expect(owners.map((o) => o!.attributes.roles)).toEqual([['tenant-admin'], ['owner']]);
    });

    it('lists the staff to an owner and refuses /staff to everyone else', async () => {
      await system.sync();
      const listed = await expectOk(system.request('GET', '/staff', { token: shop.as('owner', 'second-owner') }));
      expect(listed.body.items.map((a: { code: string }) => a.code)).toEqual(expect.arrayContaining(['clerk', 'second-owner', 'newcomer']));
      for (const token of [shop.admin(), shop.as('support', 'helper'), shop.customer()]) {
        expectMissing(await system.request('GET', '/staff', { token }), 'staff.manage');
        expectMissing(await patchStaff(token, 'clerk', { expectedVersion: 1, status: 'disabled' }), 'staff.manage');
      }
    });

    it('answers 400 naming the field for an unknown role or an empty change, and 404 for a customer account', async () => {
      const bad = await patchStaff(shop.as('owner', 'second-owner'), 'clerk', { expectedVersion: 1, roles: ['admin'] });
      expect([bad.status, bad.body.fields?.[0]?.field]).toEqual([400, 'roles']);
      const empty = await patchStaff(shop.as('owner', 'second-owner'), 'clerk', { expectedVersion: 1 });
      expect([empty.status, empty.body.fields?.[0]?.field]).toEqual([400, 'roles']);
      await accounts().open(systemActorContext(shop.code, 'test:roles', 'buyer'), 'buyer', { kind: 'customer', username: `${shop.code}#buyer@example.com`, email: 'buyer@example.com', status: 'active', roles: ['customer'] });
      expect((await patchStaff(shop.as('owner', 'second-owner'), 'buyer', { expectedVersion: 1, status: 'disabled' })).status).toBe(404);
    });
  });
});
