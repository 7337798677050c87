import type { TokenRole } from '../../core/tenant-context';

/** Who the account belongs to: a shop's staff, a shop's customer, or an operator of the platform. */
export type AccountKind = 'staff' | 'customer' | 'system';

/**
 * `invited`: staff asked to join, no password yet, or a customer who signed up and has not
 * verified the address yet; `active`: may act; `disabled`: refused on the next request,
 * whatever token they still hold.
 */
export type AccountStatus = 'invited' | 'active' | 'disabled';
export const ACCOUNT_STATUSES: readonly AccountStatus[] = ['invited', 'active', 'disabled'];

export interface AccountAttributes {
  kind: AccountKind;
  /** The Cognito username (`<tenant>#...`): what the admin APIs address the person by. */
  username: string;
  email: string;
  /** What the person gave at sign-up, if anything. */
  name?: string;
  status: AccountStatus;
  /** The truth about roles at request time: the token's groups only say what they were at sign-in. */
  roles: TokenRole[];
}

/** What the guard needs on every request, from one strongly consistent read. */
export interface AccountStanding {
  status: AccountStatus;
  roles: TokenRole[];
  version: number;
}
