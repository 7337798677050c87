import { CommandService } from '../../src/core/command.service';
import { SYSTEM_TENANT, systemActorContext } from '../../src/core/tenant-context';
import { config } from '../../src/config';
import { TenantDirectory } from '../../src/modules/tenant/tenant.directory';
import { TENANT_ENTITY } from '../../src/modules/tenant/tenant.keys';
import { useFrozenClock } from '../support/frozen-clock';
import { useFreshTables } from '../support/local-env';

/**
 * Two directories stand for two Lambda instances: one that changed a tenant, one that did not.
 * The production default of TENANT_CACHE_SECONDS (5) is what is tested.
 */
describe('TenantDirectory: how long an answer may be stale (DynamoDB Local)', () => {
  const registry = systemActorContext(SYSTEM_TENANT, 'test', 'req');
  const commands = new CommandService();
  const clock = useFrozenClock();
  beforeAll(useFreshTables);

  const createTenant = (code: string) =>
    commands.publish(registry, { type: TENANT_ENTITY, code, name: code, attributes: { enabled: true, taxRateBps: 1000, currency: 'USD' } }, { expectedVersion: 0 });

  it('keeps a yes for TENANT_CACHE_SECONDS (default 5) in another instance, then sees the disable', async () => {
    expect(config().tenantCacheSeconds).toBe(5);
    await createTenant('two-instances');
    const other = new TenantDirectory(commands);
    expect(await other.isActive('two-instances')).toBe(true);
    await commands.publish(registry, { type: TENANT_ENTITY, code: 'two-instances', attributes: { enabled: false, taxRateBps: 1000, currency: 'USD' } }, { expectedVersion: 1 });
    clock.advance(4_900);
    expect(await other.isActive('two-instances')).toBe(true);
    clock.advance(200);
    expect(await other.isActive('two-instances')).toBe(false);
  });

  it('remembers a tenant it could not find for at most a second', async () => {
    const directory = new TenantDirectory(commands);
    expect(await directory.isActive('soon-created')).toBe(false);
    await createTenant('soon-created');
    clock.advance(1_001);
    expect(await directory.isActive('soon-created')).toBe(true);
  });

  it('forgets at once what the same instance was told changed', async () => {
    await createTenant('forgotten');
    const directory = new TenantDirectory(commands);
    expect(await directory.isActive('forgotten')).toBe(true);
    await commands.publish(registry, { type: TENANT_ENTITY, code: 'forgotten', attributes: { enabled: false, taxRateBps: 1000, currency: 'USD' } }, { expectedVersion: 1 });
    directory.forget('forgotten');
    expect(await directory.isActive('forgotten')).toBe(false);
  });
});
