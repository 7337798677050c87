import type { TenantContext, TokenRole } from '../core/tenant-context';

/**
 * What the guard needs to know about tenants and storefront keys, as ports: `auth/` is a
 * primitive and imports no context. The tenant context implements both; `src/app/` wires them
 * (`{ provide: TenantStatus, useExisting: TenantDirectory }`, and the same for the keys).
 */
export abstract class TenantStatus {
  /** Known and enabled (may be cached briefly by the implementation). */
  abstract isActive(tenantCode: string): Promise<boolean>;
}

/** The tenant and key a valid, unrevoked publishable key belongs to. */
export interface GuestKeyHolder {
  tenantCode: string;
  keyId: string;
}

export abstract class GuestKeys {
  /** `undefined` for a malformed, unknown, revoked or disabled key: the guard refuses them alike. */
  abstract authenticate(key: string, requestId: string): Promise<GuestKeyHolder | undefined>;
}

/** The guest order tokens handed out at checkout (the order context implements it). */
export abstract class OrderTokens {
  /**
   * The order a token opens in the guest's tenant (from its publishable key); `undefined` for a
   * malformed, unknown or forged one (the implementation counts those against the guest: 429).
   */
  abstract orderOf(guest: TenantContext, token: string): Promise<string | undefined>;
}

/** Whether a person may act, and with which roles, now: not what their token said at sign-in. */
export interface CallerStanding {
  status: 'invited' | 'active' | 'disabled';
  roles: TokenRole[];
}

/**
 * The people's accounts (the identity context implements it). The guard asks on every token
 * request, so a disable or a change of roles bites on the next request, whatever token is held.
 */
export abstract class AccountStandings {
  /** One strongly consistent read; `undefined` when the subject has no account (its token's claims decide). */
  abstract standingOf(ctx: TenantContext, userId: string): Promise<CallerStanding | undefined>;
}
