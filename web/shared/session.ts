/**
 * A signed-in person's tokens: in memory, mirrored to sessionStorage so a reload keeps the session
 * (and a closed tab ends it), refreshed through POST /auth/refresh a minute before the ID token
 * expires. The bearer token the API accepts is the ID token (tenant, email and groups are in it).
 *
 * The /auth routes (identity contract) are not in the OpenAPI document yet: they are called with
 * plain fetch and the contract's shapes below; once they are merged, these calls move to the typed
 * client and the shapes come from schema.d.ts.
 */
import { ApiError, type ErrorBody } from './api/errors';

export type AuthClient = 'admin' | 'storefront';

export interface SignInRequest {
  tenant: string;
  email: string;
  password: string;
  mfaCode?: string;
}

export interface Tokens {
  idToken: string;
  accessToken?: string;
  refreshToken?: string;
  /** Seconds the ID token lives, from its issue. */
  expiresIn?: number;
  tokenType?: 'Bearer';
}

export interface StoredSession {
  tenant: string;
  email: string;
  client: AuthClient;
  tokens: Tokens;
}

export interface Claims {
  sub: string;
  email?: string;
  tenant?: string;
  roles: string[];
  /** Seconds since the epoch. */
  exp: number;
}

export const SESSION_KEY = 'shopstream.session';
const REFRESH_BEFORE_MS = 60_000;

export function claimsOf(idToken: string): Claims {
  const payload = JSON.parse(atob(idToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  return {
    sub: String(payload.sub),
    email: payload.email as string | undefined,
    tenant: payload['custom:tenant'] as string | undefined,
    roles: (payload['cognito:groups'] as string[] | undefined) ?? [],
    exp: Number(payload.exp),
  };
}

async function authCall<T>(baseUrl: string, path: string, body: object): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) throw ApiError.from(response.status, parsed as ErrorBody | undefined);
  return parsed as T;
}

export class Session {
  private current: StoredSession | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly baseUrl: string,
    private readonly client: AuthClient,
  ) {
    try {
      const stored = sessionStorage.getItem(SESSION_KEY);
      this.current = stored ? (JSON.parse(stored) as StoredSession) : undefined;
    } catch {
      this.current = undefined;
    }
    if (this.current && this.expired()) this.end();
    this.schedule();
  }

  get token(): string | undefined {
    return this.current?.tokens.idToken;
  }

  get claims(): Claims | undefined {
    return this.current ? claimsOf(this.current.tokens.idToken) : undefined;
  }

  get signedIn(): boolean {
    return this.current !== undefined;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async signIn(request: SignInRequest): Promise<void> {
    const tokens = await authCall<Tokens>(this.baseUrl, '/auth/sign-in', { ...request, client: this.client });
    this.keep({ tenant: request.tenant, email: request.email, client: this.client, tokens });
  }

  /** A new ID token for the refresh token; the session ends when the refresh is refused. */
  async refresh(): Promise<void> {
    const session = this.current;
    if (!session?.tokens.refreshToken) return;
    try {
      const tokens = await authCall<Tokens>(this.baseUrl, '/auth/refresh', { tenant: session.tenant, email: session.email, refreshToken: session.tokens.refreshToken, client: session.client });
      this.keep({ ...session, tokens: { ...tokens, refreshToken: tokens.refreshToken ?? session.tokens.refreshToken } });
    } catch (error) {
      // A network failure keeps the session for the next try; a refusal ends it.
      if (error instanceof ApiError) this.end();
      else this.timer = setTimeout(() => void this.refresh(), REFRESH_BEFORE_MS / 2);
    }
  }

  /** Revokes the refresh token (when there is one), then forgets the session whatever the answer. */
  async signOut(): Promise<void> {
    const session = this.current;
    this.end();
    if (session?.tokens.refreshToken) {
      await authCall(this.baseUrl, '/auth/sign-out', { tenant: session.tenant, email: session.email, refreshToken: session.tokens.refreshToken, client: session.client }).catch(() => undefined);
    }
  }

  /** Forget the tokens (a 401, a refused refresh, sign-out). */
  end(): void {
    if (this.timer) clearTimeout(this.timer);
    this.current = undefined;
    sessionStorage.removeItem(SESSION_KEY);
    this.listeners.forEach((listener) => listener());
  }

  private keep(session: StoredSession): void {
    this.current = session;
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    this.schedule();
    this.listeners.forEach((listener) => listener());
  }

  private expired(): boolean {
    return this.claims!.exp * 1000 <= Date.now();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    if (!this.current) return;
    const due = this.claims!.exp * 1000 - REFRESH_BEFORE_MS - Date.now();
    // Without a refresh token (a development token) the session simply ends at expiry.
    this.timer = setTimeout(() => (this.current?.tokens.refreshToken ? void this.refresh() : this.end()), Math.max(0, due));
  }
}

/** The contract's other unauthenticated flows: forgot/reset password, accept an invitation. */
export const authFlows = (baseUrl: string) => ({
  forgotPassword: (body: { tenant: string; email: string }) => authCall<unknown>(baseUrl, '/auth/forgot-password', body),
  resetPassword: (body: { tenant: string; email: string; code: string; newPassword: string }) => authCall<unknown>(baseUrl, '/auth/reset-password', body),
  acceptInvitation: (body: { tenant: string; email: string; code: string; password: string }) => authCall<unknown>(baseUrl, '/auth/accept-invitation', body),
});
