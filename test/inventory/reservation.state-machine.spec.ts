import { cancellationReasons } from '../../src/core/dynamo';
import { systemActorContext } from '../../src/core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../src/core/tenant-item.store';
import { reservationKey } from '../../src/modules/inventory/inventory.keys';
import { Reservation, ReservedLine } from '../../src/modules/inventory/inventory.model';
import { RESERVATION_MACHINE } from '../../src/modules/inventory/reservation.state-machine';
import { reservationBorn, reservationMoved, reservationPartlyDeducted, reservationRetaken } from '../../src/modules/inventory/stock.writes';
import { useFreshTables } from '../support/local-env';

const now = '2026-12-06T08:00:00.000Z';
const lines: ReservedLine[] = [{ sku: 'TEE-M', productCode: 'TEE', warehouse: 'main', quantity: 2 }];

/** A write's condition with its names and values put in: what DynamoDB evaluates. */
function evaluated(write: TenantWrite): string {
  let condition = write.condition ?? '';
  for (const [name, attribute] of Object.entries(write.names ?? {})) condition = condition.split(name).join(attribute);
  // Longest placeholders first, so `:state0` is never read as `:state` + 0.
  for (const [placeholder, value] of Object.entries(write.values ?? {}).sort(([a], [b]) => b.length - a.length)) condition = condition.split(placeholder).join(JSON.stringify(value));
  return condition;
}

describe('the reservation state machine and the writes derived from it', () => {
  it('declares held / released / deducted / void, born held or void, a released hold taken again once', () => {
    const table = RESERVATION_MACHINE;
    expect(table.initial).toEqual(['held', 'void']);
    expect(table.sourcesOf('released')).toEqual(['held']);
    expect(table.sourcesOf('deducted')).toEqual(['held']);
    expect(table.sourcesOf('held')).toEqual(['released']);
    expect(table.sourcesOf('void')).toEqual([]);
    expect(table.check('released', 'held', { from: 'released', to: 'held' })).toEqual({ allowed: true });
    expect(table.check('released', 'held', { from: 'released', to: 'held', generation: 2 })).toMatchObject({ allowed: false, guard: 'retaken_once' });
    expect(table.check('deducted', 'released', { from: 'deducted', to: 'released' })).toMatchObject({ allowed: false, kind: 'not-a-transition' });
  });

  it('derives each state condition from the table, evaluating exactly as the conditions it replaced', () => {
    // The hand-written conditions of stock.reservations.ts before the table, as DynamoDB evaluated them.
    const replaced = {
      release: 'state = "held"', // '#state = :held'
      finalDeduct: 'state = "held"', // '#state = :held'
      partialDeduct: 'state = "held"', // '#state = :held'
      retake: 'state = "released" AND attribute_not_exists(generation)', // '#state = :released AND attribute_not_exists(generation)'
      born: 'attribute_not_exists(pk)',
    };
    expect({
      release: evaluated(reservationMoved('ORD-1', 'released', now)),
      finalDeduct: evaluated(reservationMoved('ORD-1', 'deducted', now)),
      partialDeduct: evaluated(reservationPartlyDeducted('ORD-1', now)),
      retake: evaluated(reservationRetaken('ORD-1', lines, now)),
      born: evaluated(reservationBorn('ORD-1', 'held', lines, now)),
    }).toEqual(replaced);
    expect(evaluated(reservationBorn('ORD-1', 'void', [], now))).toBe(replaced.born);
    // Only the table's initial states may be written as a new reservation.
    expect(() => reservationBorn('ORD-1', 'released', lines, now)).toThrow('a reservation is not born released');
  });

  describe('against DynamoDB Local', () => {
    const ctx = systemActorContext('shop-reservations', 'test', 'req-1');
    const items = new TenantItemStore();
    beforeAll(useFreshTables);

    const refused = async (writes: TenantWrite[]) => cancellationReasons(await items.transact(ctx, writes).then(() => undefined, (error: unknown) => error));
    const stateOf = async (order: string) => (await items.get<Reservation>(ctx, reservationKey(order)))?.state;

    it('refuses every move the table does not have, and writes nothing', async () => {
      await items.transact(ctx, [reservationBorn('ORD-SOLD', 'held', lines, now)]);
      await items.transact(ctx, [reservationMoved('ORD-SOLD', 'deducted', now)]);
      // deducted -> released, deducted -> deducted, a sold hold taken again, a second birth.
      expect(await refused([reservationMoved('ORD-SOLD', 'released', now)])).toEqual(['ConditionalCheckFailed']);
      expect(await refused([reservationMoved('ORD-SOLD', 'deducted', now)])).toEqual(['ConditionalCheckFailed']);
      expect(await refused([reservationPartlyDeducted('ORD-SOLD', now)])).toEqual(['ConditionalCheckFailed']);
      expect(await refused([reservationRetaken('ORD-SOLD', lines, now)])).toEqual(['ConditionalCheckFailed']);
      expect(await refused([reservationBorn('ORD-SOLD', 'held', lines, now)])).toEqual(['ConditionalCheckFailed']);
      expect(await stateOf('ORD-SOLD')).toBe('deducted');

      await items.transact(ctx, [reservationBorn('ORD-CANCELLED', 'void', [], now)]);
      expect(await refused([reservationMoved('ORD-CANCELLED', 'released', now)])).toEqual(['ConditionalCheckFailed']);
      expect(await refused([reservationRetaken('ORD-CANCELLED', lines, now)])).toEqual(['ConditionalCheckFailed']);
      expect(await stateOf('ORD-CANCELLED')).toBe('void');
    });

    it('takes a released hold again once (generation 2), then releases it; never a third time', async () => {
      await items.transact(ctx, [reservationBorn('ORD-LATE', 'held', lines, now)]);
      expect(await refused([reservationRetaken('ORD-LATE', lines, now)])).toEqual(['ConditionalCheckFailed']);
      await items.transact(ctx, [reservationMoved('ORD-LATE', 'released', now)]);
      await items.transact(ctx, [reservationRetaken('ORD-LATE', lines, now)]);
      expect(await items.get<Reservation>(ctx, reservationKey('ORD-LATE'))).toMatchObject({ state: 'held', generation: 2 });
      await items.transact(ctx, [reservationMoved('ORD-LATE', 'released', now)]);
      expect(await refused([reservationRetaken('ORD-LATE', lines, now)])).toEqual(['ConditionalCheckFailed']);
      expect(await stateOf('ORD-LATE')).toBe('released');
    });
  });
});
