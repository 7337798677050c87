import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { dynamo } from '../../src/core/dynamo';
import { sortKey, versionedSortKey } from '../../src/core/keys';
import { DataSyncHandler, DataSyncRegistry } from '../../src/core/sync/data-sync-handler';
import { syncApp } from '../../src/handlers/sync-app';
import { PaymentModule } from '../../src/modules/payment/payment.module';
import { PAYMENT_SAGA, sagaTriggers, SagaTriggerHandler } from '../../src/modules/payment/payment.saga';
import { expectOk } from '../support/storefront';
import { authorized, awaitingOrder, deliver, pspEvent } from '../support/test-psp';
import { TestSystem } from '../support/test-system';

/**
 * Someone else moves the order first, `times` times: the put of the order's version `version`
 * fails its condition, as it does when another writer took that version (DynamoDB Local has no
 * concurrent writer here, so the loss is told by an SDK middleware below the SDK's retries).
 */
function orderMovedFirst(orderCode: string, version: number, times: number): { lost: () => number; stop: () => void } {
  const name = `order-moved-first-${orderCode}`;
  const sk = versionedSortKey(sortKey('ORDER', orderCode), version);
  let lost = 0;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      // The input is marshalled by now (below the document client).
      const item = (args.input as { Item?: { sk?: { S?: string } } }).Item;
      if (context.commandName === 'PutItemCommand' && item?.sk?.S === sk && lost < times) {
        lost++;
        throw new ConditionalCheckFailedException({ message: 'injected: another writer took this version', $metadata: { httpStatusCode: 400 } });
      }
      return next(args);
    },
    { step: 'deserialize', name },
  );
  return { lost: () => lost, stop: () => void dynamo().middlewareStack.remove(name) };
}

/** The data-sync handlers the payment module provides (what it registers on init). */
function paymentModuleHandlers(app: INestApplicationContext): DataSyncHandler[] {
  const payment = [...app.get(ModulesContainer).values()].find((m) => m.metatype === PaymentModule);
  if (!payment) throw new Error('the worker app has no PaymentModule');
  return [...payment.providers.values()]
    .map((wrapper) => wrapper.instance as Partial<DataSyncHandler> | undefined)
    .filter((instance): instance is DataSyncHandler => !!instance && typeof instance.up === 'function' && typeof instance.entityType === 'string');
}

describe('the payment saga table (payment/payment.saga.ts)', () => {
  // Started first: it points this file at fresh tables before anything builds the worker app.
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

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
  });

  /** An order awaiting payment, its payment authorized by the PSP's webhook (not synced yet). */
  async function authorizedPayment(tenant: string) {
    const { cart, order } = await awaitingOrder(system, tenant);
    const payment = (await expectOk(cart.call('POST', `/carts/${cart.id}/payments`, {}))).body;
    expect((await deliver(system, tenant, pspEvent(tenant, authorized(payment, `evt_${tenant}`)))).body.outcome).toBe('applied');
    return { cart, order };
  }

  it('take-the-money decides again on the order\'s newest version after each lost race: four lost races still confirm the order with the payment', async () => {
    const { cart, order } = await authorizedPayment('saga-race4');
    const races = orderMovedFirst(order.code, order.version + 1, 4);
    try {
      await system.sync({ twice: true });
    } finally {
      races.stop();
    }
    expect(races.lost()).toBe(4);
    const confirmed = (await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes;
    const payment = (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0].attributes;
    expect([confirmed.status, confirmed.paidWith, payment.state]).toEqual(['confirmed', `${order.code}-P1`, 'authorized']);
  });

  it('take-the-money gives the money back when the order is still changing after five tries, and leaves the order as it is', async () => {
    const { cart, order } = await authorizedPayment('saga-race5');
    const races = orderMovedFirst(order.code, order.version + 1, 5);
    try {
      // One delivery: a redelivery of this payment version before its void is applied would
      // decide again and confirm the order with the voided payment (reported; not changed here).
      await system.sync();
    } finally {
      races.stop();
    }
    expect(races.lost()).toBe(5);
    const waiting = (await cart.call('GET', `/carts/${cart.id}/order`)).body.attributes;
    const payment = (await cart.call('GET', `/carts/${cart.id}/payments`)).body.items[0].attributes;
    expect([waiting.status, waiting.paidWith, payment.state]).toEqual(['awaiting_payment', undefined, 'voided']);
  });
});
