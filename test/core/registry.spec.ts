import { DomainEvents, EventSubscriber, OnEvent } from '../../src/core/events';
import { declaredSweepClasses, SweepRegistry } from '../../src/core/sweep';
import { DataSyncRegistry, declaredDataSyncHandlers } from '../../src/core/sync/data-sync-handler';
import { systemActorContext, TenantContext } from '../../src/core/tenant-context';
import { syncApp } from '../../src/handlers/sync-app';
import { useFreshTables } from '../support/local-env';

type Core = {
  sync: typeof import('../../src/core/sync/data-sync-handler');
  sweep: typeof import('../../src/core/sweep');
  projections: typeof import('../../src/read-model/projections');
};

/** The core's static registries in a fresh module registry, after `load` imported what it imports there. */
function isolated(load: () => void = () => undefined): Core {
  let core!: Core;
  jest.isolateModules(() => {
    core = { sync: require('../../src/core/sync/data-sync-handler'), sweep: require('../../src/core/sweep'), projections: require('../../src/read-model/projections') };
    load();
  });
  return core;
}

interface Pinged {
  type: 'test.pinged';
  n: number;
}

const heard: string[] = [];

@OnEvent<Pinged>('test.pinged')
class FirstListener implements EventSubscriber<Pinged> {
  async on(_ctx: TenantContext, event: Pinged): Promise<void> {
    heard.push(`first:${event.n}`);
  }
}

@OnEvent<Pinged>('test.pinged')
class SecondListener implements EventSubscriber<Pinged> {
  async on(_ctx: TenantContext, event: Pinged): Promise<void> {
    heard.push(`second:${event.n}`);
  }
}

describe('declared handlers, sweeps, projections and subscribers (core/registry.ts)', () => {
  beforeAll(async () => {
    await useFreshTables();
  });

  it('records a decorated class when, and only when, its file is imported', () => {
    const before = isolated();
    expect(before.sync.declaredDataSyncHandlers().map((d) => d.meta.name)).not.toContain('order.stock');
    expect(before.sweep.declaredSweepClasses().map((d) => d.meta.name)).not.toContain('order.payment-hold');
    expect(before.projections.projectionFor('PRODUCT')).toBeUndefined();

    let files!: [typeof import('../../src/modules/order/order-stock.sync-handler'), typeof import('../../src/modules/order/payment-hold.sweep'), typeof import('../../src/modules/search/catalog.projection')];
    const after = isolated(() => {
      files = [require('../../src/modules/order/order-stock.sync-handler'), require('../../src/modules/order/payment-hold.sweep'), require('../../src/modules/search/catalog.projection')];
    });
    const [handler, sweep, projection] = files;
    expect(after.sync.declaredDataSyncHandlers()).toContainEqual({ type: handler.OrderStockSyncHandler, meta: { name: 'order.stock', entityType: 'ORDER' } });
    expect(after.sweep.declaredSweepClasses()).toContainEqual({ type: sweep.PaymentHoldSweep, meta: { name: 'order.payment-hold' } });
    expect(after.projections.projectionFor('PRODUCT')).toBeInstanceOf(projection.CatalogProjection);
    expect(after.projections.projectionFor('CATEGORY')).toBe(after.projections.projectionFor('PRODUCT'));
  });

  it("the read model's consumer finds a projection for every type it keeps", () => {
    const core = isolated(() => require('../../src/app/projection.feed'));
    expect([...core.projections.projectedTypes()].sort()).toEqual(['CART', 'CATEGORY', 'CUSTOMER', 'MEDIA', 'ORDER', 'PAYMENT', 'PRODUCT', 'REVIEW', 'WISHLIST']);
  });

  it("the worker app makes every declared handler and sweep, and runs an entity type's handlers in its imports' order", async () => {
    const app = await syncApp();
    const handlers = app.get(DataSyncRegistry);
    const names = (type: string) => handlers.handlersFor(type).map((h) => h.name);
    for (const { meta } of declaredDataSyncHandlers()) expect(names(meta.entityType)).toContain(meta.name);
    // As before the registry: mails first, then order's stock steps, then the payment saga.
    expect(names('ORDER')).toEqual(['notification.order-mail', 'order.stock', 'payment.follow-order']);
    expect(names('PAYMENT')).toEqual(['notification.payment-mail', 'payment.order']);
    expect(names('RETURN')).toEqual(['return.stock', 'return.refund']);
    expect(names('CART')).toEqual(['notification.cart-reminder']);
    const sweeps = app.get(SweepRegistry).all().map((s) => s.name);
    expect(sweeps).toEqual(['order.pending-timeout', 'order.payment-hold', 'order.guest-email-index', 'cart.abandon-idle', 'payment.reconcile']);
    expect(declaredSweepClasses().map((d) => d.meta.name).sort()).toEqual([...sweeps].sort());
  });

  it('publishes an event to each declared subscriber in turn, and refuses one the runtime cannot make', async () => {
    const ctx = systemActorContext('events', 'test', 'e1');
    const made = new Map<unknown, object>([[FirstListener, new FirstListener()], [SecondListener, new SecondListener()]]);
    await new DomainEvents((type) => made.get(type)).publish<Pinged>(ctx, { type: 'test.pinged', n: 1 });
    expect(heard).toEqual(['first:1', 'second:1']);
    await new DomainEvents((type) => made.get(type)).publish(ctx, { type: 'test.nobody-listens' });
    // The worker app does not provide these test classes: their reaction would be lost, so it fails.
    await expect((await syncApp()).get(DomainEvents).publish<Pinged>(ctx, { type: 'test.pinged', n: 2 })).rejects.toThrow('a subscriber of test.pinged (FirstListener) has no instance here');
    expect(heard).toEqual(['first:1', 'second:1']);
  });
});
