import { Injectable } from '@nestjs/common';
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { config } from '../config';
import { UnauthorizedError } from '../core/errors';
import { ROLES, Role, SYSTEM_TENANT } from '../core/tenant-context';
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

/**
 * Verifies JWTs with aws-jwt-verify: against the Cognito user pool in AWS, against the local
 * JWKS file in development (no network either way once the JWKS is cached).
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
      throw new UnauthorizedError(`invalid token: ${(error as Error).message}`);
    }
    const tenantCode = claims['custom:tenant'];
    const groups = claims['cognito:groups'];
    if (typeof tenantCode !== 'string' || !tenantCode) throw new UnauthorizedError('invalid token: no tenant claim');
    // A system admin acts only on the registry (the `system` tenant), never inside a shop.
    const roles = (Array.isArray(groups) ? groups : [])
      .filter((g): g is Role => ROLES.includes(g as Role))
      .filter((role) => (role === 'system-admin') === (tenantCode === SYSTEM_TENANT));
    if (roles.length === 0) throw new UnauthorizedError('invalid token: no known role');
    return {
      userId: String(claims.sub),
      tenantCode,
      roles,
      email: typeof claims.email === 'string' ? claims.email : undefined,
    };
  }
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
  return verifier as unknown as Verifier;
}
