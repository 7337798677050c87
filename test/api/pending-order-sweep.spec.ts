import type { DynamoDBRecord } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { CommandItem } from '../../src/core/entity';
import { CommandApplier } from '../../src/core/sync/command-applier';
import { systemActorContext } from '../../src/core/tenant-context';
import { DataService } from '../../src/core/data.service';
import { DATA_INDEXES } from '../../src/core/tables';
import { pendingOrdersGroup } from '../../src/modules/order/order.keys';
import { handler as sweeper } from '../../src/handlers/sweeper';
import { syncApp } from '../../src/handlers/sync-app';
import { ledger, mailsOf, orderBody, stockedProduct, stockOf } from '../support/shop';
import { TestSystem } from '../support/test-system';

/** What the pending sweep reads: the pending group of the state index. */
async function pendingListed(tenant: string): Promise<string[]> {
  const page = await new DataService().listIndexed(systemActorContext(tenant, 'test', 'test'), DATA_INDEXES.byState, pendingOrdersGroup());
  return page.items.map((order) => order.code);
}

const isOrder = (r: DynamoDBRecord) => r.dynamodb?.NewImage?.type?.S === 'ORDER';

describe('the sweeper cancels orders that stayed pending, and their late reservation holds nothing', () => {
  let system: TestSystem;
  beforeAll(async () => {
    process.env.PENDING_ORDER_TIMEOUT_MINUTES = '1';
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  it('cancels a stuck order once it is older than the timeout; a redelivered v1 then reserves nothing', async () => {
    const shop = await system.createTenant('sweep-shop');
    await stockedProduct(system, shop, 'S', { onHand: 4 });
    await system.request('POST', '/orders', { token: shop.customer(), body: orderBody([{ productCode: 'S', quantity: 3 }]) });

    // v1 reaches the data table, but its handlers never run (as if they kept failing).
    const [v1] = (await system.stream.read()).filter(isOrder);
    await (await syncApp()).get(CommandApplier).apply(unmarshall(v1.dynamodb!.NewImage as Record<string, AttributeValue>) as CommandItem);

    expect(await pendingListed('sweep-shop')).toEqual(['ORD-000001']);
    expect(await sweeper()).toEqual({ tenants: 1, failures: 0 });
    expect((await system.request('GET', '/orders/ORD-000001', { token: shop.admin() })).body.version).toBe(1);

    expect(await sweeper({ time: new Date(Date.now() + 61_000).toISOString() })).toEqual({ tenants: 1, failures: 0 });
    await system.sync();
    await system.stream.deliver([v1]);

    const order = await system.request('GET', '/orders/ORD-000001', { token: shop.admin() });
    expect(order.body).toMatchObject({ version: 2, attributes: { status: 'cancelled', cancelReason: 'not_processed' } });
    expect(await stockOf(system, shop, 'S')).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
    expect((await ledger(system, shop, 'S')).map((m) => m.type)).toEqual(['restock']);
    expect(mailsOf('sweep-shop').get('ORD-000001.v2')).toContain('was cancelled');
    expect(await pendingListed('sweep-shop')).toEqual([]);
  });

  it('lists an order as pending only while its applied version is pending', async () => {
    const shop = await system.createTenant('quick-shop');
    await stockedProduct(system, shop, 'Q', { onHand: 1 });
    await system.request('POST', '/orders', { token: shop.customer(), body: orderBody([{ productCode: 'Q', quantity: 1 }]) });
    await system.request('POST', '/orders', { token: shop.customer(), body: orderBody([{ productCode: 'Q', quantity: 1 }]) });
    const applier = (await syncApp()).get(CommandApplier);
    for (const v1 of (await system.stream.read()).filter(isOrder)) await applier.apply(unmarshall(v1.dynamodb!.NewImage as Record<string, AttributeValue>) as CommandItem);
    expect(await pendingListed('quick-shop')).toEqual(['ORD-000001', 'ORD-000002']);
    await system.stream.deliver(system.stream.seen.filter(isOrder));
    await system.sync();
    expect(await pendingListed('quick-shop')).toEqual([]);
  });
});
