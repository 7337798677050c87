import { createPrivateKey, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { Role } from '../core/tenant-context';

/**
 * Development signing keys: an RSA key pair kept under `.data/auth/`, whose public half is the
 * JWKS the API verifies against when Cognito is not configured. Never used in AWS.
 */
export const DEV_AUDIENCE = 'shopstream-local';
const KEY_ID = 'shopstream-dev-1';

export interface DevKeys {
  jwksFile: string;
  privateKey: KeyObject;
}

export function ensureDevKeys(dir: string): DevKeys {
  const privateFile = join(dir, 'private.pem');
  const jwksFile = join(dir, 'jwks.json');
  if (!existsSync(privateFile) || !existsSync(jwksFile)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    writeFileSync(privateFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...jwk, kid: KEY_ID, alg: 'RS256', use: 'sig' }] }, null, 2));
  }
  return { jwksFile, privateKey: createPrivateKey(readFileSync(privateFile)) };
}

export interface TokenRequest {
  tenant: string;
  role: Role;
  userId?: string;
  email?: string;
  issuer: string;
  expiresInSeconds?: number;
}

/** An RS256 JWT shaped like a Cognito ID token: tenant in `custom:tenant`, role in `cognito:groups`. */
export function mintDevToken(keys: DevKeys, request: TokenRequest): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: KEY_ID };
  const payload = {
    iss: request.issuer,
    aud: DEV_AUDIENCE,
    sub: request.userId ?? `user-${ulid().toLowerCase()}`,
    token_use: 'id',
    email: request.email,
    ...(request.email ? { email_verified: true } : {}),
    'custom:tenant': request.tenant,
    'cognito:groups': [request.role],
    iat: now,
    exp: now + (request.expiresInSeconds ?? 12 * 3600),
  };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), keys.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

export function readJwks(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

