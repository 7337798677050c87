/**
 * The Cognito emulator for local runs (`cognito-local`, a dev dependency like DynamoDB Local):
 * started by `npm start` with its data under DATA_DIR, and the user pool of
 * src/modules/identity/identity-pool.ts created in it, once (a restart on the same data finds
 * the pool, its groups and clients by name). Spoken to over its AWS JSON protocol with fetch:
 * the emulator checks no signature, and the scripts need no Cognito SDK for a handful of calls.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDENTITY_POOL, TENANT_ATTRIBUTE } from '../../src/modules/identity';
import { SetupProblem, stopChild } from './dynamodb-local';

export interface RunningCognito {
  /** The emulator's endpoint (also its tokens' issuer domain). */
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts cognito-local on 127.0.0.1:`port`, its pools in `<dataDir>/.cognito/db`. Its own config
 * turns off username attributes (the emulator's default makes the email the username, which
 * would make an address unique across shops).
 */
export async function startCognitoLocal(port: number, dataDir: string): Promise<RunningCognito> {
  mkdirSync(join(dataDir, '.cognito'), { recursive: true });
  const endpoint = `http://127.0.0.1:${port}`;
  writeFileSync(
    join(dataDir, '.cognito', 'config.json'),
    `${JSON.stringify({ UserPoolDefaults: { UsernameAttributes: IDENTITY_POOL.usernameAttributes }, TokenConfig: { IssuerDomain: endpoint } }, null, 2)}\n`,
  );
  const child = spawn(process.execPath, [require.resolve('cognito-local/lib/bin/start.js')], {
    cwd: dataDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its log (every request, and the codes it would mail) is noise beside ours: kept for errors only.
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = () => stopChild(child);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new SetupProblem(`cognito-local exited (${child.exitCode}): ${output.trim().split('\n').pop()}`);
    try {
      if ((await fetch(`${endpoint}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new SetupProblem(`cognito-local did not answer on ${endpoint} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint, process: child, stop };
}

/** One call of the Cognito API (the AWS JSON 1.1 protocol), as the SDK would send it. */
export async function cognitoCall<T = Record<string, unknown>>(endpoint: string, action: string, body: object): Promise<T> {
  const reply = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
    body: JSON.stringify(body),
  });
  const text = await reply.text();
  if (!reply.ok) throw Object.assign(new Error(`Cognito ${action}: ${reply.status} ${text}`), { status: reply.status, body: text });
  return (text ? JSON.parse(text) : {}) as T;
}

export interface LocalPool {
  userPoolId: string;
  /** Client name (IDENTITY_POOL.clients) to its id and secret. */
  clients: Record<string, { clientId: string; clientSecret?: string }>;
  created: boolean;
}

/**
 * The pool named `name` with IDENTITY_POOL's settings, groups and clients: found when it exists
 * (only what is missing is added), created otherwise.
 */
export async function ensureLocalPool(endpoint: string, name: string): Promise<LocalPool> {
  const call = <T = Record<string, unknown>>(action: string, body: object) => cognitoCall<T>(endpoint, action, body);
  const { UserPools = [] } = await call<{ UserPools?: { Id: string; Name: string }[] }>('ListUserPools', { MaxResults: 60 });
  let userPoolId = UserPools.find((pool) => pool.Name === name)?.Id;
  const created = !userPoolId;
  if (!userPoolId) {
    const policy = IDENTITY_POOL.passwordPolicy;
    const { UserPool } = await call<{ UserPool: { Id: string } }>('CreateUserPool', {
      PoolName: name,
      UsernameAttributes: IDENTITY_POOL.usernameAttributes,
      UsernameConfiguration: { CaseSensitive: false },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: !IDENTITY_POOL.selfSignUp },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
      Policies: {
        PasswordPolicy: {
          MinimumLength: policy.minLength,
          RequireLowercase: policy.requireLowercase,
          RequireUppercase: policy.requireUppercase,
          RequireNumbers: policy.requireDigits,
          RequireSymbols: policy.requireSymbols,
          TemporaryPasswordValidityDays: policy.temporaryPasswordValidityDays,
        },
      },
      Schema: [
        { Name: 'email', AttributeDataType: 'String', Required: IDENTITY_POOL.emailRequired, Mutable: true },
        {
          Name: TENANT_ATTRIBUTE,
          AttributeDataType: 'String',
          Mutable: IDENTITY_POOL.tenantAttribute.mutable,
          StringAttributeConstraints: { MinLength: String(IDENTITY_POOL.tenantAttribute.minLength), MaxLength: String(IDENTITY_POOL.tenantAttribute.maxLength) },
        },
      ],
    });
    userPoolId = UserPool.Id;
    await call('SetUserPoolMfaConfig', { UserPoolId: userPoolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
  }

  const { Groups = [] } = await call<{ Groups?: { GroupName: string }[] }>('ListGroups', { UserPoolId: userPoolId });
  for (const group of IDENTITY_POOL.groups.filter((g) => !Groups.some((existing) => existing.GroupName === g.name))) {
    await call('CreateGroup', { UserPoolId: userPoolId, GroupName: group.name, Description: group.description });
  }

  const { UserPoolClients = [] } = await call<{ UserPoolClients?: { ClientId: string; ClientName: string }[] }>('ListUserPoolClients', { UserPoolId: userPoolId, MaxResults: 60 });
  const clients: LocalPool['clients'] = {};
  for (const client of IDENTITY_POOL.clients) {
    const existing = UserPoolClients.find((c) => c.ClientName === client.name);
    const described = existing
      ? await call<{ UserPoolClient: { ClientId: string; ClientSecret?: string } }>('DescribeUserPoolClient', { UserPoolId: userPoolId, ClientId: existing.ClientId })
      : await call<{ UserPoolClient: { ClientId: string; ClientSecret?: string } }>('CreateUserPoolClient', {
          UserPoolId: userPoolId,
          ClientName: client.name,
          GenerateSecret: true,
          ExplicitAuthFlows: IDENTITY_POOL.authFlows,
          PreventUserExistenceErrors: 'ENABLED',
          AccessTokenValidity: client.accessTokenMinutes,
          IdTokenValidity: client.idTokenMinutes,
          RefreshTokenValidity: client.refreshTokenDays,
          TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
          ReadAttributes: ['email', 'email_verified', `custom:${TENANT_ATTRIBUTE}`],
          WriteAttributes: ['email'],
        });
    clients[client.name] = { clientId: described.UserPoolClient.ClientId, clientSecret: described.UserPoolClient.ClientSecret };
  }
  return { userPoolId, clients, created };
}

/** The API's settings for a local pool (src/config.ts `cognito`): what `npm start` hands serverless-offline. */
export function cognitoEnv(endpoint: string, pool: Pick<LocalPool, 'userPoolId' | 'clients'>): Record<string, string> {
  return {
    COGNITO_ENDPOINT: endpoint,
    COGNITO_USER_POOL_ID: pool.userPoolId,
    COGNITO_ADMIN_CLIENT_ID: pool.clients.admin.clientId,
    COGNITO_ADMIN_CLIENT_SECRET: pool.clients.admin.clientSecret ?? '',
    COGNITO_STOREFRONT_CLIENT_ID: pool.clients.storefront.clientId,
    COGNITO_STOREFRONT_CLIENT_SECRET: pool.clients.storefront.clientSecret ?? '',
  };
}
