import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_REASON_MEANINGS, ERROR_REASONS } from '../../src/core/error-reasons';
import { internalsIn, OpenApiContract, OpenApiDocument, RecordedResponse, toJsonSchema } from '../support/openapi-contract';
import { TestSystem } from '../support/test-system';

type Operation = {
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean }[];
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema?: Record<string, unknown> }> }>;
};

const MUTATIONS = ['post', 'put', 'patch', 'delete'];
const ERROR_REF = '#/components/schemas/ErrorResponse';
/** Payment providers' webhooks: public (the signature is the authentication), idempotent by event id, no Idempotency-Key. */
const isWebhook = (path: string) => path.startsWith('/webhooks/');
/** Sign-up, sign-in and passwords: public (nobody has a token yet), the shop named in the body; no Idempotency-Key (no caller to scope it to), each safe to retry by design. */
const isAuth = (path: string) => path.startsWith('/auth/');

/** The only documented error status whose body is not ErrorResponse: health says why it is degraded. */
const NOT_ERROR_SHAPED = new Set(['GET /health 503']);

describe('OpenAPI document: every response and error of every route', () => {
  let system: TestSystem;
  let document: OpenApiDocument & { components: { schemas: Record<string, Record<string, unknown>> } };
  let operations: { key: string; method: string; path: string; operation: Operation }[];

  beforeAll(async () => {
    system = await TestSystem.start();
    const reply = await system.request('GET', '/docs/openapi.json');
    expect(reply.status).toBe(200);
    document = reply.body;
    operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod as Record<string, Operation>).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, operation })),
    );
  });
  afterAll(() => system.stop());

  it('names every class of src/ once: the document keys its schemas by class name, so a second class of the same name would replace the first', () => {
    // Found the hard way: the sign-in routes' `AddressDto` (shop + email) replaced the order
    // address's schema, and every order's shippingAddress stopped matching the document.
    const files = (readdirSync('src', { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));
    const declared = new Map<string, string[]>();
    for (const file of files) {
      for (const [, name] of readFileSync(join('src', file), 'utf8').matchAll(/^export (?:abstract )?class (\w+)/gm)) {
        declared.set(name, [...(declared.get(name) ?? []), file]);
      }
    }
    expect([...declared].filter(([, where]) => where.length > 1)).toEqual([]);
  });

  it('documents the routes of every module', () => {
    expect(operations.map((o) => o.key).sort()).toEqual(
      expect.arrayContaining(['GET /health', 'POST /tenants', 'GET /products/{code}', 'PATCH /inventory/{code}', 'POST /orders', 'GET /orders/{code}/history', 'GET /notifications']),
    );
  });

  it('gives every 2xx response a JSON schema (a 204 none: it has no body) and a description', () => {
    const missing = operations.flatMap(({ key, operation }) =>
      Object.entries(operation.responses)
        .filter(([status]) => status.startsWith('2'))
        .filter(([status, response]) => status !== '204' || response.content !== undefined || !(response as { description?: string }).description)
        .filter(([, response]) => !response.content?.['application/json']?.schema || !(response as { description?: string }).description)
        .map(([status]) => `${key} ${status}`),
    );
    expect(missing).toEqual([]);
    for (const { key, operation } of operations) expect([key, Object.keys(operation.responses).some((s) => s.startsWith('2'))]).toEqual([key, true]);
  });

  it('needs a bearer token on every route but /health, the webhooks, /auth and /storefront/config, and documents 401 and 403 on each', () => {
    const problems = operations.flatMap(({ key, path, operation }) => {
      const authenticated = (operation.security ?? []).length > 0;
      if (path === '/health' || path === '/storefront/config' || isAuth(path)) return authenticated ? [`${key} must be public`] : [];
      if (isWebhook(path)) return authenticated ? [`${key} must be public`] : operation.responses['401'] ? [] : [`${key} lacks 401`];
      if (!authenticated) return [`${key} has no bearer security`];
      return ['401', '403'].filter((s) => !operation.responses[s]).map((s) => `${key} lacks ${s}`);
    });
    expect(problems).toEqual([]);
  });

  it('documents 504 on every route, and 400, 413 and 422 on every mutation', () => {
    const problems = operations.flatMap(({ key, method, path, operation }) => {
      const wanted = MUTATIONS.includes(method) ? ['400', '413', ...(isWebhook(path) || isAuth(path) ? [] : ['422']), '504'] : ['504'];
      return wanted.filter((s) => !operation.responses[s]).map((s) => `${key} lacks ${s}`);
    });
    expect(problems).toEqual([]);
  });

  it('documents 404 on every route with a path code (a webhook\'s unknown shop is 401, its unknown payment 400)', () => {
    const problems = operations.filter(({ path, operation }) => path.includes('{') && !isWebhook(path) && !operation.responses['404']).map(({ key }) => key);
    expect(problems).toEqual([]);
  });

  it("describes the webhook's own answers: the ignored outcome, a signature's 401, the shop's webhook limit, no 404; and who needs no bearer token", () => {
    const webhook = operations.find((o) => o.key === 'POST /webhooks/{provider}/{tenant}')!.operation;
    const description = (status: string) => (webhook.responses[status] as { description?: string } | undefined)?.description ?? '';
    expect(Object.keys(webhook.responses).sort()).toEqual(['200', '400', '401', '409', '413', '415', '429', '504']);
    expect(description('200')).toContain('`ignored`');
    expect(description('401')).toContain('signature');
    expect(description('401')).not.toContain('bearer token,');
    expect(description('429')).toContain('WEBHOOKS_PER_MINUTE');
    expect(description('429')).not.toContain('customer');
    // An unknown shop answers as a bad signature does: 401, never 400 or 404.
    expect(description('400')).not.toContain('tenant');
    expect(description('401')).toContain('unknown or disabled shop');
    const info = (document as unknown as { info: { description: string } }).info.description;
    expect(info).not.toContain('Every route but /health needs a bearer JWT');
    expect(info).toContain('/webhooks/');
    expect(info).toContain('publishable');
  });

  it('gives every error response the one ErrorResponse body and a description', () => {
    const problems = operations.flatMap(({ key, operation }) =>
      Object.entries(operation.responses)
        .filter(([status]) => /^[45]/.test(status) && !NOT_ERROR_SHAPED.has(`${key} ${status}`))
        .filter(([, response]) => response.content?.['application/json']?.schema?.$ref !== ERROR_REF || !(response as { description?: string }).description)
        .map(([status]) => `${key} ${status}`),
    );
    expect(problems).toEqual([]);
  });

  it('describes ErrorResponse: statusCode, error, message, fields and every detail an error spreads in', () => {
    const schema = document.components.schemas.ErrorResponse as { required: string[]; properties: Record<string, { type?: string }>; additionalProperties?: unknown };
    expect(schema.required.sort()).toEqual(['error', 'message', 'statusCode']);
    expect(schema.properties.statusCode.type).toBe('integer');
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['fields', 'currentVersion', 'expectedVersion', 'status', 'limit', 'skus', 'retryAfterSeconds', 'prices', 'reason', 'refundable', 'currency', 'coupons', 'lines']),
    );
    // Declared, so the contract check refuses a detail the document does not name.
    expect(schema.additionalProperties).toBeUndefined();
    // One money shape per operation: the refund's 409 says refundable as its request's amount is, an integer of the order's currency.
    expect(schema.properties.refundable.type).toBe('integer');
  });

  it('declares reason as the enum of the one list of reasons (src/core/error-reasons.ts), each with its meaning', () => {
    const reason = (document.components.schemas.ErrorResponse as { properties: Record<string, { enum?: string[]; description?: string }> }).properties.reason;
    expect(reason.enum).toEqual(ERROR_REASONS);
    for (const code of ERROR_REASONS) expect(reason.description).toContain(`${code}: ${ERROR_REASON_MEANINGS[code]}`);
    // Today's codes, kept exactly: clients switch on them.
    expect(ERROR_REASONS).toEqual(
      expect.arrayContaining(['prices_changed', 'coupon_unavailable', 'return_window_closed', 'no_payment_provider', 'payment_attempts_exhausted', 'payment_starting', 'paid_offline', 'not_offline_prepaid', 'provider_failed']),
    );
  });

  it('documents the optional Idempotency-Key header on every mutation, and Idempotent-Replayed on its success', () => {
    const problems = operations
      .filter(({ method, path }) => MUTATIONS.includes(method) && !isWebhook(path) && !isAuth(path))
      .flatMap(({ key, operation }) => {
        const header = operation.parameters?.find((p) => p.in === 'header' && p.name === 'Idempotency-Key');
        const out: string[] = [];
        if (!header || header.required) out.push(`${key}: no optional Idempotency-Key header`);
        for (const [status, response] of Object.entries(operation.responses)) {
          if (status.startsWith('2') && !response.headers?.['Idempotent-Replayed']) out.push(`${key} ${status}: no Idempotent-Replayed header`);
        }
        return out;
      });
    expect(problems).toEqual([]);
  });

  describe('the contract check TestSystem.stop() runs', () => {
    const contract = () => new OpenApiContract(document);
    const order = { method: 'GET', path: '/orders/ORD-000001?x=1', contentType: 'application/json; charset=utf-8' };

    it('matches request paths to path templates', () => {
      expect(contract().operationOf('GET', '/orders/ORD-1/history')).toBe('/orders/{code}/history');
      expect(contract().operationOf('PATCH', '/inventory/P-1')).toBe('/inventory/{code}');
      expect(contract().operationOf('GET', '/products?limit=2')).toBe('/products');
      expect(contract().operationOf('DELETE', '/products/P-1')).toBeUndefined();
    });

    it('refuses an undocumented status and a body that does not match its schema, naming method, path and status', () => {
      const result = contract().check([
        { ...order, status: 418, body: { statusCode: 418, error: 'Teapot', message: 'no' } },
        { ...order, status: 404, body: { statusCode: 404, message: 'order ORD-000001 not found' } },
        { ...order, status: 200, body: { code: 'ORD-000001' } },
      ]);
      expect(result.validated).toBe(3);
      expect(result.failures).toHaveLength(3);
      expect(result.failures[0]).toMatch(/^GET \/orders\/ORD-000001\?x=1 -> 418 .*not documented/);
      expect(result.failures[1]).toMatch(/-> 404 .*must have required property 'error'/);
      expect(result.failures[2]).toMatch(/-> 200 .*must have required property 'attributes'/);
    });

    it('accepts documented errors with their declared details, refuses undeclared ones, and skips what is not JSON or not a documented route', async () => {
      const html = await system.request('GET', '/docs');
      expect(html.status).toBe(200);
      const result = contract().check([
        { method: 'GET', path: '/docs', status: 200, contentType: html.headers.get('content-type'), body: html.body },
        { method: 'GET', path: '/nowhere', status: 404, contentType: 'application/json', body: { statusCode: 404 } },
      ]);
      expect(result).toMatchObject({ validated: 0, skipped: 2, failures: [] });
      const conflict = (details: object) => contract().check([{ method: 'PATCH', path: '/orders/ORD-1/status', status: 409, contentType: 'application/json', body: { statusCode: 409, error: 'ConflictError', message: 'no', ...details } }]);
      expect(conflict({ status: 'shipped', currentVersion: 4 })).toMatchObject({ validated: 1, failures: [] });
      expect(conflict({ status: 'shipped', somethingNew: true }).failures).toEqual([expect.stringMatching(/-> 409 .*must NOT have additional properties .*somethingNew/)]);
      // Every reason a test's response carries is checked against the list (the enum), like every other detail.
      expect(conflict({ reason: 'coupon_unavailable' })).toMatchObject({ validated: 1, failures: [] });
      expect(conflict({ reason: 'no_such_reason' }).failures).toEqual([expect.stringMatching(/-> 409 .*reason.*must be equal to one of the allowed values/)]);
      const refund = (refundable: unknown) => contract().check([{ method: 'POST', path: '/orders/ORD-1/refunds', status: 409, contentType: 'application/json', body: { statusCode: 409, error: 'ConflictError', message: 'no', refundable, currency: 'USD' } }]);
      expect(refund(2145).failures).toEqual([]);
      expect(refund({ amount: 2145, currency: 'USD' }).failures).toHaveLength(1);
    });

    it('refuses a property the schema does not declare, but not in free-form maps', () => {
      const stock = { method: 'GET', path: '/inventory/TEE-M', contentType: 'application/json' };
      const level = { sku: 'TEE-M', productCode: 'TEE', warehouse: 'main', onHand: 1, reserved: 0, available: 1, lowStockThreshold: 0, version: 1, updatedAt: '2026-01-01T00:00:00.000Z' };
      const body = (extra: object) => ({ productCode: 'TEE', sku: 'TEE-M', warehouses: [{ ...level, ...extra }] });
      expect(contract().check([{ ...stock, status: 200, body: body({}) }]).failures).toEqual([]);
      const undeclared = contract().check([{ ...stock, status: 200, body: body({ somethingNew: 1 }) }]);
      expect(undeclared.failures).toHaveLength(1);
      expect(undeclared.failures[0]).toMatch(/warehouses\/0 must NOT have additional properties .*somethingNew/);
      expect(toJsonSchema({ type: 'object', properties: { a: { type: 'string' } } })).toEqual({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false });
      expect(toJsonSchema({ type: 'object', additionalProperties: { type: 'string' } })).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
      expect(toJsonSchema({ type: 'object', properties: {}, additionalProperties: true })).toEqual({ type: 'object', properties: {}, additionalProperties: true });
    });

    it('refuses internals in any JSON response, at any depth: storage keys and their values, and who changed what to anyone but staff', () => {
      const product = { method: 'GET', path: '/products/P-1', contentType: 'application/json', status: 200 };
      const view = { code: 'P-1', version: 1, attributes: { sku: 'P-1', price: { amount: 1, currency: 'USD' }, active: true }, updatedAt: '2026-01-01T00:00:00.000Z' };
      const internals = (responses: RecordedResponse[]) => contract().check(responses).failures.filter((f) => f.includes('shows internals'));
      expect(internals([{ ...product, body: view }, { ...product, body: { ...view, updatedBy: 'admin-1' }, staff: true }])).toEqual([]);
      const leaks = internals([
        { ...product, body: { ...view, pk: 'TENANT#t', sk: 'PRODUCT#P-1' }, staff: true },
        { ...product, body: { ...view, updatedBy: 'admin-1' } },
        { method: 'GET', path: '/nowhere', contentType: 'application/json', status: 404, body: { items: [{ detail: { gsi1pk: 'x', note: 'TENANT#t#CUSTOMER#c' } }] } },
      ]);
      expect(leaks).toEqual([
        expect.stringMatching(/-> 200: shows internals: \/pk is a storage attribute; \/pk holds a storage key.*; \/sk is a storage attribute$/),
        expect.stringMatching(/-> 200 \(not staff\): shows internals: \/updatedBy is for staff only$/),
        expect.stringMatching(/-> 404 \(not staff\): shows internals: \/items\/0\/detail\/gsi1pk is a storage attribute; \/items\/0\/detail\/note holds a storage key/),
      ]);
      expect(internalsIn({ options: { size: 'M' }, by: 'admin-1' }, false)).toEqual([]);
    });

    it('turns OpenAPI nullable into a JSON Schema null type', () => {
      expect(toJsonSchema({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
      expect(toJsonSchema({ $ref: '#/components/schemas/Order', nullable: true })).toEqual({ anyOf: [{ $ref: 'https://shopstream.local/openapi.json#/definitions/Order' }, { type: 'null' }] });
      // @nestjs/swagger's nullable reference: the object, or null.
      expect(toJsonSchema({ type: 'object', nullable: true, allOf: [{ $ref: '#/components/schemas/Order' }] })).toEqual({
        anyOf: [{ type: 'object', allOf: [{ $ref: 'https://shopstream.local/openapi.json#/definitions/Order' }] }, { type: 'null' }],
      });
    });
  });
});
