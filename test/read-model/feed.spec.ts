import type { DynamoDBRecord } from 'aws-lambda';
import { marshall } from '@aws-sdk/util-dynamodb';
import { applyBatch, projectableOf } from '../../src/app/projection.feed';
import { projectionLag } from '../../src/read-model/projection-lag';
import { PgliteDb } from '../../src/read-model/pglite.db';
import { ReadModel } from '../../src/read-model/read-model';

/** Stream records as the read model's consumer receives them, in AWS and from serverless-offline. */
const product = {
  pk: 'TENANT#shop',
  sk: 'PRODUCT#CUP@1',
  entitySk: 'PRODUCT#CUP',
  type: 'PRODUCT',
  code: 'CUP',
  tenantCode: 'shop',
  version: 1,
  name: 'Cup',
  attributes: { sku: 'CUP-1', price: { amount: 300, currency: 'EUR' }, options: [], variants: [{ sku: 'CUP-1', options: {}, weightGrams: 0, taxClass: 'standard', active: true }], categoryCodes: [], images: [], active: true },
  issuedAt: '2026-01-01T00:00:00.000Z',
  issuedBy: 'test',
  requestId: 'r',
  source: 'test',
};

function record(image: Record<string, unknown>, eventName: 'INSERT' | 'MODIFY' | 'REMOVE', at: unknown, seq: string): DynamoDBRecord {
  return { eventName, dynamodb: { NewImage: marshall(image, { removeUndefinedValues: true }) as never, SequenceNumber: seq, ApproximateCreationDateTime: at as number } };
}

describe('read-model stream records', () => {
  it('reads versions from the command stream and stock from the data stream, and nothing else', () => {
    expect(projectableOf(record(product, 'INSERT', 1, '1'))).toMatchObject({ kind: 'entity', tenant: 'shop', command: { code: 'CUP', version: 1 } });
    expect(projectableOf(record({ ...product, type: 'TAXRATE' }, 'INSERT', 1, '1'))).toBeUndefined();
    expect(projectableOf(record({ pk: 'TENANT#shop', sk: 'INVENTORY#CUP-1#main', sku: 'CUP-1', warehouse: 'main', available: 4, onHand: 6, lowStockThreshold: 2, changes: 3 }, 'MODIFY', 1, '2'))).toEqual({
      kind: 'stock',
      tenant: 'shop',
      stock: { sku: 'CUP-1', warehouse: 'main', available: 4, onHand: 6, lowStockThreshold: 2, changes: 3 },
    });
    expect(projectableOf(record({ pk: 'TENANT#shop', sk: 'MOVEMENT#CUP-1#main#x', sku: 'CUP-1' }, 'INSERT', 1, '3'))).toBeUndefined();
    expect(projectableOf(record({ pk: 'TENANT#shop', sk: 'PRODUCT#CUP', type: 'PRODUCT', version: 1 }, 'MODIFY', 1, '4'))).toBeUndefined();
  });

  it('takes the SDK-shaped records of serverless-offline (empty maps as {}, times as Date) and reports the lag', async () => {
    const sdkShaped = record(product, 'INSERT', new Date('2026-01-01T00:00:00.000Z'), '1');
    const variants = (sdkShaped.dynamodb!.NewImage as any).attributes.M.variants.L;
    variants[0].M.options = {};
    const model = await ReadModel.open(await PgliteDb.open());
    try {
      const response = await applyBatch(model, { Records: [sdkShaped] }, () => new Date('2026-01-01T00:00:02.500Z'));
      expect(response.batchItemFailures).toEqual([]);
      expect(await model.forTenant('shop', (scope) => scope.query('SELECT code, version FROM product'))).toEqual([{ code: 'CUP', version: 1 }]);
      expect(await projectionLag(model)).toEqual({ lagMs: 2500, lastAppliedAt: '2026-01-01T00:00:02.500Z', lastEventAt: '2026-01-01T00:00:00.000Z' });
    } finally {
      await model.close();
    }
  });

  it("reports the lag from the change's own write time, not the stream's rounded time (DynamoDB Local rounds it down to the minute)", async () => {
    const minute = new Date('2026-01-01T00:00:00.000Z');
    const model = await ReadModel.open(await PgliteDb.open());
    try {
      const version = record({ ...product, issuedAt: '2026-01-01T00:00:41.200Z' }, 'INSERT', minute, '1');
      await applyBatch(model, { Records: [version] }, () => new Date('2026-01-01T00:00:41.450Z'));
      expect(await projectionLag(model)).toEqual({ lagMs: 250, lastAppliedAt: '2026-01-01T00:00:41.450Z', lastEventAt: '2026-01-01T00:00:41.200Z' });
      const level = record({ pk: 'TENANT#shop', sk: 'INVENTORY#CUP-1#main', sku: 'CUP-1', warehouse: 'main', available: 4, onHand: 6, lowStockThreshold: 0, changes: 2, updatedAt: '2026-01-01T00:00:42.000Z' }, 'MODIFY', minute, '2');
      await applyBatch(model, { Records: [level] }, () => new Date('2026-01-01T00:00:42.040Z'));
      expect(await projectionLag(model)).toEqual({ lagMs: 40, lastAppliedAt: '2026-01-01T00:00:42.040Z', lastEventAt: '2026-01-01T00:00:42.000Z' });
    } finally {
      await model.close();
    }
  });
});
