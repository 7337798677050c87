/**
 * The user pool, described once as plain data: the CDK stack (infra/shopstream-stack.ts) builds
 * the AWS pool from it and `npm start` (scripts/lib/cognito-local.ts) creates the same pool in
 * the local emulator. Nothing here imports CDK or an SDK, so both sides and the API can read it.
 * docs/identity.md says why each choice, and what the emulator does not follow.
 */

/** The custom attribute holding the user's tenant: set when the user is created, never changed. */
export const TENANT_ATTRIBUTE = 'tenant';

export interface PoolGroup {
  name: string;
  description: string;
}

export interface PoolClient {
  /** The CDK construct id is derived from it; the emulator finds an existing client by it. */
  name: string;
  description: string;
  accessTokenMinutes: number;
  idTokenMinutes: number;
  refreshTokenDays: number;
}

export const IDENTITY_POOL = {
  /**
   * Tenant-scoped usernames (`tenantUsername`): no username attributes, no sign-in aliases.
   * An email alias is unique per pool, so the same address could not be a customer of two shops.
   */
  usernameAttributes: [] as string[],
  /** The email is an attribute (the API verifies it and mails the codes), required, changeable. */
  emailRequired: true,
  tenantAttribute: { name: TENANT_ATTRIBUTE, minLength: 1, maxLength: 64, mutable: false },
  /**
   * Length first; the character classes are what cdk-nag's AwsSolutions-COG1 asks for. Cognito
   * checks it in AWS; our routes check it too, since the emulator does not.
   */
  passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, temporaryPasswordValidityDays: 3 },
  /**
   * MFA is a pool-wide setting and tokens carry no MFA claim: optional (TOTP only, no SMS) at the
   * pool, required for staff by our own sign-in.
   */
  mfa: 'optional' as const,
  mfaSecondFactor: 'totp' as const,
  /**
   * Nobody signs up or recovers a password at Cognito directly: our API creates users with the
   * admin API (so it fixes the tenant) and mails its own codes through the outbox.
   */
  selfSignUp: false,
  accountRecovery: 'none' as const,
  groups: [
    { name: 'owner', description: "The shop's owner: everything in the shop, and its staff" },
    { name: 'tenant-admin', description: 'Shop staff with every permission but managing staff' },
    { name: 'fulfilment', description: 'Shop staff who pack and ship orders' },
    { name: 'support', description: 'Shop staff who read orders and customers and handle returns and reviews' },
    { name: 'customer', description: "A shop's customer" },
    { name: 'system-admin', description: 'Operators who manage tenants (tenant `system`)' },
  ] as PoolGroup[],
  /**
   * One client per app, both confidential: the secret stays with our API, which calls the password
   * flow for the browser, so nobody can skip our limits by calling Cognito with the client id.
   */
  clients: [
    { name: 'admin', description: 'The admin dashboard (staff)', accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 1 },
    { name: 'storefront', description: 'The storefront (customers)', accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 30 },
  ] as PoolClient[],
  /** Both clients: the password flow and refresh (Cognito always allows refresh; the emulator needs it named). */
  authFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
} as const;

/**
 * The Cognito username of a person in a shop: `<tenant>#<email>`, the email trimmed and lower
 * cased. A tenant code never holds `#`, so the first `#` splits it; the same email in two shops
 * is two users.
 */
export function tenantUsername(tenant: string, email: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(tenant)) throw new Error(`not a tenant code: ${tenant}`);
  return `${tenant}#${email.trim().toLowerCase()}`;
}
