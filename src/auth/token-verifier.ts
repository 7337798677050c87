import { Injectable } from '@nestjs/common';
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { config } from '../config';
import { UnauthorizedError } from '../core/errors';
import { ROLES, Role, SYSTEM_TENANT, TokenRole } from '../core/tenant-context';
import { logger } from '../core/logger';
import { DEV_AUDIENCE, readJwks } from './dev-keys';
import { EmulatorTokenVerifier } from './emulator-token-verifier';

/** What the API trusts about a caller, and only after the signature checked out. */
export interface VerifiedCaller {
  userId: string;
  tenantCode: string;
  roles: Role[];
  email?: string;
}

interface Verifier {
  verify(token: string): Promise<Record<string, unknown>>;
}

/** What may stand in a token's tenant claim: a tenant code, and nothing a key could be bent with. */
const TENANT_CLAIM = /^[a-z0-9][a-z0-9-]{1,39}$/;
const MAX_SUBJECT_LENGTH = 256;

/**
 * Verifies JWTs with aws-jwt-verify: against the Cognito user pool in AWS (ID tokens of both app
 * clients), the local Cognito emulator and the local JWKS file in development (never a network
 * fetch for the JWKS file: an unknown key id is simply refused). A
 * token must carry `exp` and `sub`. Every refusal is a plain 401 "invalid token"; why is logged.
 */
@Injectable()
export class TokenVerifier {
  // Built on first use: the stream Lambda shares the module graph but never verifies tokens.
  private verifier?: Verifier;

  async verify(token: string): Promise<VerifiedCaller> {
    let claims: Record<string, unknown>;
    try {
      this.verifier ??= createVerifier();
      claims = await this.verifier.verify(token);
    } catch (error) {
      return refuse('signature or standard claims', (error as Error).message);
    }
    const tenantCode = claims['custom:tenant'];
    const groups = claims['cognito:groups'];
    if (typeof claims.exp !== 'number') return refuse('claims', 'no exp');
    if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > MAX_SUBJECT_LENGTH) return refuse('claims', 'no usable sub');
    if (typeof tenantCode !== 'string' || !(TENANT_CLAIM.test(tenantCode) || tenantCode === SYSTEM_TENANT)) return refuse('claims', 'no usable tenant claim');
    // A system admin acts only on the registry (the `system` tenant), never inside a shop.
    const roles = (Array.isArray(groups) ? groups : [])
      .filter((g): g is TokenRole => ROLES.includes(g as TokenRole))
      .filter((role) => (role === 'system-admin') === (tenantCode === SYSTEM_TENANT));
    if (roles.length === 0) return refuse('claims', 'no known role');
    // Only an address the identity provider verified is ever written to.
    const emailVerified = claims.email_verified === true || claims.email_verified === 'true';
    return {
      userId: claims.sub,
      tenantCode,
      roles,
      email: emailVerified && typeof claims.email === 'string' ? claims.email : undefined,
    };
  }
}

function refuse(stage: string, why: string): never {
  logger.info('token refused', { stage, why });
  throw new UnauthorizedError('invalid token');
}

/**
 * Every issuer this deployment trusts, each with its own verifier, chosen by the token's `iss`
 * (each verifier checks it again, with the signature): the user pool our /auth routes sign in
 * to (both app clients: the admin dashboard's and the storefront's tokens), and, where a JWKS
 * file is set, the development keys of `npm run token`. The local Cognito emulator's verifier
 * exists only when `COGNITO_ENDPOINT` is a loopback http address outside a deployed Lambda
 * (EmulatorTokenVerifier refuses otherwise: its signing key is public).
 */
function createVerifier(): Verifier {
  const { auth, cognito, region } = config();
  const byIssuer = new Map<string, Verifier>();
  if (cognito) {
    const clientIds = [cognito.clients.admin.id, cognito.clients.storefront.id];
    if (cognito.endpoint) {
      byIssuer.set(`${cognito.endpoint}/${cognito.userPoolId}`, EmulatorTokenVerifier.create({ endpoint: cognito.endpoint, userPoolId: cognito.userPoolId, clientIds }));
    } else {
      byIssuer.set(cognitoIssuer(region, cognito.userPoolId), CognitoJwtVerifier.create({ userPoolId: cognito.userPoolId, clientId: clientIds, tokenUse: 'id' }) as unknown as Verifier);
    }
  } else if (auth.userPoolId && auth.clientId) {
    byIssuer.set(cognitoIssuer(region, auth.userPoolId), CognitoJwtVerifier.create({ userPoolId: auth.userPoolId, clientId: auth.clientId, tokenUse: null }) as unknown as Verifier);
  }
  if (auth.jwksFile) byIssuer.set(auth.issuer, devVerifier(auth.issuer, auth.jwksFile));
  if (byIssuer.size === 0) {
    throw new Error('no token verification configured: set COGNITO_USER_POOL_ID and the client ids, or AUTH_JWKS_FILE');
  }
  return {
    verify: async (token) => {
      const verifier = byIssuer.get(issuerOf(token));
      if (!verifier) throw new Error('not a token of a trusted issuer');
      return verifier.verify(token);
    },
  };
}

/** A Cognito pool's issuer; the pool id starts with its region (`us-east-1_abc`). */
function cognitoIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${userPoolId.split('_')[0] || region}.amazonaws.com/${userPoolId}`;
}

/** The `iss` claim read before any check, only to pick the verifier (which checks it again). */
function issuerOf(token: string): string {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload.iss === 'string' ? payload.iss : '';
  } catch {
    return '';
  }
}

function devVerifier(issuer: string, jwksFile: string): Verifier {
  const verifier = JwtRsaVerifier.create({
    issuer,
    audience: DEV_AUDIENCE,
    jwksUri: `${issuer}/.well-known/jwks.json`,
  });
  verifier.cacheJwks(readJwks(jwksFile) as Parameters<typeof verifier.cacheJwks>[0]);
  // verifySync uses only the cached local keys: nothing is fetched for an unknown key id.
  return { verify: async (token) => verifier.verifySync(token) as unknown as Record<string, unknown> };
}
