import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { config } from '../../src/config';
import { CommandService } from '../../src/core/command.service';
import { dynamo } from '../../src/core/dynamo';
import { systemActorContext } from '../../src/core/tenant-context';
import { TestSystem, TenantTokens } from '../support/test-system';
import { expectOk } from '../support/storefront';

/**
 * Finding 1 of issue 18, the consumer's half: a record the read model can never project (a NUL
 * PostgreSQL refuses, written to the command table past the API's validation) is retried a
 * bounded number of times, then set aside (dead letter, warning, count on /health), while
 * other shops' records of the same and later batches are projected at once.
 */
describe("the read model's consumer and a record that always fails", () => {
  let system: TestSystem;
  let poisoned: TenantTokens;
  let healthy: TenantTokens;
  let healthyKey: string;
  const commandFeed = () => system.readModelFeeds[0];
  const isPoison = (record: DynamoDBRecord) => record.dynamodb?.NewImage?.code?.S === 'POISON';
  const searchHealthy = async (q: string) =>
    (await expectOk(system.request('GET', `/search/products?q=${q}`, { headers: { 'x-publishable-key': healthyKey } }))).body.items.map((hit: { code: string }) => hit.code);
  const deadLettered = async () => (await expectOk(system.request('GET', '/health'))).body.readModel.deadLettered as number;

  /** A product as the catalog writes it, with a name no request could carry any more. */
  const publishPoison = () =>
    new CommandService().publish(
      systemActorContext('poisoned', 'test', 'poison'),
      {
        type: 'PRODUCT',
        code: 'POISON',
        name: 'Cup\u0000',
        attributes: { sku: 'POISON-1', price: { amount: 100, currency: 'USD' }, options: [], variants: [{ sku: 'POISON-1', options: {}, weightGrams: 0, taxClass: 'standard', active: true }], categoryCodes: [], images: [], active: true },
      },
      { expectedVersion: 0 },
    );
  const createProduct = (code: string) =>
    expectOk(system.request('POST', '/products', { token: healthy.admin(), body: { code, name: `${code.toLowerCase()} for the kitchen`, sku: `${code}-1`, price: { amount: 900, currency: 'USD' } } }));

  beforeAll(async () => {
    system = await TestSystem.start();
    poisoned = await system.createTenant('poisoned');
    healthy = await system.createTenant('healthy');
    healthyKey = (await expectOk(system.request('POST', '/publishable-keys', { token: healthy.admin(), body: { label: 'web' } }))).body.key;
    await system.syncReadModel();
  }, 180_000);
  afterAll(() => system.stop());

  it("projects the other shop's products of the same and the next batch at once, and sets the bad record aside after the bounded attempts", async () => {
    expect(poisoned.code).toBe('poisoned');
    expect(await deadLettered()).toBe(0);
    await publishPoison();
    await createProduct('KETTLE');
    await system.sync();

    // One delivery: the bad record fails, the other shop's product of the same batch is searchable.
    let retry = await commandFeed().deliver(await commandFeed().read());
    expect(retry.every(isPoison)).toBe(true);
    expect(retry).toHaveLength(1);
    expect(await searchHealthy('kettle')).toEqual(['KETTLE']);

    // The next batch: the redelivery with a newer product, which is searchable after that one delivery.
    await createProduct('TEAPOT');
    await system.sync();
    retry = await commandFeed().deliver([...retry, ...(await commandFeed().read())]);
    expect(retry).toHaveLength(1);
    expect(await searchHealthy('teapot')).toEqual(['TEAPOT']);
    expect(await deadLettered()).toBe(0);

    // Redelivered until its attempts (SYNC_MAX_ATTEMPTS, the production default) are spent, then set aside.
    let deliveries = 2;
    while (retry.length > 0 && deliveries < 50) {
      retry = await commandFeed().deliver(retry);
      deliveries += 1;
    }
    expect(deliveries).toBe(config().syncMaxAttempts);
    expect(await deadLettered()).toBe(1);

    const letters = await dynamo().send(
      new QueryCommand({ TableName: config().tables.deadLetter, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'TENANT#poisoned' } }),
    );
    expect(letters.Items).toEqual([
      expect.objectContaining({ sk: 'DEADLETTER#READMODEL#PRODUCT#POISON#1', consumer: 'read-model', attempts: config().syncMaxAttempts, command: expect.objectContaining({ code: 'POISON', version: 1 }), error: expect.stringMatching(/./) }),
    ]);
  }, 180_000);

  it('counts a record once however often it comes back, names no shop on /health, and leaves the stream quiet', async () => {
    const poison = commandFeed().seen.find(isPoison)!;
    expect(await commandFeed().deliver([poison, poison])).toEqual([]);
    const health = await expectOk(system.request('GET', '/health'));
    expect(health.body.readModel.deadLettered).toBe(1);
    expect(JSON.stringify(health.body)).not.toMatch(/poisoned|POISON/);
    await system.syncReadModel();
    expect(await searchHealthy('teapot')).toEqual(['TEAPOT']);
  });
});
