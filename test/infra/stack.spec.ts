import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ShopstreamStack } from '../../infra/shopstream-stack';
import { loadConfig } from '../../src/config';
import { tableDefinitions } from '../../src/core/tables';
import { ROLES } from '../../src/core/tenant-context';
import { GUEST_ROUTES } from '../../src/http/browser-access';
import { IDENTITY_POOL } from '../../src/modules/identity';

/**
 * Asserts the synthesized CloudFormation of the shopstream stack. Offline and fast: bundling
 * is skipped (`aws:cdk:bundling-stacks: []`) and the handler entries are stubs, so neither
 * tsc output nor esbuild is needed. `npx cdk synth` covers the real bundling.
 */

const REPO_ROOT = join(__dirname, '..', '..');
const STUB_HANDLERS = join(__dirname, 'fixtures', 'handlers');
const MAIL_FROM = 'orders@shop.example';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** The same feature flags as `cdk synth` (which reads cdk.json), so the templates match. */
function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
}

function synth(props: { handlersDir?: string; mailFrom?: string; stage?: string; corsOrigins?: string[] } = {}): Template {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const stack = new ShopstreamStack(app, 'shopstream-test', {
    stage: props.stage ?? 'test',
    mailFrom: props.mailFrom ?? MAIL_FROM,
    handlersDir: props.handlersDir ?? STUB_HANDLERS,
    corsOrigins: props.corsOrigins,
    webDistDir: join(__dirname, 'fixtures', 'web'),
  });
  return Template.fromStack(stack);
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('ShopstreamStack template', () => {
  let template: Template;
  let resources: Record<string, Resource>;

  beforeAll(() => {
    template = synth();
    resources = template.toJSON().Resources;
  });

  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const ref = (id: string) => ({ Ref: id });
  /** The app client of that name (IDENTITY_POOL.clients). */
  const appClient = (name: string) => ofType('AWS::Cognito::UserPoolClient').find(([, c]) => c.Properties.ClientName === name)!;

  /** The Lambda whose environment has this variable (the API has Cognito). */
  function functionWithEnv(variable: string): [string, Resource] {
    const found = ofType('AWS::Lambda::Function').filter(([, r]) => r.Properties.Environment?.Variables?.[variable] !== undefined);
    expect(found).toHaveLength(1);
    return found[0];
  }
  const apiFunction = () => functionWithEnv('COGNITO_USER_POOL_ID');
  /** The Lambda of this construct id (the read model's consumer has a dead-letter queue too). */
  const functionOfId = (prefix: string): [string, Resource] => {
    const found = ofType('AWS::Lambda::Function').filter(([id]) => id.startsWith(prefix));
    expect(found).toHaveLength(1);
    return found[0];
  };
  const syncFunction = () => functionOfId('CommandSyncFunction');
  const sweeperFunction = () => functionOfId('SweeperFunction');

  /** Logical id of the table a function gets in the given env variable. */
  function tableIdFromEnv(variable: string): string {
    const value = apiFunction()[1].Properties.Environment.Variables[variable];
    expect(value).toEqual({ Ref: expect.any(String) });
    expect(resources[value.Ref].Type).toBe('AWS::DynamoDB::Table');
    return value.Ref;
  }

  /** Every statement of the IAM policies attached to a function's role. */
  function statementsOf([, fn]: [string, Resource]): Statement[] {
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    return ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: unknown) => JSON.stringify(r) === JSON.stringify(ref(roleId))))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
  }
  const resourcesOf = (s: Statement) => asArray(s.Resource);
  const actionsOf = (s: Statement) => asArray(s.Action);

  describe('DynamoDB tables', () => {
    it('declares exactly the command, data and history tables (no dead-letter table in AWS)', () => {
      template.resourceCountIs('AWS::DynamoDB::Table', 3);
      const ids = ['COMMAND_TABLE', 'DATA_TABLE', 'HISTORY_TABLE'].map(tableIdFromEnv);
      expect(new Set(ids).size).toBe(3);
    });

    it('uses pk/sk string keys, on-demand billing, PITR, the expiresAt TTL and change streams', () => {
      template.allResourcesProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ]),
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      });
    });

    it('gives the data table the same sparse indexes the local tables have (customer orders, pending orders)', () => {
      const data = ofType('AWS::DynamoDB::Table').find(([id]) => id === tableIdFromEnv('DATA_TABLE'))![1];
      const local = tableDefinitions(loadConfig({})).find((t) => t.TableName!.endsWith('-data'))!;
      expect(data.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
      expect(data.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual(['gsi1', 'gsi2']);
    });

    it('keeps the tables when the stack is deleted or a table is replaced', () => {
      template.allResources('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    it('refuses to delete the tables and the read model database on prod, and only there', () => {
      const prod = synth({ stage: 'prod' });
      prod.allResourcesProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
      prod.hasResourceProperties('AWS::RDS::DBCluster', { DeletionProtection: true, BackupRetentionPeriod: 7 });
      template.allResourcesProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
      template.hasResourceProperties('AWS::RDS::DBCluster', { DeletionProtection: false });
    });

    it('gives the command table a NEW_AND_OLD_IMAGES stream', () => {
      expect(resources[tableIdFromEnv('COMMAND_TABLE')].Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    });
  });

  describe('command stream -> sync Lambda', () => {
    const mapping = () => {
      const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify(ref(syncFunction()[0])));
      expect(mappings).toHaveLength(1);
      return mappings[0][1].Properties;
    };
    const queueId = () => syncFunction()[1].Properties.Environment.Variables.DEAD_LETTER_QUEUE_URL.Ref as string;

    it('reads the command table stream into the sync function', () => {
      expect(mapping().EventSourceArn).toEqual({ 'Fn::GetAtt': [tableIdFromEnv('COMMAND_TABLE'), 'StreamArn'] });
      expect(mapping().FunctionName).toEqual(ref(syncFunction()[0]));
      expect(mapping().StartingPosition).toBe('TRIM_HORIZON');
      expect(mapping().BatchSize).toBe(100);
    });

    it('isolates poison records: bisect, bounded retries and age, partial batch failures', () => {
      const props = mapping();
      expect(props.BisectBatchOnFunctionError).toBe(true);
      expect(props.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
      expect(props.MaximumRetryAttempts).toBeLessThanOrEqual(3);
      expect(props.MaximumRecordAgeInSeconds).toBeGreaterThanOrEqual(60);
      expect(props.MaximumRecordAgeInSeconds).toBeLessThanOrEqual(7 * 24 * 3600);
      expect(props.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    });

    it('fills batches for at most a second and runs tenants side by side without breaking per-entity order', () => {
      expect(mapping().MaximumBatchingWindowInSeconds).toBe(1);
      // Lambda keeps one partition key in order across parallel batches; a tenant is one partition key.
      expect(mapping().ParallelizationFactor).toBe(4);
    });

    it('sends exhausted batches to the SQS dead-letter queue the code also writes to', () => {
      expect(mapping().DestinationConfig).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': [queueId(), 'Arn'] } } });
      expect(syncFunction()[1].Properties.Environment.Variables.DEAD_LETTER_QUEUE_URL).toEqual(ref(queueId()));
    });

    it('encrypts the dead-letter queue and keeps messages 14 days', () => {
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    });
  });

  describe('Lambda functions', () => {
    it('run Node.js 24 on arm64, but the media function on x86_64 (the sharp binaries shipped beside it)', () => {
      // Ours carry the Powertools service name; the VPC's default-security-group custom resource is CDK's.
      const ours = ofType('AWS::Lambda::Function').filter(([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'shopstream');
      expect(ours).toHaveLength(6);
      for (const [, fn] of ours) {
        const media = fn.Properties.Description?.startsWith('shopstream media');
        expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: [media ? 'x86_64' : 'arm64'], Handler: 'index.handler' });
      }
    });

    it('get the table names and Powertools settings in their environment, never the local test PSP, and no source-map flag (stacks are mapped lazily)', () => {
      const tables = {
        COMMAND_TABLE: ref(tableIdFromEnv('COMMAND_TABLE')),
        DATA_TABLE: ref(tableIdFromEnv('DATA_TABLE')),
        HISTORY_TABLE: ref(tableIdFromEnv('HISTORY_TABLE')),
      };
      for (const [, fn] of [apiFunction(), syncFunction()]) {
        expect(fn.Properties.Environment.Variables).toMatchObject({
          ...tables,
          POWERTOOLS_SERVICE_NAME: 'shopstream',
          LOG_LEVEL: 'INFO',
          PAYMENT_TEST_PROVIDER: 'off',
        });
        expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
      }
    });

    it('give the API the Cognito pool and client, and the sync its attempts and sender', () => {
      const [poolId] = ofType('AWS::Cognito::UserPool')[0];
      const [clientId] = appClient('admin');
      expect(apiFunction()[1].Properties.Environment.Variables).toMatchObject({ COGNITO_USER_POOL_ID: ref(poolId), COGNITO_CLIENT_ID: ref(clientId) });
      expect(syncFunction()[1].Properties.Environment.Variables).toMatchObject({ SYNC_MAX_ATTEMPTS: '3', MAIL_FROM });
    });

    it('are traced by X-Ray', () => {
      const ours = ofType('AWS::Lambda::Function').filter(([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'shopstream');
      for (const [, fn] of ours) expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    });

    it('log to their own log groups with a retention', () => {
      for (const [, fn] of [apiFunction(), syncFunction(), sweeperFunction()]) {
        const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
        expect(resources[logGroupId].Type).toBe('AWS::Logs::LogGroup');
        expect(resources[logGroupId].Properties.RetentionInDays).toBeGreaterThan(0);
      }
    });
  });

  describe('schedule', () => {
    it('runs the sweeper every minute from an EventBridge rule', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(1 minute)',
        Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SweeperFunction'), 'Arn'] } })]),
      });
    });

    it('keeps a run EventBridge could not deliver, or that failed in the function, in a dead-letter queue of its own', () => {
      const [, rule] = ofType('AWS::Events::Rule')[0];
      const queueArn = rule.Properties.Targets[0].DeadLetterConfig.Arn;
      expect(queueArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ScheduleDeadLetterQueue/), 'Arn'] });
      expect(rule.Properties.Targets[0].RetryPolicy).toEqual({ MaximumRetryAttempts: 0 });
      expect(sweeperFunction()[1].Properties.DeadLetterConfig).toEqual({ TargetArn: queueArn });
      const [queueId] = queueArn['Fn::GetAtt'];
      expect(resources[queueId].Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      // EventBridge may send to it (the function's role has its own grant).
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(queueId)],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } })]) },
      });
    });
  });

  describe('HTTP API', () => {
    const routes = () => ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const PUBLIC_ROUTES = ['GET /health', 'GET /docs', 'GET /docs/{proxy+}', 'POST /webhooks/{provider}/{tenant}'];

    it('is an HTTP API with a JWT authorizer on the Cognito user pool and app client', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
      const [poolId] = ofType('AWS::Cognito::UserPool')[0];
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Issuer: { 'Fn::GetAtt': [poolId, 'ProviderURL'] }, Audience: [ref(appClient('admin')[0]), ref(appClient('storefront')[0])] },
      });
    });

    it('requires the JWT on ANY / and ANY /{proxy+}', () => {
      const [authorizerId] = ofType('AWS::ApiGatewayV2::Authorizer')[0];
      for (const routeKey of ['ANY /', 'ANY /{proxy+}']) {
        expect(routes()).toContainEqual(expect.objectContaining({ RouteKey: routeKey, AuthorizationType: 'JWT', AuthorizerId: ref(authorizerId) }));
      }
    });

    it('leaves only /health, the docs and the guest routes without the JWT at the edge', () => {
      const open = [...PUBLIC_ROUTES, ...GUEST_ROUTES];
      for (const route of routes()) {
        const isOpen = open.includes(route.RouteKey);
        expect({ route: route.RouteKey, auth: route.AuthorizationType }).toEqual({ route: route.RouteKey, auth: isOpen ? 'NONE' : 'JWT' });
      }
      expect(routes().map((r) => r.RouteKey)).toEqual(expect.arrayContaining(open));
      // Guests only read the catalog: writing it still needs the JWT at the edge (ANY /{proxy+}).
      expect(GUEST_ROUTES).toEqual(expect.arrayContaining(['GET /products', 'GET /products/{code}']));
      expect(routes().map((r) => r.RouteKey)).not.toContain('POST /products');
    });

    it('answers browser preflights with the storefront headers, from any origin unless origins are given', () => {
      const storefrontHeaders = ['authorization', 'content-type', 'idempotency-key', 'x-publishable-key', 'x-cart-token', 'x-request-id'];
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        CorsConfiguration: {
          AllowOrigins: ['*'],
          AllowHeaders: Match.arrayWith(storefrontHeaders),
          AllowMethods: Match.arrayWith(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
          ExposeHeaders: ['idempotent-replayed'],
          AllowCredentials: false,
          MaxAge: 600,
        },
      });
      expect(apiFunction()[1].Properties.Environment.Variables.CORS_ORIGINS).toBe('*');

      const shops = ['https://shop-a.example', 'https://www.shop-b.example'];
      const restricted = synth({ corsOrigins: shops });
      restricted.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: shops }) });
      const [, api] = Object.entries(restricted.toJSON().Resources as Record<string, Resource>).find(
        ([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.COGNITO_USER_POOL_ID !== undefined,
      )!;
      expect(api.Properties.Environment.Variables.CORS_ORIGINS).toBe(shops.join(','));
    });

    it('throttles the default stage, so a flood is refused before it reaches the Lambda', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      });
    });

    it('writes one JSON access log line per request, with its request ids, to a log group with a retention', () => {
      const [, stage] = ofType('AWS::ApiGatewayV2::Stage')[0];
      const { DestinationArn, Format } = stage.Properties.AccessLogSettings;
      const [logGroupId] = DestinationArn['Fn::GetAtt'];
      expect(resources[logGroupId].Type).toBe('AWS::Logs::LogGroup');
      expect(resources[logGroupId].Properties.RetentionInDays).toBe(30);
      const line = JSON.parse(Format);
      expect(line).toMatchObject({
        requestId: '$context.requestId',
        lambdaRequestId: '$context.integration.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        sourceIp: '$context.identity.sourceIp',
        authorizerError: '$context.authorizer.error',
      });
      // Never a token, a key or a cart's secret: no headers, query strings or bodies.
      expect(Format).not.toMatch(/header|querystring|body|\$input/i);
    });

    it('sends every route to the API function', () => {
      const integrations = ofType('AWS::ApiGatewayV2::Integration');
      expect(integrations).toHaveLength(1);
      const [integrationId, integration] = integrations[0];
      expect(integration.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [apiFunction()[0], 'Arn'] });
      for (const route of routes()) expect(route.Target).toEqual({ 'Fn::Join': ['', ['integrations/', ref(integrationId)]] });
    });
  });

  describe('Cognito (the pool of src/modules/identity/identity-pool.ts)', () => {
    const pool = () => ofType('AWS::Cognito::UserPool')[0][1].Properties;

    it('is the only pool: tenant-scoped usernames (no alias, no username attribute), case-insensitive', () => {
      expect(ofType('AWS::Cognito::UserPool')).toHaveLength(1);
      expect(pool().UsernameAttributes).toBeUndefined();
      expect(pool().AliasAttributes).toBeUndefined();
      expect(pool().UsernameConfiguration).toEqual({ CaseSensitive: false });
    });

    it('has an immutable custom tenant attribute, a required email, no self sign-up and no Cognito-side recovery', () => {
      expect(pool().Schema).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Name: 'tenant', AttributeDataType: 'String', Mutable: false, StringAttributeConstraints: { MinLength: '1', MaxLength: '64' } }),
          expect.objectContaining({ Name: 'email', Required: true, Mutable: true }),
        ]),
      );
      expect(pool().AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
      expect(pool().AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] });
    });

    it('has the password policy and optional TOTP (no SMS) of the description', () => {
      expect(pool().Policies.PasswordPolicy).toEqual({
        MinimumLength: IDENTITY_POOL.passwordPolicy.minLength,
        RequireLowercase: true,
        RequireUppercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
        TemporaryPasswordValidityDays: IDENTITY_POOL.passwordPolicy.temporaryPasswordValidityDays,
      });
      expect(pool().MfaConfiguration).toBe('OPTIONAL');
      expect(pool().EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    });

    it('has the staff, customer and system role groups', () => {
      const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName).sort();
      expect(groups).toEqual(['customer', 'fulfilment', 'owner', 'support', 'system-admin', 'tenant-admin']);
      // Every role a token may carry today is a group (src/core/tenant-context.ts ROLES).
      expect(groups).toEqual(expect.arrayContaining([...ROLES]));
    });

    it('has an admin and a storefront client: confidential, password flow and refresh only, reading but never writing the tenant', () => {
      expect(ofType('AWS::Cognito::UserPoolClient').map(([, c]) => c.Properties.ClientName).sort()).toEqual(['admin', 'storefront']);
      for (const name of ['admin', 'storefront']) {
        const [, client] = appClient(name);
        expect(client.Properties.GenerateSecret).toBe(true);
        expect(client.Properties.ExplicitAuthFlows.sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH']);
        expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBe(false);
        expect(client.Properties.PreventUserExistenceErrors).toBe('ENABLED');
        expect(client.Properties.ReadAttributes).toContain('custom:tenant');
        expect(client.Properties.WriteAttributes ?? []).not.toContain('custom:tenant');
      }
      expect(appClient('admin')[1].Properties).toMatchObject({ RefreshTokenValidity: 1440, TokenValidityUnits: { RefreshToken: 'minutes' } });
    });

    const clientSecretsSecret = () => {
      const found = ofType('AWS::SecretsManager::Secret').filter(([id]) => id.startsWith('CognitoClientSecrets'));
      expect(found).toHaveLength(1);
      return found[0];
    };

    it("keeps both clients' secrets in one Secrets Manager secret, {admin, storefront}, from CloudFormation's ClientSecret", () => {
      const [, secret] = clientSecretsSecret();
      const value = secret.Properties.SecretString;
      const [, parts] = value['Fn::Join'] as [string, unknown[]];
      expect(parts).toEqual([
        '{"admin":"',
        { 'Fn::GetAtt': [appClient('admin')[0], 'ClientSecret'] },
        '","storefront":"',
        { 'Fn::GetAtt': [appClient('storefront')[0], 'ClientSecret'] },
        '"}',
      ]);
      // No deploy-time custom resource reading the secrets (CDK's userPoolClientSecret makes one).
      expect(ofType('Custom::DescribeCognitoUserPoolClient')).toEqual([]);
    });

    it("gives the API both clients and the secret's ARN, never a client secret in any function's environment", () => {
      const [poolId] = ofType('AWS::Cognito::UserPool')[0];
      const [secretId] = clientSecretsSecret();
      expect(apiFunction()[1].Properties.Environment.Variables).toMatchObject({
        COGNITO_USER_POOL_ID: ref(poolId),
        COGNITO_ADMIN_CLIENT_ID: ref(appClient('admin')[0]),
        COGNITO_STOREFRONT_CLIENT_ID: ref(appClient('storefront')[0]),
        COGNITO_CLIENT_SECRETS_ARN: ref(secretId),
      });
      for (const [, fn] of ofType('AWS::Lambda::Function')) {
        const variables = fn.Properties.Environment?.Variables ?? {};
        expect(Object.keys(variables).filter((name) => /CLIENT_SECRET$/.test(name))).toEqual([]);
        expect(JSON.stringify(variables)).not.toContain('"ClientSecret"');
      }
    });

    it('lets only the API read the client secrets, and call only the admin actions the adapter uses, on this pool only', () => {
      const [poolId] = ofType('AWS::Cognito::UserPool')[0];
      const [secretId] = clientSecretsSecret();
      const readers = ofType('AWS::Lambda::Function').filter((fn) => statementsOf(fn).some((s) => resourcesOf(s).some((r) => JSON.stringify(r) === JSON.stringify(ref(secretId)))));
      expect(readers.map(([id]) => id)).toEqual([apiFunction()[0]]);
      const reads = statementsOf(apiFunction()).filter((s) => resourcesOf(s).some((r) => JSON.stringify(r) === JSON.stringify(ref(secretId))));
      expect(reads.flatMap(actionsOf).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
      const cognito = statementsOf(apiFunction()).filter((s) => actionsOf(s).some((a) => a.startsWith('cognito-idp:')));
      expect(cognito).toEqual([
        {
          Effect: 'Allow',
          Action: ['cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminDeleteUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminSetUserPassword', 'cognito-idp:AdminUpdateUserAttributes'],
          Resource: { 'Fn::GetAtt': [poolId, 'Arn'] },
        },
      ]);
      // The other functions never drive the pool.
      for (const fn of ofType('AWS::Lambda::Function').filter(([id]) => id !== apiFunction()[0])) {
        expect(statementsOf(fn).flatMap(actionsOf).filter((a) => a.startsWith('cognito-idp:'))).toEqual([]);
      }
    });
  });

  describe('IAM (least privilege)', () => {
    const dynamoStatements = (statements: Statement[]) => statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));

    it('never gives the API dynamodb:* or DynamoDB access on "*"', () => {
      const statements = dynamoStatements(statementsOf(apiFunction()));
      expect(statements.length).toBeGreaterThan(0);
      for (const s of statements) {
        expect(actionsOf(s)).not.toContain('dynamodb:*');
        expect(actionsOf(s)).not.toContain('*');
        expect(resourcesOf(s)).not.toContain('*');
        expect(JSON.stringify(s.Resource)).not.toMatch(/table\/\*/);
      }
    });

    it('lets the API only append to and read the command table, and only read history', () => {
      const commandArn = { 'Fn::GetAtt': [tableIdFromEnv('COMMAND_TABLE'), 'Arn'] };
      const historyArn = { 'Fn::GetAtt': [tableIdFromEnv('HISTORY_TABLE'), 'Arn'] };
      const actionsOn = (arn: unknown) =>
        dynamoStatements(statementsOf(apiFunction()))
          .filter((s) => resourcesOf(s).some((r) => JSON.stringify(r) === JSON.stringify(arn)))
          .flatMap(actionsOf)
          .sort();
      expect(actionsOn(commandArn)).toEqual(['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
      expect(actionsOn(historyArn)).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    });

    it('gives the API no mail permissions, of queues only sending to the jobs queue, and "*" only for X-Ray', () => {
      const [jobsQueueId] = ofType('AWS::SQS::Queue').find(([id]) => id.startsWith('JobsQueue'))!;
      for (const s of statementsOf(apiFunction())) {
        expect(actionsOf(s).filter((a) => /^ses:/.test(a))).toEqual([]);
        if (actionsOf(s).some((a) => a.startsWith('sqs:'))) expect(resourcesOf(s)).toEqual([{ 'Fn::GetAtt': [jobsQueueId, 'Arn'] }]);
        if (resourcesOf(s).includes('*')) expect([...actionsOf(s)].sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
    });

    it('allows on "*" only actions that take no resource ARN (what the cdk-nag acknowledgement says)', () => {
      const ours = ofType('AWS::Lambda::Function').filter(([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'shopstream');
      const onStar = ours.flatMap((fn) => statementsOf(fn)).filter((s) => resourcesOf(s).includes('*'));
      expect(onStar.length).toBeGreaterThan(0);
      expect([...new Set(onStar.flatMap(actionsOf))].sort()).toEqual(['dynamodb:ListStreams', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    });

    it('lets the sync send to the dead-letter queue, write data and history, and publish commands', () => {
      const statements = statementsOf(syncFunction());
      const allowed = (action: string, resource: unknown) =>
        statements.some((s) => actionsOf(s).includes(action) && resourcesOf(s).some((r) => JSON.stringify(r) === JSON.stringify(resource)));
      const [queueId] = ofType('AWS::SQS::Queue')[0];
      expect(allowed('sqs:SendMessage', { 'Fn::GetAtt': [queueId, 'Arn'] })).toBe(true);
      expect(allowed('dynamodb:PutItem', { 'Fn::GetAtt': [tableIdFromEnv('COMMAND_TABLE'), 'Arn'] })).toBe(true);
      expect(allowed('dynamodb:GetRecords', { 'Fn::GetAtt': [tableIdFromEnv('COMMAND_TABLE'), 'StreamArn'] })).toBe(true);
      for (const table of ['DATA_TABLE', 'HISTORY_TABLE']) {
        const arn = { 'Fn::GetAtt': [tableIdFromEnv(table), 'Arn'] };
        expect(allowed('dynamodb:PutItem', arn) && allowed('dynamodb:GetItem', arn)).toBe(true);
      }
      const dynamoOnStar = dynamoStatements(statements).filter((s) => resourcesOf(s).includes('*'));
      // Added by the event source; has no resource type (X-Ray's actions share the statement).
      expect(dynamoOnStar.flatMap(actionsOf).filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:ListStreams']);
    });

    it('lets the functions that call payment providers read only the Stripe secrets of this stage', () => {
      const secretArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:shopstream/test/payments/stripe/*']] };
      for (const fn of [apiFunction(), syncFunction(), sweeperFunction()]) {
        expect(fn[1].Properties.Environment.Variables).toMatchObject({ STRIPE_CREDENTIALS: 'secrets-manager', STRIPE_SECRET_PREFIX: 'shopstream/test/payments/stripe/' });
        // (The API also reads the read model's database secret: asserted with the read model.)
        const secrets = statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')) && JSON.stringify(s.Resource).includes('payments/stripe'));
        expect(secrets).toEqual([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn }]);
      }
      // Another stage's functions read another stage's secrets.
      const prod = Object.values(synth({ stage: 'prod' }).toJSON().Resources as Record<string, Resource>).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.STRIPE_SECRET_PREFIX);
      expect(prod.map((fn) => fn.Properties.Environment.Variables.STRIPE_SECRET_PREFIX)).toEqual(['shopstream/prod/payments/stripe/', 'shopstream/prod/payments/stripe/', 'shopstream/prod/payments/stripe/']);
    });

    it('lets the sync send mail, and only from MAIL_FROM', () => {
      const ses = statementsOf(syncFunction()).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
      expect(ses).toHaveLength(1);
      expect(actionsOf(ses[0])).toEqual(['ses:SendEmail']);
      expect(ses[0].Condition).toEqual({ StringEquals: { 'ses:FromAddress': MAIL_FROM } });
      expect(JSON.stringify(ses[0].Resource)).toContain(':identity/');
    });
  });

  describe('the browser apps (admin, storefront)', () => {
    it('serves each from a private bucket through CloudFront, app routes falling back to index.html, its config.json naming the API', () => {
      for (const app of ['AdminApp', 'StoreApp']) {
        const [[bucketId, bucket]] = ofType('AWS::S3::Bucket').filter(([id]) => id.startsWith(`${app}Bucket`));
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
        const [[, cdn]] = ofType('AWS::CloudFront::Distribution').filter(([id]) => id.startsWith(`${app}Distribution`));
        expect(cdn.Properties.DistributionConfig).toMatchObject({ DefaultRootObject: 'index.html', DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] } });
        expect(cdn.Properties.DistributionConfig.DefaultCacheBehavior.FunctionAssociations).toEqual([expect.objectContaining({ EventType: 'viewer-request' })]);
        const deployment = ofType('Custom::CDKBucketDeployment').find(([id]) => id.startsWith(`${app}Deploy`))!;
        expect(deployment[1].Properties.DestinationBucketName).toEqual(ref(bucketId));
        // The runtime config (config.json, its apiUrl a marker the deploy fills in): the API's URL.
        expect(JSON.stringify(deployment[1].Properties.SourceMarkers)).toContain(JSON.stringify([ofType('AWS::ApiGatewayV2::Api')[0][0], 'ApiEndpoint']));
      }
      expect(Object.keys(template.toJSON().Outputs)).toEqual(expect.arrayContaining(['AdminUrl', 'StoreUrl']));
    });
  });

  describe('media (private bucket, CloudFront, the media function)', () => {
    const bucket = () => {
      const found = ofType('AWS::S3::Bucket').filter(([id]) => id.startsWith('MediaBucket'));
      expect(found).toHaveLength(1);
      return found[0];
    };
    const mediaFunction = () => ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.Description?.startsWith('shopstream media'))!;
    const bucketArn = () => ({ 'Fn::GetAtt': [bucket()[0], 'Arn'] });
    const objectsUnder = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn(), `/${prefix}*`]] });

    it('keeps images in a private, encrypted, TLS-only bucket whose abandoned uploads expire after a day', () => {
      expect(bucket()[1].Properties).toMatchObject({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: { Rules: [expect.objectContaining({ Prefix: 'tenants/', ExpirationInDays: 1, Status: 'Enabled' })] },
      });
      expect(bucket()[1].DeletionPolicy).toBe('Retain');
      const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify(ref(bucket()[0])))!;
      expect(policy[1].Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    });

    it('serves renditions (media/ only) through CloudFront with origin access control, over HTTPS', () => {
      // One origin access control per bucket CloudFront reads: the media and the two web apps.
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 3);
      template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }) });
      const [[, cdn]] = ofType('AWS::CloudFront::Distribution').filter(([id]) => id.startsWith('MediaDistribution'));
      expect(cdn.Properties.DistributionConfig.Origins).toEqual([expect.objectContaining({ OriginPath: '/media', OriginAccessControlId: expect.anything() })]);
      expect(cdn.Properties.DistributionConfig.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
      const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify(ref(bucket()[0])))!;
      expect(policy[1].Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Allow', Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } }));
    });

    it('invokes the media function for objects created under tenants/ (uploads), not for its own renditions', () => {
      const [[, notifications]] = ofType('Custom::S3BucketNotifications');
      expect(notifications.Properties.NotificationConfiguration.LambdaFunctionConfigurations).toEqual([
        expect.objectContaining({ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'tenants/' }] } }, LambdaFunctionArn: { 'Fn::GetAtt': [mediaFunction()[0], 'Arn'] } }),
      ]);
    });

    it('lets the media function read and delete uploads and write and delete renditions, nothing else of the bucket', () => {
      const s3Statements = statementsOf(mediaFunction()).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
      const resources = s3Statements.flatMap(resourcesOf).map((r) => JSON.stringify(r));
      expect([...new Set(resources)].sort()).toEqual([JSON.stringify(bucketArn()), JSON.stringify(objectsUnder('media/')), JSON.stringify(objectsUnder('tenants/'))].sort());
      const on = (prefix: string) => s3Statements.filter((s) => resourcesOf(s).some((r) => JSON.stringify(r) === JSON.stringify(objectsUnder(prefix)))).flatMap(actionsOf);
      expect(on('media/')).not.toContain('s3:GetObject*');
      expect(on('media/')).toEqual(expect.arrayContaining(['s3:PutObject', 's3:DeleteObject*']));
      expect(on('tenants/')).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:DeleteObject*']));
      expect(on('tenants/')).not.toContain('s3:PutObject');
      expect(mediaFunction()[1].Properties.Environment.Variables).toMatchObject({ MEDIA_BUCKET: ref(bucket()[0]), MEDIA_BASE_URL: expect.anything() });
    });

    it('lets the API sign uploads under tenants/ and remove renditions under media/, and never read an image', () => {
      // The media bucket's statements (the jobs bucket's are the bulk block's below).
      const s3Statements = statementsOf(apiFunction()).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')) && JSON.stringify(resourcesOf(s)).includes(`"${bucket()[0]}"`));
      expect(s3Statements.flatMap(actionsOf)).not.toContain('s3:GetObject*');
      const putOn = s3Statements.filter((s) => actionsOf(s).includes('s3:PutObject')).flatMap(resourcesOf);
      expect(putOn).toEqual([objectsUnder('tenants/')]);
      expect(apiFunction()[1].Properties.Environment.Variables).toMatchObject({ MEDIA_BUCKET: ref(bucket()[0]) });
    });
  });

  describe('bulk import and export jobs (infra/jobs.ts)', () => {
    const jobsFunction = () => functionOfId('JobsFunction');
    const queueOf = (prefix: string) => ofType('AWS::SQS::Queue').find(([id]) => id.startsWith(prefix))!;
    const jobsBucket = () => ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('JobsBucket'))!;

    it('runs job steps from an SQS queue of their own, one message at a time, with partial failures and a dead-letter queue', () => {
      const [queueId, queue] = queueOf('JobsQueue');
      const [dlqId] = queueOf('JobsDeadLetterQueue');
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, VisibilityTimeout: 1800, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 3 } });
      const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => JSON.stringify(m.Properties.EventSourceArn).includes(queueId));
      expect(mappings).toHaveLength(1);
      expect(mappings[0][1].Properties).toMatchObject({ FunctionName: ref(jobsFunction()[0]), BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
      // Never on the order path's stream.
      const onStreams = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => JSON.stringify(m.Properties.FunctionName).includes(jobsFunction()[0]));
      expect(onStreams).toHaveLength(1);
      expect(jobsFunction()[1].Properties.Environment.Variables).toMatchObject({ JOBS_QUEUE_URL: ref(queueId), JOBS_BUCKET: ref(jobsBucket()[0]) });
      expect(apiFunction()[1].Properties.Environment.Variables).toMatchObject({ JOBS_QUEUE_URL: ref(queueId) });
    });

    it('keeps job files in a private, encrypted bucket, over TLS only, for a week', () => {
      const [bucketId, bucket] = jobsBucket();
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 7, Status: 'Enabled' })] },
      });
      const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify(ref(bucketId)))!;
      expect(JSON.stringify(policy[1].Properties.PolicyDocument)).toContain('aws:SecureTransport');
    });

    it('lets the API and the consumer read and write job files under tenants/ only, and the consumer nothing else of S3', () => {
      const [bucketId] = jobsBucket();
      const files = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/tenants/*']] };
      const onJobFiles = (fn: ReturnType<typeof jobsFunction>) =>
        statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')) && JSON.stringify(resourcesOf(s)).includes(`"${bucketId}"`));
      for (const fn of [apiFunction(), jobsFunction()]) {
        expect(onJobFiles(fn)).toEqual([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: files }]);
      }
      // The media bucket is the API's and the media function's, never the consumer's.
      expect(statementsOf(jobsFunction()).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')))).toHaveLength(1);
      const commandArn = { 'Fn::GetAtt': [tableIdFromEnv('COMMAND_TABLE'), 'Arn'] };
      const onCommands = statementsOf(jobsFunction()).filter((s) => resourcesOf(s).some((r) => JSON.stringify(r) === JSON.stringify(commandArn)));
      expect(onCommands.flatMap(actionsOf).sort()).toEqual(['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    });
  });

  describe('read model (Aurora PostgreSQL Serverless v2, its own stream consumer)', () => {
    const readModelFunction = () => {
      const found = ofType('AWS::Lambda::Function').filter(([, r]) => r.Properties.Environment?.Variables?.READ_MODEL_HOST !== undefined && r.Properties.Environment.Variables.COGNITO_USER_POOL_ID === undefined);
      expect(found).toHaveLength(1);
      return found[0];
    };
    const mappingsOf = (fnId: string) => ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify(ref(fnId))).map(([, m]) => m.Properties);

    it('is an Aurora PostgreSQL Serverless v2 cluster, encrypted, in isolated subnets, with a generated secret', () => {
      const clusters = ofType('AWS::RDS::DBCluster');
      expect(clusters).toHaveLength(1);
      const cluster = clusters[0][1].Properties;
      expect(cluster).toMatchObject({ Engine: 'aurora-postgresql', StorageEncrypted: true, DatabaseName: 'shopstream', ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 } });
      expect(cluster.EngineVersion).toMatch(/^17\./);
      template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless', Engine: 'aurora-postgresql' });
      // (The other secret is the Cognito clients', asserted with the pool.)
      expect(ofType('AWS::SecretsManager::Secret').filter(([id]) => !id.startsWith('CognitoClientSecrets'))).toHaveLength(1);
      expect(ofType('AWS::RDS::DBCluster')[0][1].DeletionPolicy).toBe('Snapshot');
    });

    it('is reached through RDS Proxy with TLS, from the API and the read-model consumer only', () => {
      const proxies = ofType('AWS::RDS::DBProxy');
      expect(proxies).toHaveLength(1);
      expect(proxies[0][1].Properties).toMatchObject({ EngineFamily: 'POSTGRESQL', RequireTLS: true });
      const [proxyId] = proxies[0];
      for (const [, fn] of [apiFunction(), readModelFunction()]) {
        expect(fn.Properties.Environment.Variables).toMatchObject({ READ_MODEL_HOST: { 'Fn::GetAtt': [proxyId, 'Endpoint'] }, READ_MODEL_PORT: '5432', READ_MODEL_DATABASE: 'shopstream' });
        expect(fn.Properties.VpcConfig.SubnetIds.length).toBeGreaterThan(0);
      }
      // Ingress to the proxy on 5432 comes from exactly the two functions' security groups.
      const ingress = ofType('AWS::EC2::SecurityGroupIngress').filter(([, r]) => r.Properties.FromPort === 5432 && JSON.stringify(r.Properties.GroupId).includes('ReadModelProxy'));
      expect(ingress).toHaveLength(2);
      // The order path's stream function never touches the read model.
      expect(syncFunction()[1].Properties.Environment.Variables.READ_MODEL_HOST).toBeUndefined();
      expect(syncFunction()[1].Properties.VpcConfig).toBeUndefined();
    });

    it('feeds its own consumer from the command stream (the second consumer) and the stock items of the data stream', () => {
      const [fnId] = readModelFunction();
      const mappings = mappingsOf(fnId);
      expect(mappings.map((m) => m.EventSourceArn).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
        { 'Fn::GetAtt': [tableIdFromEnv('COMMAND_TABLE'), 'StreamArn'] },
        { 'Fn::GetAtt': [tableIdFromEnv('DATA_TABLE'), 'StreamArn'] },
      ]);
      for (const m of mappings) {
        expect(m).toMatchObject({ StartingPosition: 'TRIM_HORIZON', BisectBatchOnFunctionError: true, FunctionResponseTypes: ['ReportBatchItemFailures'] });
        // Its own dead-letter queue, never the order path's.
        expect(JSON.stringify(m.DestinationConfig.OnFailure.Destination)).toContain('ReadModelDeadLetterQueue');
      }
      const dataMapping = mappings.find((m) => JSON.stringify(m.EventSourceArn).includes(tableIdFromEnv('DATA_TABLE')))!;
      expect(JSON.parse(dataMapping.FilterCriteria.Filters[0].Pattern)).toEqual({ dynamodb: { Keys: { sk: { S: [{ prefix: 'INVENTORY#' }] } } } });
      // The command stream has exactly two consumers: the order path's and the read model's.
      const onCommandStream = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => JSON.stringify(m.Properties.EventSourceArn).includes(tableIdFromEnv('COMMAND_TABLE')));
      expect(onCommandStream).toHaveLength(2);
    });

    it('sets a record aside into its own queue after fewer tries than the event source retries it', () => {
      const [fnId, fn] = readModelFunction();
      const variables = fn.Properties.Environment.Variables;
      expect(JSON.stringify(variables.DEAD_LETTER_QUEUE_URL)).toContain('ReadModelDeadLetterQueue');
      for (const m of mappingsOf(fnId)) expect(Number(variables.SYNC_MAX_ATTEMPTS)).toBeLessThanOrEqual(m.MaximumRetryAttempts);
      const sends = statementsOf(readModelFunction()).filter((s) => actionsOf(s).includes('sqs:SendMessage'));
      expect(sends.flatMap(resourcesOf).map((r) => JSON.stringify(r))).toEqual([expect.stringContaining('ReadModelDeadLetterQueue')]);
    });

    it('lets the consumer and the API read the database secret; the consumer reads the streams and writes only the outbox\'s table', () => {
      const [secretId] = ofType('AWS::SecretsManager::SecretTargetAttachment')[0];
      for (const fn of [apiFunction(), readModelFunction()]) {
        const reads = statementsOf(fn).filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue') && !JSON.stringify(s.Resource).includes('payments/stripe'));
        // (The API also reads the Cognito clients' secret: asserted with the pool.)
        const databaseReads = reads.flatMap(resourcesOf).map((r) => JSON.stringify(r)).filter((r) => !r.includes('CognitoClientSecrets'));
        expect(databaseReads).toEqual([JSON.stringify({ Ref: secretId })]);
      }
      const dynamoActions = statementsOf(readModelFunction()).flatMap(actionsOf).filter((a) => a.startsWith('dynamodb:'));
      expect([...new Set(dynamoActions)].sort()).toEqual(['dynamodb:DescribeStream', 'dynamodb:GetItem', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
      const writes = statementsOf(readModelFunction()).filter((s) => actionsOf(s).includes('dynamodb:PutItem'));
      expect(writes.flatMap(resourcesOf).map((r) => JSON.stringify(r)).join(' ')).not.toContain(tableIdFromEnv('COMMAND_TABLE'));
      const ses = statementsOf(readModelFunction()).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
      expect(ses.map((s) => s.Condition)).toEqual([{ StringEquals: { 'ses:FromAddress': MAIL_FROM } }]);
    });
  });

  it('outputs the API URL, Cognito ids, table names and the DLQ URL', () => {
    const outputs = Object.keys(template.toJSON().Outputs);
    expect(outputs).toEqual(
      expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolAdminClientId', 'UserPoolStorefrontClientId', 'CommandTableName', 'DataTableName', 'HistoryTableName', 'DeadLetterQueueUrl']),
    );
  });
});

describe('ShopstreamStack inputs', () => {
  it('refuses to synthesize without the compiled handlers and says how to build them', () => {
    expect(() => synth({ handlersDir: join(__dirname, 'fixtures', 'missing') })).toThrow(/npm run build:lambda/);
  });

  it('refuses a mail sender that is not an email address', () => {
    expect(() => synth({ mailFrom: 'not-an-address' })).toThrow(/mailFrom/);
  });

  it('refuses a stage name that cannot be part of resource names', () => {
    expect(() => synth({ stage: 'Prod Stage' })).toThrow(/stage/);
  });
});
