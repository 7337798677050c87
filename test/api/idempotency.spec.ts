import { orderBody, stockedProduct } from '../support/shop';
import { TenantTokens, TestSystem } from '../support/test-system';

describe('Idempotency-Key: a retried mutation has one effect and the same response', () => {
  let system: TestSystem;
  let shop: TenantTokens;
  beforeAll(async () => {
    system = await TestSystem.start();
    shop = await system.createTenant('retry-shop');
    await stockedProduct(system, shop, 'R', { onHand: 10 });
  });
  afterAll(() => system.stop());

  const post = (key: string | undefined, body: unknown, token = shop.customer('retrier')) =>
    system.request('POST', '/orders', { token, body, headers: key === undefined ? {} : { 'idempotency-key': key } });

  it('places one order for any number of retries, answering each with the first response', async () => {
    const first = await post('order-attempt-0001', orderBody([{ productCode: 'R', quantity: 1 }]));
    const retries = await Promise.all([1, 2, 3].map(() => post('order-attempt-0001', orderBody([{ productCode: 'R', quantity: 1 }]))));
    expect(first).toMatchObject({ status: 201, body: { code: 'ORD-000001', version: 1 } });
    // Who wrote a version is for staff: not in the response a customer's key keeps and replays.
    expect(first.body).not.toHaveProperty('updatedBy');
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
    }
    expect((await post(undefined, orderBody([{ productCode: 'R', quantity: 1 }]))).body.code).toBe('ORD-000002');
  });

  it('refuses the same key for a different request, and a key that is not one', async () => {
    const other = await post('order-attempt-0001', orderBody([{ productCode: 'R', quantity: 2 }]));
    expect(other.status).toBe(422);
    const bad = await post('x', orderBody([{ productCode: 'R', quantity: 1 }]));
    expect(bad).toMatchObject({ status: 400, body: { fields: [{ field: 'Idempotency-Key' }] } });
  });

  it('keeps nothing for a failed call, so its corrected retry runs', async () => {
    const failed = await post('order-attempt-0002', orderBody([{ productCode: 'R', quantity: 0 }]));
    expect(failed.status).toBe(400);
    const corrected = await post('order-attempt-0002', orderBody([{ productCode: 'R', quantity: 1 }]));
    expect(corrected).toMatchObject({ status: 201, body: { code: 'ORD-000003' } });
  });

  it('replays a status change instead of answering the retry with a version conflict', async () => {
    await system.sync();
    const move = () =>
      system.request('PATCH', '/orders/ORD-000001/status', {
        token: shop.admin(),
        body: { status: 'processing', expectedVersion: 2 },
        headers: { 'idempotency-key': 'move-0001-processing' },
      });
    const first = await move();
    const retry = await move();
    expect(first).toMatchObject({ status: 200, body: { version: 3 } });
    expect(retry).toMatchObject({ status: 200, body: first.body });
  });

  it('scopes keys to the caller: another customer with the same key places their own order', async () => {
    const theirs = await post('order-attempt-0001', orderBody([{ productCode: 'R', quantity: 1 }]), shop.customer('someone-else'));
    expect(theirs).toMatchObject({ status: 201, body: { code: 'ORD-000004', attributes: { customerId: 'someone-else' } } });
  });
});
