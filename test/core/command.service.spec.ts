import { DynamoCallCounter } from '../../scripts/lib/dynamo-calls';
import { CommandService } from '../../src/core/command.service';
import { versionedSortKey } from '../../src/core/keys';
import { VersionConflictError } from '../../src/core/errors';
import { systemActorContext } from '../../src/core/tenant-context';
import { useFreshTables } from '../support/local-env';

const ctx = systemActorContext('shop-a', 'test', 'req-1');
const commands = new CommandService();
const widget = (name: string) => ({ type: 'WIDGET', code: 'W-1', name, attributes: { colour: name } });

describe('CommandService.publish (DynamoDB Local)', () => {
  beforeAll(useFreshTables);

  it('writes version 1, then refuses a second create with the current version', async () => {
    const first = await commands.publish(ctx, widget('red'), { expectedVersion: 0 });
    expect(first).toMatchObject({ pk: 'TENANT#shop-a', sk: 'WIDGET#W-1@1', version: 1, issuedBy: 'shopstream', requestId: 'req-1', source: 'test' });

    await expect(commands.publish(ctx, widget('blue'), { expectedVersion: 0 })).rejects.toMatchObject({
      status: 409,
      currentVersion: 1,
    });
  });

  it('lets exactly one of two concurrent writers with the same expected version win', async () => {
    const results = await Promise.allSettled([
      commands.publish(ctx, widget('green'), { expectedVersion: 1 }),
      commands.publish(ctx, widget('yellow'), { expectedVersion: 1 }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(VersionConflictError);
    expect(lost[0].reason).toMatchObject({ status: 409, expectedVersion: 1, currentVersion: 2 });
    expect(await commands.currentVersion(ctx, 'WIDGET#W-1')).toBe(2);
  });

  it('refuses an expected version ahead of the latest instead of leaving a gap', async () => {
    await expect(commands.publish(ctx, widget('purple'), { expectedVersion: 7 })).rejects.toMatchObject({
      status: 409,
      currentVersion: 2,
    });
    expect(await commands.getVersion(ctx, 'WIDGET', 'W-1', 8)).toBeUndefined();
  });

  it('keeps tenants apart: the same code in another tenant is another entity', async () => {
    const other = systemActorContext('shop-b', 'test', 'req-2');
    const created = await commands.publish(other, widget('black'), { expectedVersion: 0 });
    expect(created.pk).toBe('TENANT#shop-b');
    expect(await commands.currentVersion(ctx, 'WIDGET#W-1')).toBe(2);
  });
});

describe('version keys (DynamoDB Local)', () => {
  beforeAll(useFreshTables);

  it('sort in version order, so the newest of 120 versions is one item read and history pages come oldest first', async () => {
    const keys = Array.from({ length: 1200 }, (_, v) => versionedSortKey('GADGET#G-1', v));
    expect([...keys].sort()).toEqual(keys);
    expect([versionedSortKey('X', 1), versionedSortKey('X', 9), versionedSortKey('X', 10), versionedSortKey('X', 113)]).toEqual(['X@1', 'X@9', 'X@:10', 'X@::113']);

    for (let version = 0; version < 120; version++) await commands.publish(ctx, { type: 'GADGET', code: 'G-1', attributes: { version } }, { expectedVersion: version });
    const calls = DynamoCallCounter.attach();
    let newest: number | undefined;
    const cost = await calls.during(async () => {
      newest = (await commands.getLatest(ctx, 'GADGET', 'G-1'))?.version;
    });
    expect(newest).toBe(120);
    expect(cost).toMatchObject({ total: 1, itemsRead: 1 });
    expect(await commands.currentVersion(ctx, 'GADGET#G-1')).toBe(120);

    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await commands.versionPage(ctx, 'GADGET', 'G-1', { limit: 50, cursor });
      seen.push(...page.items.map((item) => item.version));
      cursor = page.cursor;
    } while (cursor);
    calls.stop();
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
  });
});
