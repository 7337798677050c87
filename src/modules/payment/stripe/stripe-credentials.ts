import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { logger } from '../../../core/logger';
import { awsSecrets, SecretReader } from '../../../core/secrets';

/**
 * One shop's Stripe account: its secret API key and the signing secret of its webhook endpoint.
 * `apiHost` / `apiPort` / `apiProtocol` point the SDK somewhere other than api.stripe.com (the
 * local fake in tests and development); unset in production.
 */
export interface StripeCredentials {
  secretKey: string;
  webhookSecret: string;
  apiHost?: string;
  apiPort?: number;
  apiProtocol?: 'http' | 'https';
}

/** Where a shop's Stripe credentials are kept; undefined when the shop has none. */
export interface StripeCredentialSource {
  forTenant(tenantCode: string): Promise<StripeCredentials | undefined>;
}

/** Each field checked: a secret with a typo must read as "not configured", never as a half-working account. */
export function parseStripeCredentials(raw: unknown): StripeCredentials | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const value = raw as Record<string, unknown>;
  if (typeof value.secretKey !== 'string' || !value.secretKey || typeof value.webhookSecret !== 'string' || !value.webhookSecret) return undefined;
  const credentials: StripeCredentials = { secretKey: value.secretKey, webhookSecret: value.webhookSecret };
  if (typeof value.apiHost === 'string' && value.apiHost) credentials.apiHost = value.apiHost;
  if (typeof value.apiPort === 'number' && Number.isInteger(value.apiPort)) credentials.apiPort = value.apiPort;
  if (value.apiProtocol === 'http' || value.apiProtocol === 'https') credentials.apiProtocol = value.apiProtocol;
  return credentials;
}

/**
 * Development and tests: a JSON file mapping tenant code to credentials. Read on every call, so
 * adding a shop's keys needs no restart (the provider caches its Stripe clients, not the file).
 */
export class FileStripeCredentials implements StripeCredentialSource {
  constructor(private readonly file: string) {}

  async forTenant(tenantCode: string): Promise<StripeCredentials | undefined> {
    if (!existsSync(this.file)) return undefined;
    let all: Record<string, unknown>;
    try {
      all = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      logger.warn('the Stripe credentials file is not JSON', { file: this.file, error: (error as Error).message });
      return undefined;
    }
    return Object.prototype.hasOwnProperty.call(all, tenantCode) ? parseStripeCredentials(all[tenantCode]) : undefined;
  }
}

/** A short cache: a rotated key or a newly configured shop is picked up within a minute. */
export const STRIPE_SECRET_CACHE_MS = 60_000;

/**
 * AWS: one Secrets Manager secret per shop, `<prefix><tenant>`, holding the same JSON as a
 * file entry. Answers, including "no such secret", are cached for a minute per tenant, so a
 * webhook burst or a stream batch reads the secret once.
 */
export class SecretsManagerStripeCredentials implements StripeCredentialSource {
  private readonly cache = new Map<string, { credentials: StripeCredentials | undefined; until: number }>();

  constructor(
    private readonly prefix: string,
    private readonly secrets: SecretReader = awsSecrets(),
    private readonly now: () => number = Date.now,
  ) {}

  async forTenant(tenantCode: string): Promise<StripeCredentials | undefined> {
    const cached = this.cache.get(tenantCode);
    if (cached && cached.until > this.now()) return cached.credentials;
    const secretId = `${this.prefix}${tenantCode}`;
    const text = await this.secrets.secretString(secretId);
    let credentials: StripeCredentials | undefined;
    if (text !== undefined) {
      try {
        credentials = parseStripeCredentials(JSON.parse(text));
      } catch {
        credentials = undefined;
      }
      if (!credentials) logger.warn('a Stripe credentials secret lacks secretKey or webhookSecret', { secretId });
    }
    this.cache.set(tenantCode, { credentials, until: this.now() + STRIPE_SECRET_CACHE_MS });
    return credentials;
  }
}

/** `STRIPE_CREDENTIALS=secrets-manager` (the CDK stack sets it) or `file` (default). */
export function stripeCredentialSource(env: NodeJS.ProcessEnv = process.env): StripeCredentialSource {
  if (env.STRIPE_CREDENTIALS === 'secrets-manager') return new SecretsManagerStripeCredentials(env.STRIPE_SECRET_PREFIX ?? DEFAULT_STRIPE_SECRET_PREFIX);
  return new FileStripeCredentials(resolve(env.STRIPE_CREDENTIALS_FILE || DEFAULT_STRIPE_CREDENTIALS_FILE));
}

export const DEFAULT_STRIPE_SECRET_PREFIX = 'shopstream/payments/stripe/';
export const DEFAULT_STRIPE_CREDENTIALS_FILE = '.data/stripe-credentials.json';
