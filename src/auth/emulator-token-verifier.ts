import { JwtRsaVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';

/**
 * Verifies tokens the local Cognito emulator (cognito-local, started by `npm start`) signs.
 * aws-jwt-verify's Cognito verifier refuses the emulator's `http:` JWKS and `local_` pool ids,
 * so this is the generic RSA verifier with Cognito's checks spelled out: the pool's issuer, an
 * ID token's `aud` or an access token's `client_id` among our clients.
 *
 * The emulator's signing key ships in its npm package, so anyone can sign a token it would
 * accept: this refuses to exist outside a local run (a loopback endpoint, and not a deployed
 * Lambda). Not used by the guard yet (issue 20 wires it).
 */
export interface EmulatorPool {
  /** The emulator's endpoint, e.g. `http://127.0.0.1:9329` (its tokens' issuer domain). */
  endpoint: string;
  userPoolId: string;
  /** The app clients whose tokens are accepted. */
  clientIds: string[];
}

export type EmulatorClaims = Record<string, unknown> & { sub: string; token_use: 'id' | 'access' };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Throws unless this is a local run that may trust the emulator's public key. */
export function assertLocalStage(endpoint: string, env: NodeJS.ProcessEnv = process.env): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`the Cognito emulator's endpoint is not a URL: ${endpoint}`);
  }
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
    throw new Error(`refusing to trust the Cognito emulator at ${endpoint}: its signing key is public, so only an emulator on this machine (http on a loopback address) is trusted`);
  }
  // serverless-offline sets IS_OFFLINE for the functions it runs; a deployed Lambda has only its name.
  if (env.AWS_LAMBDA_FUNCTION_NAME && env.IS_OFFLINE !== 'true') {
    throw new Error("refusing to trust the Cognito emulator in a deployed Lambda: its signing key is public");
  }
}

export class EmulatorTokenVerifier {
  private keys?: Promise<void>;
  private readonly verifier: ReturnType<typeof JwtRsaVerifier.create<{ issuer: string; audience: null }>>;

  private readonly issuer: string;

  private constructor(private readonly pool: EmulatorPool) {
    const clients = new Set(pool.clientIds);
    this.issuer = `${pool.endpoint}/${pool.userPoolId}`;
    this.verifier = JwtRsaVerifier.create({
      issuer: this.issuer,
      // ID tokens carry the client in `aud`, access tokens in `client_id` (as Cognito's do).
      audience: null,
      customJwtCheck: ({ payload }) => {
        const client = payload.token_use === 'id' ? payload.aud : payload.token_use === 'access' ? payload.client_id : undefined;
        if (typeof client !== 'string' || !clients.has(client)) throw new Error(`not a token of our clients (token_use ${String(payload.token_use)})`);
        if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new Error('no sub');
      },
    });
  }

  static create(pool: EmulatorPool, env: NodeJS.ProcessEnv = process.env): EmulatorTokenVerifier {
    assertLocalStage(pool.endpoint, env);
    if (pool.clientIds.length === 0) throw new Error('no app client to accept tokens of');
    return new EmulatorTokenVerifier(pool);
  }

  /** The token's claims once its signature, issuer, expiry and client check out; throws otherwise. */
  async verify(token: string): Promise<EmulatorClaims> {
    await this.loadKeys();
    return this.verifier.verifySync(token) as unknown as EmulatorClaims;
  }

  /**
   * The emulator's JWKS, fetched once with fetch (aws-jwt-verify's fetcher takes https only);
   * verifySync then uses only those keys: an unknown key id is refused, nothing more is fetched.
   */
  private loadKeys(): Promise<void> {
    this.keys ??= (async () => {
      const reply = await fetch(`${this.pool.endpoint}/${this.pool.userPoolId}/.well-known/jwks.json`);
      if (!reply.ok) throw new Error(`the Cognito emulator's JWKS answered ${reply.status}`);
      this.verifier.cacheJwks((await reply.json()) as Jwks, this.issuer);
    })().catch((error) => {
      this.keys = undefined; // try again on the next token
      throw error;
    });
    return this.keys;
  }
}
