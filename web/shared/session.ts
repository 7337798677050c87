/**
 * A signed-in person's tokens: in memory, mirrored to sessionStorage so a reload keeps the session
 * (and a closed tab ends it), refreshed through POST /auth/refresh a minute before the ID token
 * expires (by this browser's clock, from `expiresIn`). The bearer token the API accepts is the ID
 * token (tenant, email and groups are in it).
 *
 * The /auth routes go through the typed client (no session middleware: they are signed out, and a
 * 401 from them is an answer, not an ended session), so a change of their contract fails
 * `npm run typecheck:web`.
 */
import createClient from 'openapi-fetch';
import { unwrap, type Schemas } from './api/client';
import { ApiError } from './api/errors';
import type { paths } from './api/schema';

export type AuthClient = Schemas['SignInDto']['client'];

export type SignInRequest = Omit<Schemas['SignInDto'], 'client'>;

/** What /auth/sign-in answers; only the ID token for a development token (`npm run token`). */
export type Tokens = Pick<Schemas['Tokens'], 'idToken'> & Partial<Schemas['Tokens']>;

export interface StoredSession {
  tenant: string;
  email: string;
  client: AuthClient;
  tokens: Tokens;
  /**
   * When the ID token expires by this browser's clock (received + expiresIn): the refresh is
   * timed from it, not from the token's `exp`, so a clock ahead of the server's does not take a
   * fresh token for an expiring one and refresh in a loop. A development token has only `exp`.
   */
  expiresAt?: number;
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

const authApi = (baseUrl: string) => createClient<paths>({ baseUrl });

export class Session {
  private current: StoredSession | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly auth: ReturnType<typeof authApi>;

  constructor(
    baseUrl: string,
    private readonly client: AuthClient,
  ) {
    this.auth = authApi(baseUrl);
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
    const tokens = unwrap(await this.auth.POST('/auth/sign-in', { body: { ...request, client: this.client } }));
    this.keep({ tenant: request.tenant, email: request.email, client: this.client, tokens });
  }

  /** A new ID token for the refresh token; the session ends when the refresh is refused. */
  async refresh(): Promise<void> {
    const session = this.current;
    if (!session?.tokens.refreshToken) return;
    try {
      const tokens = unwrap(await this.auth.POST('/auth/refresh', { body: { tenant: session.tenant, email: session.email, refreshToken: session.tokens.refreshToken, client: session.client } }));
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
      await this.auth.POST('/auth/sign-out', { body: { tenant: session.tenant, email: session.email, refreshToken: session.tokens.refreshToken, client: session.client } }).catch(() => undefined);
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
    this.current = { ...session, expiresAt: session.tokens.expiresIn ? Date.now() + session.tokens.expiresIn * 1000 : undefined };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    this.schedule();
    this.listeners.forEach((listener) => listener());
  }

  private expired(): boolean {
    return this.expiresAt() <= Date.now();
  }

  private expiresAt(): number {
    return this.current!.expiresAt ?? this.claims!.exp * 1000;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    if (!this.current) return;
    const due = this.expiresAt() - REFRESH_BEFORE_MS - Date.now();
    // Without a refresh token (a development token) the session simply ends at expiry.
    this.timer = setTimeout(() => (this.current?.tokens.refreshToken ? void this.refresh() : this.end()), Math.max(0, due));
  }
}

/** The contract's other unauthenticated flows: sign up and verify the email (customers), forgot/reset password, accept an invitation, TOTP enrolment at sign-in (staff). */
/** The JSON body of POST `path`, as the OpenAPI document says. */
type AuthBody<P extends '/auth/sign-up' | '/auth/verify-email' | '/auth/forgot-password' | '/auth/reset-password' | '/auth/accept-invitation' | '/auth/mfa-enrolment' | '/auth/mfa-enrolment/confirm'> = NonNullable<paths[P]['post']['requestBody']>['content']['application/json'];

export function authFlows(baseUrl: string) {
  const auth = authApi(baseUrl);
  return {
    signUp: async (body: AuthBody<'/auth/sign-up'>) => unwrap(await auth.POST('/auth/sign-up', { body })),
    verifyEmail: async (body: AuthBody<'/auth/verify-email'>) => unwrap(await auth.POST('/auth/verify-email', { body })),
    forgotPassword: async (body: AuthBody<'/auth/forgot-password'>) => unwrap(await auth.POST('/auth/forgot-password', { body })),
    resetPassword: async (body: AuthBody<'/auth/reset-password'>) => unwrap(await auth.POST('/auth/reset-password', { body })),
    acceptInvitation: async (body: AuthBody<'/auth/accept-invitation'>) => unwrap(await auth.POST('/auth/accept-invitation', { body })),
    /** TOTP enrolment with the `enrolmentToken` of a 403 `mfa_enrolment_required` sign-in: the secret, then its confirmation. */
    startMfaEnrolment: async (body: AuthBody<'/auth/mfa-enrolment'>) => unwrap(await auth.POST('/auth/mfa-enrolment', { body })),
    confirmMfaEnrolment: async (body: AuthBody<'/auth/mfa-enrolment/confirm'>) => unwrap(await auth.POST('/auth/mfa-enrolment/confirm', { body })),
  };
}
