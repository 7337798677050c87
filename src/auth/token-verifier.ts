import { Injectable } from '@nestjs/common';
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { config } from '../config';
import { UnauthorizedError } from '../core/errors';
import { ROLES, Role, SYSTEM_TENANT, TokenRole } from '../core/tenant-context';
import { logger } from '../core/logger';
import { DEV_AUDIENCE, readJwks } from './dev-keys';

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
 * Verifies JWTs with aws-jwt-verify: against the Cognito user pool in AWS, against the local
 * JWKS file in development (never a network fetch: an unknown key id is simply refused). A
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

function createVerifier(): Verifier {
  const { auth } = config();
  if (auth.userPoolId && auth.clientId) {
    return CognitoJwtVerifier.create({ userPoolId: auth.userPoolId, clientId: auth.clientId, tokenUse: null }) as unknown as Verifier;
  }
  if (!auth.jwksFile) {
    throw new Error('no token verification configured: set COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID, or AUTH_JWKS_FILE');
  }
  const verifier = JwtRsaVerifier.create({
    issuer: auth.issuer,
    audience: DEV_AUDIENCE,
    jwksUri: `${auth.issuer}/.well-known/jwks.json`,
  });
  verifier.cacheJwks(readJwks(auth.jwksFile) as Parameters<typeof verifier.cacheJwks>[0]);
  // verifySync uses only the cached local keys: nothing is fetched for an unknown key id.
  return { verify: async (token) => verifier.verifySync(token) as unknown as Record<string, unknown> };
}
