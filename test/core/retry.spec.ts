import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../src/config';
import { dynamo } from '../../src/core/dynamo';
import { ConflictError, NotFoundError, VersionConflictError } from '../../src/core/errors';
import { tenantPk } from '../../src/core/keys';
import { CONTENDED_WRITE, HOT_ITEM, isCancelledTransaction, isRefusedWrite, isWriteConflict, OWNER_EDIT, retryOnConflict } from '../../src/core/retry';
import { systemActorContext } from '../../src/core/tenant-context';
import { TenantItemStore } from '../../src/core/tenant-item.store';
import { useFreshTables } from '../support/local-env';

const conflict = () => new VersionConflictError('widget W-1', 1, 2);

/** Work that loses `losses` races (with `error`), then answers `done`; counts its tries. */
function losing(losses: number, error: () => unknown = conflict) {
  const tries: number[] = [];
  const work = async (attempt: number) => {
    tries.push(attempt);
    if (tries.length <= losses) throw error();
    return 'done';
  };
  return { tries, work };
}

describe('retryOnConflict: the one retry of optimistic writes', () => {
  afterEach(() => jest.restoreAllMocks());

  it('tries a lost race again, numbering the tries, and answers what the winning try answers', async () => {
    const { tries, work } = losing(2);
    await expect(retryOnConflict({ ...OWNER_EDIT }, work)).resolves.toBe('done');
    expect(tries).toEqual([1, 2, 3]);
  });

  it('gives up after the policy\'s tries with its exhausted error, or else the last failure itself', async () => {
    const always = losing(Infinity);
    await expect(retryOnConflict({ ...OWNER_EDIT, exhausted: () => new ConflictError('try again') }, always.work)).rejects.toThrow(new ConflictError('try again'));
    expect(always.tries).toHaveLength(OWNER_EDIT.attempts);

    const last = losing(Infinity);
    await expect(retryOnConflict({ attempts: 3, basePauseMs: 0 }, last.work)).rejects.toMatchObject({ status: 409, currentVersion: 2 });
    expect(last.tries).toHaveLength(3);
  });

  it('passes any other failure through at once, untried', async () => {
    const missing = losing(Infinity, () => new NotFoundError('widget', 'W-1'));
    await expect(retryOnConflict({ ...HOT_ITEM }, missing.work)).rejects.toBeInstanceOf(NotFoundError);
    expect(missing.tries).toEqual([1]);

    // A policy's own retryOn decides: here only cancelled transactions, so a stale version is an answer.
    const stale = losing(Infinity);
    await expect(retryOnConflict({ ...HOT_ITEM, retryOn: isCancelledTransaction }, stale.work)).rejects.toBeInstanceOf(VersionConflictError);
    expect(stale.tries).toEqual([1]);
  });

  it('pauses before each new try under HOT_ITEM and CONTENDED_WRITE, never under OWNER_EDIT', async () => {
    const timers = jest.spyOn(global, 'setTimeout');
    await retryOnConflict({ ...OWNER_EDIT }, losing(OWNER_EDIT.attempts - 1).work);
    expect(timers).not.toHaveBeenCalled();
    await retryOnConflict({ ...CONTENDED_WRITE, maxPauseMs: 1 }, losing(3).work);
    expect(timers).toHaveBeenCalledTimes(3);
    // The ceiling grows with the try and stops at maxPauseMs.
    const ceilings = timers.mock.calls.map(([, ms]) => ms as number);
    for (const ms of ceilings) expect(ms).toBeLessThan(1);
  });

  it('names three policies, most tries for the hottest items', () => {
    expect(HOT_ITEM.attempts).toBeGreaterThan(CONTENDED_WRITE.attempts);
    expect(CONTENDED_WRITE.attempts).toBeGreaterThan(OWNER_EDIT.attempts);
    expect(OWNER_EDIT.basePauseMs).toBe(0);
  });
});

describe('isWriteConflict / isRefusedWrite on what DynamoDB Local throws', () => {
  const ctx = systemActorContext('shop-retry', 'test', 'req-1');
  const items = new TenantItemStore();
  beforeAll(useFreshTables);

  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

  it('counts a refused condition, a cancelled transaction and a stale version as lost races, and nothing else', async () => {
    await items.transact(ctx, [{ put: { sk: 'WIDGET#W-1', n: 1 }, condition: 'attribute_not_exists(pk)' }]);
    const failedCondition = await refusal(
      dynamo().send(new PutCommand({ TableName: config().tables.data, Item: { pk: tenantPk(ctx), sk: 'WIDGET#W-1', n: 2 }, ConditionExpression: 'attribute_not_exists(pk)' })),
    );
    const cancelled = await refusal(items.transact(ctx, [{ put: { sk: 'WIDGET#W-1', n: 3 }, condition: 'attribute_not_exists(pk)' }, { put: { sk: 'WIDGET#W-2', n: 1 } }]));
    const invalid = await refusal(items.transact(ctx, [{ update: 'WIDGET#W-1', set: 'SET n = :missing' }]));

    expect(failedCondition).toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(cancelled).toMatchObject({ name: 'TransactionCanceledException' });
    expect(invalid).toBeDefined();
    for (const lost of [failedCondition, cancelled, conflict()]) {
      expect(isWriteConflict(lost)).toBe(true);
      expect(isRefusedWrite(lost)).toBe(true);
    }
    expect(isCancelledTransaction(cancelled)).toBe(true);
    expect(isCancelledTransaction(failedCondition)).toBe(false);
    for (const other of [invalid, new NotFoundError('widget', 'W-1'), new ConflictError('full')]) {
      expect(isWriteConflict(other)).toBe(false);
      expect(isRefusedWrite(other)).toBe(false);
    }
    // Nothing of the cancelled transaction was written.
    expect(await items.get(ctx, 'WIDGET#W-2')).toBeUndefined();
  });
});
