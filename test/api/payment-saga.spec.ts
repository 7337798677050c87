import { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DataSyncHandler, DataSyncRegistry } from '../../src/core/sync/data-sync-handler';
import { syncApp } from '../../src/handlers/sync-app';
import { PaymentModule } from '../../src/modules/payment/payment.module';
import { PAYMENT_SAGA, sagaTriggers, SagaTriggerHandler } from '../../src/modules/payment/payment.saga';

/** The data-sync handlers the payment module provides (what it registers on init). */
function paymentModuleHandlers(app: INestApplicationContext): DataSyncHandler[] {
  const payment = [...app.get(ModulesContainer).values()].find((m) => m.metatype === PaymentModule);
  if (!payment) throw new Error('the worker app has no PaymentModule');
  return [...payment.providers.values()]
    .map((wrapper) => wrapper.instance as Partial<DataSyncHandler> | undefined)
    .filter((instance): instance is DataSyncHandler => !!instance && typeof instance.up === 'function' && typeof instance.entityType === 'string');
}

describe('the payment saga table (payment/payment.saga.ts)', () => {
  it('names every step once and says for each what triggers it, what it does, and what undoes it, or why nothing does', () => {
    const ids = PAYMENT_SAGA.map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of PAYMENT_SAGA) {
      expect({ id: row.id, when: row.when.length > 10, does: row.does.length > 10 }).toEqual({ id: row.id, when: true, does: true });
      const compensation = row.compensation;
      if ('undo' in compensation) {
        expect({ id: row.id, undo: typeof compensation.undo, runs: compensation.runs.length > 10 }).toEqual({ id: row.id, undo: 'function', runs: true });
      } else {
        expect({ id: row.id, none: compensation.none }).toEqual({ id: row.id, none: expect.stringMatching(/^because \S.{20,}/) });
      }
    }
  });

  it('a step that takes money is undone by one that gives it back: every undo the table names is run by a step of the table', () => {
    const withUndo = PAYMENT_SAGA.filter((row) => 'undo' in row.compensation);
    expect(withUndo.length).toBeGreaterThan(0);
    for (const row of withUndo) {
      const named = PAYMENT_SAGA.filter((other) => 'undo' in row.compensation && row.compensation.runs.includes(other.id)).map((other) => other.id);
      expect({ id: row.id, undoneBy: named.length > 0 }).toEqual({ id: row.id, undoneBy: true });
    }
  });

  it('registers exactly one handler per trigger of the table, under its entity type and name, running that trigger\'s rows in table order', async () => {
    const app = await syncApp();
    const registry = app.get(DataSyncRegistry);
    const handlers = paymentModuleHandlers(app);
    const triggers = sagaTriggers();

    expect(handlers.map((h) => `${h.entityType} ${h.name}`).sort()).toEqual(triggers.map((t) => `${t.entityType} ${t.handler}`).sort());
    for (const trigger of triggers) {
      const registered = registry.handlersFor(trigger.entityType).filter((h) => h.name === trigger.handler);
      expect(registered).toHaveLength(1);
      expect(registered[0]).toBeInstanceOf(SagaTriggerHandler);
      const rows = (registered[0] as SagaTriggerHandler).steps.map((row) => row.id);
      expect(rows).toEqual(PAYMENT_SAGA.filter((row) => row.trigger === trigger).map((row) => row.id));
    }
    // Every row belongs to a registered trigger.
    expect(PAYMENT_SAGA.every((row) => triggers.includes(row.trigger))).toBe(true);
    await app.close();
  });
});
