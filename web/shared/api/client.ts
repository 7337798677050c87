/**
 * The typed API client: openapi-fetch over the types openapi-typescript generates from the
 * OpenAPI document at build time (`npm run web:api` → schema.d.ts, gitignored). A contract change
 * therefore fails `npm run typecheck:web` instead of a page at run time.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { ApiError, type ErrorBody } from './errors';

export type Schemas = components['schemas'];
export type ApiClient = ReturnType<typeof createApi>;

export interface ApiOptions {
  baseUrl: string;
  /** The bearer token of the session, read on every request (it is refreshed in place). */
  token: () => string | undefined;
  /** Any 401: the session is over (expired, revoked, disabled); the app sends the user to sign-in. */
  onUnauthorized: () => void;
  /** The storefront: a guest of the shop is known by its publishable key (sent when no one is signed in). */
  publishableKey?: () => string | undefined;
}

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createApi(options: ApiOptions) {
  const client = createClient<paths>({ baseUrl: options.baseUrl });
  const session: Middleware = {
    onRequest({ request }) {
      // Every mutation is safe to retry only with its action's key: one made by useAction (a fresh
      // key per user action, the same key when that action is retried).
      if (MUTATIONS.has(request.method) && !request.headers.has('Idempotency-Key')) {
        throw new Error(`${request.method} ${new URL(request.url).pathname} without an Idempotency-Key: run it through useAction`);
      }
      const token = options.token();
      const publishableKey = options.publishableKey?.();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      else if (publishableKey) request.headers.set('x-publishable-key', publishableKey);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) options.onUnauthorized();
      return response;
    },
  };
  client.use(session);
  return client;
}

/** The data of an answer, or its error as an ApiError (ConflictError for a 409). */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) throw ApiError.from(result.response.status, result.error as ErrorBody | undefined);
  return result.data as T;
}
