/**
 * Every setting the code reads from the environment, with the embedded defaults that let
 * `npm start` and `npm test` run on a fresh machine. Read once per process.
 */
/** live: /docs page and document built at start (local, tests); static: the build's document (AWS); none. */
export type DocsMode = 'live' | 'static' | 'none';

export interface ShopstreamConfig {
  region: string;
  /** Set locally (DynamoDB Local); unset in AWS so the SDK uses the regional endpoint. */
  dynamoEndpoint?: string;
  tables: { command: string; data: string; history: string; deadLetter: string };
  /** SQS queue for records the stream sync gives up on (AWS). Unset locally: the dead-letter table is used. */
  deadLetterQueueUrl?: string;
  /** How many times the stream sync tries one command before it dead-letters it. */
  syncMaxAttempts: number;
  /** How many entities of one stream batch are synced side by side (each entity's versions stay in order). */
  syncParallelEntities: number;
  auth: {
    /** Cognito in AWS: both set. */
    userPoolId?: string;
    clientId?: string;
    /** Local development: a JWKS file written by scripts/dev-keys and its issuer. */
    jwksFile?: string;
    issuer: string;
  };
  /**
   * The user pool our /auth routes drive (src/modules/identity/cognito.adapter.ts): one code path
   * in AWS and locally. `endpoint` only for the local emulator (`COGNITO_ENDPOINT`, set by `npm
   * start`); unset in AWS (the regional endpoint). Each app client's id and secret
   * (`COGNITO_ADMIN_CLIENT_ID`/`_SECRET`, `COGNITO_STOREFRONT_CLIENT_ID`/`_SECRET`); the admin id
   * falls back to `COGNITO_CLIENT_ID`. Unset: the /auth routes answer 503. In AWS the secrets
   * are not in the environment: `clientSecretsArn` (`COGNITO_CLIENT_SECRETS_ARN`) names the
   * Secrets Manager secret `{admin, storefront}` the adapter reads for a client without `secret`.
   */
  cognito?: { endpoint?: string; userPoolId: string; clients: Record<AppClientName, { id: string; secret?: string }>; clientSecretsArn?: string };
  /**
   * `STAFF_MFA_REQUIRED=true`: staff and system admins sign in only with TOTP enrolled (issue 20: "TOTP for staff in
   * AWS"). The CDK stack sets it on the API function; unset (false) in `npm start` and the tests, so
   * the demo owner signs in with a password alone. A deployment setting rather than a shop one:
   * the platform, not each shop, answers for its staff accounts' safety.
   */
  staffMfaRequired: boolean;
  docs: DocsMode;
  /** Origins browsers may call the API from (`CORS_ORIGINS`, comma separated); `*` for any. */
  corsOrigins: string[];
  /** Largest accepted request body, for the 413 answer. */
  bodyLimit: string;
  mail: { from: string; localDir?: string };
  tenantCacheSeconds: number;
  /**
   * The local test PSP signs its webhooks with a secret per tenant derived from this key
   * (`PAYMENT_TEST_SIGNING_KEY`; the embedded default is for local runs and tests only).
   */
  paymentTestSigningKey: string;
  /** `PAYMENT_TEST_PROVIDER=off` removes the test PSP (the CDK stack sets it: its default key is public). */
  paymentTestProvider: boolean;
  /** The provider of a shop that never chose one (`PAYMENT_PROVIDER_DEFAULT`): `test` where the test PSP runs, else `stripe`. */
  defaultPaymentProvider: string;
  /** Verified webhooks one shop takes per provider and minute (`WEBHOOKS_PER_MINUTE`); past it 429, and the provider retries later. */
  webhooksPerMinute: number;
  /** How old a signed webhook may be (seconds) before it is refused as stale. */
  webhookToleranceSeconds: number;
  /** A payment still without an outcome this long after it started is asked about at its provider (webhooks get lost). */
  paymentReconcileSeconds: number;
  /** An order still pending this long after it was placed was never processed: the sweeper cancels it. */
  pendingOrderTimeoutMinutes: number;
  /**
   * `BEHIND_CLOUDFRONT=true`: requests come through CloudFront, so a guest's address is the
   * `CloudFront-Viewer-Address` header CloudFront sets, not the source IP (CloudFront's).
   * Only set it when the API cannot be reached around CloudFront: anyone can send the header.
   */
  behindCloudFront: boolean;
  /** Where a guest's order mail links to: `<storefrontUrl>/orders/<code>#token=<order token>` (`STOREFRONT_URL`). */
  storefrontUrl: string;
  /**
   * The API's own address as shoppers reach it (`PUBLIC_API_URL`), for the links it hands out (the
   * test provider's hosted page); unset: the scheme and host the request came with.
   */
  publicApiUrl?: string;
  media: {
    /** The private bucket uploads and renditions live in (`MEDIA_BUCKET`). */
    bucket: string;
    /** Local only: the S3 emulator (`S3_ENDPOINT`, `npm start` sets it); unset in AWS. */
    s3Endpoint?: string;
    /**
     * Where renditions are served from (`MEDIA_BASE_URL`), the bucket's `media/` folder: in AWS
     * CloudFront (whose origin path is `/media`, so uploads are never served); locally the
     * emulator's `<endpoint>/<bucket>/media`.
     */
    publicBaseUrl: string;
  };
  /**
   * Bulk import and export jobs: their files in `bucket` (`JOBS_BUCKET`; `S3_ENDPOINT` locally, an
   * S3 emulator), their steps on the SQS queue `JOBS_QUEUE_URL` (AWS), else on a local queue of
   * files in `queueDir` (`JOBS_QUEUE_DIR`) that `npm start` and the tests drain.
   */
  jobs: { bucket: string; s3Endpoint?: string; queueUrl?: string; queueDir: string };
}

/** The pool's app clients (IDENTITY_POOL.clients): the admin dashboard and the storefront. */
export type AppClientName = 'admin' | 'storefront';

function cognitoSettings(env: NodeJS.ProcessEnv): ShopstreamConfig['cognito'] {
  const userPoolId = env.COGNITO_USER_POOL_ID;
  const admin = env.COGNITO_ADMIN_CLIENT_ID || env.COGNITO_CLIENT_ID;
  const storefront = env.COGNITO_STOREFRONT_CLIENT_ID;
  if (!userPoolId || !admin || !storefront) return undefined;
  return {
    endpoint: env.COGNITO_ENDPOINT || undefined,
    userPoolId,
    clients: {
      admin: { id: admin, secret: env.COGNITO_ADMIN_CLIENT_SECRET || undefined },
      storefront: { id: storefront, secret: env.COGNITO_STOREFRONT_CLIENT_SECRET || undefined },
    },
    clientSecretsArn: env.COGNITO_CLIENT_SECRETS_ARN || undefined,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ShopstreamConfig {
  const prefix = env.TABLE_PREFIX ?? 'shopstream';
  return {
    region: env.AWS_REGION ?? 'us-east-1',
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    tables: {
      command: env.COMMAND_TABLE ?? `${prefix}-command`,
      data: env.DATA_TABLE ?? `${prefix}-data`,
      history: env.HISTORY_TABLE ?? `${prefix}-history`,
      deadLetter: env.DEAD_LETTER_TABLE ?? `${prefix}-dead-letter`,
    },
    deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL || undefined,
    syncMaxAttempts: positiveInt(env.SYNC_MAX_ATTEMPTS, 5),
    syncParallelEntities: positiveInt(env.SYNC_PARALLEL_ENTITIES, 8),
    auth: {
      userPoolId: env.COGNITO_USER_POOL_ID || undefined,
      clientId: env.COGNITO_CLIENT_ID || undefined,
      jwksFile: env.AUTH_JWKS_FILE || undefined,
      issuer: env.AUTH_ISSUER ?? 'https://shopstream.local/auth',
    },
    cognito: cognitoSettings(env),
    staffMfaRequired: env.STAFF_MFA_REQUIRED === 'true',
    docs: env.API_DOCS === 'static' || env.API_DOCS === 'none' ? env.API_DOCS : 'live',
    corsOrigins: (env.CORS_ORIGINS ?? '*').split(',').map((origin) => origin.trim()).filter(Boolean),
    bodyLimit: env.BODY_LIMIT ?? '100kb',
    mail: { from: env.MAIL_FROM ?? 'orders@shopstream.local', localDir: env.MAIL_DIR || undefined },
    pendingOrderTimeoutMinutes: positiveInt(env.PENDING_ORDER_TIMEOUT_MINUTES, 15),
    tenantCacheSeconds: env.TENANT_CACHE_SECONDS === "0" ? 0 : positiveInt(env.TENANT_CACHE_SECONDS, 5),
    paymentTestSigningKey: env.PAYMENT_TEST_SIGNING_KEY || 'shopstream-local-test-psp',
    paymentTestProvider: env.PAYMENT_TEST_PROVIDER !== 'off',
    defaultPaymentProvider: env.PAYMENT_PROVIDER_DEFAULT || (env.PAYMENT_TEST_PROVIDER !== 'off' ? 'test' : 'stripe'),
    webhooksPerMinute: positiveInt(env.WEBHOOKS_PER_MINUTE, 1200),
    webhookToleranceSeconds: positiveInt(env.WEBHOOK_TOLERANCE_SECONDS, 300),
    paymentReconcileSeconds: positiveInt(env.PAYMENT_RECONCILE_SECONDS, 600),
    behindCloudFront: env.BEHIND_CLOUDFRONT === 'true',
    storefrontUrl: (env.STOREFRONT_URL || 'http://localhost:3000').replace(/\/+$/, ''),
    publicApiUrl: env.PUBLIC_API_URL ? env.PUBLIC_API_URL.replace(/\/+$/, '') : undefined,
    media: mediaConfig(env),
    jobs: {
      bucket: env.JOBS_BUCKET || 'shopstream-jobs',
      s3Endpoint: env.S3_ENDPOINT || undefined,
      queueUrl: env.JOBS_QUEUE_URL || undefined,
      queueDir: env.JOBS_QUEUE_DIR || `${env.DATA_DIR || '.data'}/jobs-queue`,
    },
  };
}

function mediaConfig(env: NodeJS.ProcessEnv): ShopstreamConfig['media'] {
  const bucket = env.MEDIA_BUCKET || 'shopstream-media';
  const s3Endpoint = env.S3_ENDPOINT || undefined;
  const base = env.MEDIA_BASE_URL || (s3Endpoint ? `${s3Endpoint}/${bucket}/media` : `https://${bucket}.s3.amazonaws.com/media`);
  return { bucket, s3Endpoint, publicBaseUrl: base.replace(/\/+$/, '') };
}

function positiveInt(raw: string | undefined, fallback: number): number {
  const parsed = Number(raw);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

let cached: ShopstreamConfig | undefined;
export function config(): ShopstreamConfig {
  cached ??= loadConfig();
  return cached;
}
/** Tests change the environment between suites. */
export function resetConfig(): void {
  cached = undefined;
}
