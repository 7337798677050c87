import { INestApplication } from '@nestjs/common';
import { handler as commandSyncHandler } from '../../src/handlers/command-sync';
import { handler as readModelSyncHandler } from '../../src/handlers/read-model-sync';
import { closeReadModel } from '../../src/read-model/read-model';
import { createApp } from '../../src/app/create-app';
import { Role, STAFF_ROLES, SYSTEM_TENANT } from '../../src/core/tenant-context';
import { tokenFor } from './auth';
import { useFreshTables } from './local-env';
import { StreamDriver } from '../../scripts/lib/stream-driver';
import { logContractResult, OpenApiContract, OpenApiDocument, RecordedResponse } from './openapi-contract';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * The real system in one process: the Nest HTTP app on a loopback port, the real stream
 * handler fed from DynamoDB Local's stream, tables of this test file's own.
 *
 * Every response `request` receives is recorded; `stop()` checks them all against the OpenAPI
 * document the app serves (test/support/openapi-contract.ts) and throws, listing each
 * undocumented status or body that does not match its schema.
 */
export class TestSystem {
  /** What `request` saw, for the contract check in `stop()`. */
  readonly responses: RecordedResponse[] = [];
  /** The read model's own consumers (command stream and data stream), apart from the order path's. */
  readonly readModelFeeds = [new StreamDriver(readModelSyncHandler, 'command'), new StreamDriver(readModelSyncHandler, 'data')];

  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    readonly stream: StreamDriver,
  ) {}

  static async start(): Promise<TestSystem> {
    await useFreshTables();
    const app = await createApp();
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return new TestSystem(app, url, new StreamDriver(commandSyncHandler));
  }

  async request<T = any>(method: string, path: string, options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    this.responses.push({ method: method.toUpperCase(), path, status: response.status, contentType: response.headers.get('content-type'), body, staff: isStaffToken(options.token) });
    return { status: response.status, body: body as T, headers: response.headers };
  }

  /** Runs the stream until every command is applied and every follow-up handled. */
  sync(options?: Parameters<StreamDriver['drain']>[0]): Promise<void> {
    return this.stream.drain(options);
  }

  /** Runs the order path's stream until quiet, then the read model's consumers over both streams. */
  async syncReadModel(options?: Parameters<StreamDriver['drain']>[0]): Promise<void> {
    await this.sync();
    for (const feed of this.readModelFeeds) await feed.drain(options);
  }

  /** A tenant created by the system admin through the API, synced, with tokens for its people. */
  async createTenant(code: string, extra: Record<string, unknown> = {}): Promise<TenantTokens> {
    const created = await this.request('POST', '/tenants', { token: tokenFor(SYSTEM_TENANT, 'system-admin'), body: { code, name: `Shop ${code}`, ...extra } });
    if (created.status !== 201) throw new Error(`tenant ${code}: ${created.status} ${JSON.stringify(created.body)}`);
    await this.sync();
    return new TenantTokens(code);
  }

  /** Stops the system, then fails if a recorded response is not what the OpenAPI document says. */
  async stop(): Promise<void> {
    let failure: Error | undefined;
    try {
      await this.checkContract();
    } catch (error) {
      failure = error as Error;
    }
    this.stream.close();
    for (const feed of this.readModelFeeds) feed.close();
    await this.app.close();
    await closeReadModel();
    if (failure) throw failure;
  }

  /** Validates every recorded response against the document at /docs/openapi.json. */
  async checkContract(): Promise<void> {
    const document = (await (await fetch(`${this.url}/docs/openapi.json`)).json()) as OpenApiDocument;
    const result = new OpenApiContract(document).check(this.responses);
    logContractResult(result);
    if (result.failures.length) {
      throw new Error(`${result.failures.length} of ${result.validated} responses do not match the OpenAPI document:\n${result.failures.join('\n')}`);
    }
  }
}

/** Whether a (development) token carries a staff role; its signature is the app's business. */
function isStaffToken(token: string | undefined): boolean {
  if (!token) return false;
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { 'cognito:groups'?: unknown };
    const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : [];
    return [...STAFF_ROLES, 'system-admin'].some((role) => groups.includes(role));
  } catch {
    return false;
  }
}

export class TenantTokens {
  constructor(readonly code: string) {}
  admin(userId = `admin-of-${this.code}`): string {
    return tokenFor(this.code, 'tenant-admin', userId);
  }
  /** A customer whose identity provider verified `email`. */
  customer(userId = `customer-of-${this.code}`, email = 'buyer@example.com'): string {
    return tokenFor(this.code, 'customer', userId, email);
  }
  as(role: Role, userId: string): string {
    return tokenFor(this.code, role, userId);
  }
}
