import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { config } from '../../src/config';
import { CommandService } from '../../src/core/command.service';
import { DataService } from '../../src/core/data.service';
import { dynamo } from '../../src/core/dynamo';
import { HistoryService } from '../../src/core/history.service';
import { DataSyncRegistry } from '../../src/core/sync/data-sync-handler';
import { systemActorContext, TenantContext } from '../../src/core/tenant-context';
import { handler } from '../../src/handlers/command-sync';
import { syncApp } from '../../src/handlers/sync-app';
import { useFreshTables } from '../support/local-env';
import { StreamDriver } from '../../scripts/lib/stream-driver';

const commands = new CommandService();
const data = new DataService();
const history = new HistoryService(data);

async function publishThreeVersions(ctx: TenantContext, code: string): Promise<void> {
  for (const [version, colour] of ['red', 'green', 'blue'].entries()) {
    await commands.publish(ctx, { type: 'WIDGET', code, attributes: { colour } }, { expectedVersion: version });
  }
}

const ofTenant = (records: DynamoDBRecord[], tenant: string) => records.filter((r) => r.dynamodb?.Keys?.pk?.S === `TENANT#${tenant}`);
const versionOf = (record: DynamoDBRecord) => Number(record.dynamodb?.NewImage?.version?.N);
const stateOf = async (ctx: TenantContext, code: string) => ({
  latest: await data.get(ctx, 'WIDGET', code, true),
  versions: (await history.listVersions(ctx, 'WIDGET', code)).map((v) => ({ version: v.version, attributes: v.attributes })),
});

describe('command stream sync (DynamoDB Local stream, real handler)', () => {
  let driver: StreamDriver;
  beforeAll(async () => {
    process.env.SYNC_MAX_ATTEMPTS = '3';
    await useFreshTables();
    driver = new StreamDriver(handler);
  });
  afterAll(() => driver.close());

  it('ends in the same data and history with duplicates and v3 before v2 as with one in-order delivery', async () => {
    const inOrder = systemActorContext('in-order', 'test', 'r1');
    const shuffled = systemActorContext('shuffled', 'test', 'r2');
    await publishThreeVersions(inOrder, 'W-1');
    await publishThreeVersions(shuffled, 'W-1');
    const records = await driver.read();

    expect(await driver.deliver(ofTenant(records, 'in-order'))).toEqual([]);

    const [v1, v2, v3] = ofTenant(records, 'shuffled').sort((a, b) => versionOf(a) - versionOf(b));
    expect(await driver.deliver([v1, v1])).toEqual([]);
    const waiting = await driver.deliver([v3]);
    expect(waiting).toEqual([v3]);
    expect((await data.get(shuffled, 'WIDGET', 'W-1', true))?.version).toBe(1);
    expect(await driver.deliver([v2, v2])).toEqual([]);
    expect(await driver.deliver([v3, v1, v2, v3])).toEqual([]);

    const expected = await stateOf(inOrder, 'W-1');
    const actual = await stateOf(shuffled, 'W-1');
    expect(actual.versions).toEqual(expected.versions);
    expect(actual.versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(actual.latest).toMatchObject({ version: 3, attributes: { colour: 'blue' } });
    expect(expected.latest).toMatchObject({ version: 3, attributes: { colour: 'blue' } });
  });

  it("runs an entity's handlers again for a redelivery of its newest version only, never for versions a later one followed", async () => {
    const registry = (await syncApp()).get(DataSyncRegistry);
    const runs: string[] = [];
    registry.register({ name: 'test.recorder', entityType: 'RECORDED', up: async (_ctx, change) => void runs.push(`v${change.command.version}:${change.firstApplication ? 'first' : 'again'}`) });
    const ctx = systemActorContext('superseded', 'test', 'r4');
    for (const version of [0, 1, 2]) await commands.publish(ctx, { type: 'RECORDED', code: 'R-1', attributes: { n: version } }, { expectedVersion: version });
    const records = ofTenant(await driver.read(), 'superseded');
    expect(await driver.deliver(records)).toEqual([]);
    expect(runs).toEqual(['v1:first', 'v2:first', 'v3:first']);

    // A stream re-read from its start (a restart): the whole history again, then v3 once more.
    expect(await driver.deliver([...records, records[2]])).toEqual([]);
    expect(runs).toEqual(['v1:first', 'v2:first', 'v3:first', 'v3:again', 'v3:again']);
    expect((await data.get(ctx, 'RECORDED', 'R-1', true))?.version).toBe(3);
  });

  it('dead-letters a record that keeps failing after the bounded retries, undoes its handlers, and applies the rest', async () => {
    const registry = (await syncApp()).get(DataSyncRegistry);
    const effects = new Set<string>();
    registry.register({
      name: 'test.marker',
      entityType: 'FAULTY',
      up: async (_ctx, change) => void effects.add(change.command.code),
      down: async (_ctx, change) => void effects.delete(change.command.code),
    });
    registry.register({
      name: 'test.always-fails',
      entityType: 'FAULTY',
      up: async () => {
        throw new Error('downstream is broken');
      },
    });
    const ctx = systemActorContext('dlq', 'test', 'r3');
    await commands.publish(ctx, { type: 'FAULTY', code: 'F-1', attributes: {} }, { expectedVersion: 0 });
    await commands.publish(ctx, { type: 'WIDGET', code: 'W-9', attributes: { colour: 'grey' } }, { expectedVersion: 0 });
    const batch = ofTenant(await driver.read(), 'dlq');
    expect(batch).toHaveLength(2);

    let retry = await driver.deliver(batch);
    expect(retry.map(versionOf)).toEqual([1]);
    expect((await data.get(ctx, 'WIDGET', 'W-9', true))?.attributes).toEqual({ colour: 'grey' });
    expect(effects.has('F-1')).toBe(true);

    retry = await driver.deliver(retry);
    expect(retry).toHaveLength(1);
    retry = await driver.deliver(retry);
    expect(retry).toEqual([]);

    const letters = await dynamo().send(
      new QueryCommand({ TableName: config().tables.deadLetter, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'TENANT#dlq' } }),
    );
    expect(letters.Items).toHaveLength(1);
    expect(letters.Items![0]).toMatchObject({ attempts: 3, command: { sk: 'FAULTY#F-1@1' }, error: 'Error: downstream is broken' });
    expect(effects.has('F-1')).toBe(false);
  });

  it('syncs entities side by side, each in version order, and names exactly a failed record and its entity\'s later ones', async () => {
    const registry = (await syncApp()).get(DataSyncRegistry);
    const seen: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    registry.register({
      name: 'test.slow-and-picky',
      entityType: 'LANE',
      up: async (_ctx, change) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((r) => setTimeout(r, 30));
        running--;
        if (change.command.code === 'L-BAD' && change.command.version === 2) throw new Error('v2 of L-BAD fails');
        seen.push(`${change.command.code}@${change.command.version}`);
      },
    });
    const ctx = systemActorContext('lanes', 'test', 'r4');
    for (const code of ['L-1', 'L-2', 'L-3', 'L-BAD']) {
      for (let version = 0; version < 3; version++) await commands.publish(ctx, { type: 'LANE', code, attributes: { version } }, { expectedVersion: version });
    }
    const batch = ofTenant(await driver.read(), 'lanes');
    // Shuffled: a stream batch of one tenant interleaves entities; duplicates come along too.
    const shuffled = [...batch].reverse().concat(batch.slice(0, 2));

    const retry = await driver.deliver(shuffled);

    const bad = batch.filter((r) => r.dynamodb?.NewImage?.code?.S === 'L-BAD' && versionOf(r) >= 2);
    expect(retry.map((r) => r.dynamodb?.SequenceNumber).sort()).toEqual(bad.map((r) => r.dynamodb?.SequenceNumber).sort());
    expect(mostAtOnce).toBeGreaterThan(1);
    for (const code of ['L-1', 'L-2', 'L-3']) {
      // Duplicates run the handlers again (they are idempotent), but never out of order.
      const versions = seen.filter((s) => s.startsWith(`${code}@`)).map((s) => Number(s.split('@')[1]));
      expect(versions).toEqual([...versions].sort());
      expect([...new Set(versions)]).toEqual([1, 2, 3]);
    }
    expect(seen).toContain('L-BAD@1');
    expect(seen).not.toContain('L-BAD@3');
    expect((await data.get(ctx, 'LANE', 'L-BAD', true))?.version).toBe(2);
  });
});
