import { CommandService } from '../../src/core/command.service';
import { TenantContext } from '../../src/core/tenant-context';
import { TenantSnapshots } from '../../src/core/tenant-snapshots';
import { useFrozenClock } from '../support/frozen-clock';
import { useFreshTables } from '../support/local-env';

/**
 * The per-tenant snapshot the shop's pricing rules come from: kept for TENANT_CACHE_SECONDS (the
 * production default, 5), forgotten at once when this instance publishes a version of a type it
 * was built from, and never kept when a change lands while it is being read.
 */
describe('TenantSnapshots: how long a shop rules snapshot may be stale (DynamoDB Local)', () => {
  const ctx: TenantContext = { tenantCode: 'snap-shop', userId: 'admin', roles: ['tenant-admin'], requestId: 'r', source: 'test' };
  const clock = useFrozenClock();
  beforeAll(useFreshTables);

  it('keeps an answer for 5 s, and forgets it when this instance publishes a version of its types', async () => {
    const snapshots = new TenantSnapshots();
    const commands = new CommandService(snapshots);
    let loads = 0;
    const read = () => snapshots.read(ctx.tenantCode, ['TAXRATE'], async () => ++loads);
    expect(await read()).toBe(1);
    clock.advance(4_900);
    expect(await read()).toBe(1);
    clock.advance(200);
    expect(await read()).toBe(2);

    // Another type changes nothing; a tax rate published here is seen on the next read.
    await commands.publish(ctx, { type: 'PRODUCT', code: 'P', attributes: {} }, { expectedVersion: 0 });
    expect(await read()).toBe(2);
    await commands.publish(ctx, { type: 'TAXRATE', code: 'US', attributes: {} }, { expectedVersion: 0 });
    expect(await read()).toBe(3);
    // Another tenant's snapshot is its own.
    expect(await snapshots.read('other-shop', ['TAXRATE'], async () => 'other')).toBe('other');
  });

  it('does not keep what a read saw when a change landed while it ran', async () => {
    const snapshots = new TenantSnapshots();
    let release!: () => void;
    const slow = snapshots.read(ctx.tenantCode, ['SETTINGS'], () => new Promise<string>((resolve) => (release = () => resolve('before'))));
    snapshots.written(ctx.tenantCode, ['SETTINGS']);
    release();
    expect(await slow).toBe('before');
    expect(await snapshots.read(ctx.tenantCode, ['SETTINGS'], async () => 'after')).toBe('after');
  });
});
