import type { Context } from 'aws-lambda';
import { logger } from '../../src/core/logger';
import { HttpResult, withDeadline } from '../../src/handlers/api';

const contextWith = (remainingMs: number) => ({ getRemainingTimeInMillis: () => remainingMs }) as Context;
const event = { rawPath: '/orders', requestContext: { http: { method: 'POST' } } };

describe('the API handler under a deadline', () => {
  it('answers 504 in the error shape, with no internals, when the request outlives the function', async () => {
    // unref: the abandoned request must not keep jest waiting after the test.
    const slow = () => new Promise<HttpResult>((resolve) => setTimeout(() => resolve({ statusCode: 200, body: 'too late' }), 2_000).unref());
    const logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const reply = await withDeadline(slow, 500)(event, contextWith(600));
    // The detail goes to the log only.
    expect(logged).toHaveBeenCalledWith('request ran out of time', { method: 'POST', path: '/orders', budgetMs: 100 });
    logged.mockRestore();
    expect(reply.statusCode).toBe(504);
    expect(reply.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(reply.body!)).toEqual({ statusCode: 504, error: 'GatewayTimeout', message: 'the request took too long' });
  });

  it('passes a request that finishes in time through untouched', async () => {
    const quick = async () => ({ statusCode: 201, body: '{"ok":true}' });
    expect(await withDeadline(quick, 500)(event, contextWith(5_000))).toEqual({ statusCode: 201, body: '{"ok":true}' });
  });
});
