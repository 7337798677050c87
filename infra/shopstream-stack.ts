import * as fs from 'node:fs';
import * as path from 'node:path';
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Tags, Token } from 'aws-cdk-lib';
import { CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BundlingOptions, NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import { Jobs, JOBS_STEP_TIMEOUT } from './jobs';
import { LAMBDA_SOURCES_DIR } from './lambda-sources';
import { acknowledge, nagResourceName } from './nag';
import { allowPoolAdmin, buildUserPool } from './user-pool';
import { DEFAULT_WEB_DIST_DIR, WebHosting } from './web-hosting';

/** Repository root: the lock file and node_modules the bundler resolves from live here. */
const REPO_ROOT = path.resolve(__dirname, '..');

/**
 * Where `npm run build:lambda` (infra/lambda-sources.ts) puts src/handlers/*.ts. We bundle tsc's
 * output, not the .ts sources, because Nest's dependency injection needs the
 * emitDecoratorMetadata output that esbuild cannot produce; that compile leaves out the
 * @nestjs/swagger decorators, which only feed the OpenAPI document written at build time.
 */
export const DEFAULT_HANDLERS_DIR = path.join(LAMBDA_SOURCES_DIR, 'handlers');

import { DATA_INDEXES, TTL_ATTRIBUTE } from '../src/core/tables';
import { CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_SECONDS, GUEST_ROUTES } from '../src/http/browser-access';

export interface ShopstreamStackProps extends StackProps {
  /** Short stage name (dev, staging, prod); used in names and tags. */
  readonly stage: string;
  /** Sender address of the shop's mails (MAIL_FROM); its SES identity must be verified. */
  readonly mailFrom: string;
  /** Directory with api.js and command-sync.js; defaults to dist-lambda/handlers. Tests pass stubs. */
  readonly handlersDir?: string;
  /**
   * Origins browser storefronts may call the API from (`https://shop.example`); defaults to the
   * `corsOrigins` context (comma separated), else any origin (`*`: no cookies are used).
   */
  readonly corsOrigins?: string[];
  /** Where the built browser apps are (admin/, store/); defaults to dist/ (`npm run build:web`). Tests pass a fixture. */
  readonly webDistDir?: string;
}

export class ShopstreamStack extends Stack {
  constructor(scope: Construct, id: string, props: ShopstreamStackProps) {
    super(scope, id, props);
    const { stage, mailFrom } = props;
    validateInputs(stage, mailFrom);
    const handlersDir = props.handlersDir ?? DEFAULT_HANDLERS_DIR;
    const corsOrigins = props.corsOrigins ?? contextList(this.node.tryGetContext('corsOrigins')) ?? ['*'];
    assertHandlersBuilt(handlersDir);
    // The production stage is protected against deletion (tables, database, the stack itself in app.ts).
    const production = stage === 'prod';
    Tags.of(this).add('project', 'shopstream');
    Tags.of(this).add('stage', stage);

    // ---- Tables (the same shapes as src/core/tables.ts; the local dead-letter table is SQS here)
    const commandTable = this.table('CommandTable', production);
    const dataTable = this.table('DataTable', production);
    // Sparse indexes (src/core/tables.ts): a customer's orders, and orders still pending.
    for (const index of Object.values(DATA_INDEXES)) {
      dataTable.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.pk, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sk, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    const historyTable = this.table('HistoryTable', production);

    // ---- Dead-letter queue: stream records the sync gave up on, for an operator to read and redrive.
    // It receives two message shapes: the sync's own DeadLetter JSON (src/core/sync/dead-letter.ts,
    // after SYNC_MAX_ATTEMPTS) and Lambda's on-failure metadata when a whole batch exhausts its retries.
    const deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14), // the SQS maximum: time to notice and redrive
      // SQS-managed keys, not KMS: the event source mapping's on-failure destination and the
      // function then need no kms:* grants, and there is no per-request KMS cost.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledgeDeadLetterQueue(deadLetterQueue, true);

    // ---- Cognito: the pool of src/modules/identity/identity-pool.ts (npm start makes the same one
    // in the emulator). Users are created by our API with the admin API, each bound to one tenant.
    const pool = buildUserPool(this, stage);
    const { userPool, clients } = pool;
    // The guard takes one client id today (COGNITO_CLIENT_ID); issue 20 makes it take both.
    const userPoolClient = clients.admin;

    // ---- Lambdas
    const tableEnv = {
      COMMAND_TABLE: commandTable.tableName,
      DATA_TABLE: dataTable.tableName,
      HISTORY_TABLE: historyTable.tableName,
    };
    // Each shop's Stripe account: one secret per tenant, `<prefix><tenant>`, created by an
    // operator (docs/stripe.md). All three functions call payment providers: the API authorizes
    // and refunds, the stream handlers capture and void, the sweeper asks about lost webhooks.
    const stripeSecretPrefix = `shopstream/${stage}/payments/stripe/`;
    const paymentEnv = { STRIPE_CREDENTIALS: 'secrets-manager', STRIPE_SECRET_PREFIX: stripeSecretPrefix };

    // ---- Read model (search): Aurora PostgreSQL Serverless v2 behind RDS Proxy, in a VPC of its
    // own. The functions that use it (API for /search, and the read model's stream consumer) run
    // in the VPC's private subnets: DynamoDB through a gateway endpoint, Cognito's keys and
    // Secrets Manager through one NAT gateway.
    const readModel = this.readModel(production);

    const apiFn = this.nodeFunction('ApiFunction', {
      entry: path.join(handlersDir, 'api.js'),
      description: 'shopstream HTTP API (NestJS behind serverless-express)',
      memorySize: 1024,
      timeout: Duration.seconds(29), // HTTP API gives up on an integration after 30 s
      environment: {
        ...tableEnv,
        COGNITO_CLIENT_ID: userPoolClient.userPoolClientId,
        // The document written at build time (src/app/write-openapi.ts); no Swagger UI in AWS.
        API_DOCS: 'static',
        CORS_ORIGINS: corsOrigins.join(','),
        ...paymentEnv,
        ...readModel.environment,
      },
      api: true,
      network: readModel.network,
    });
    // The /auth routes: the pool's ids, the clients' secrets (a secret's ARN) and its admin actions.
    allowPoolAdmin(apiFn, pool);

    const syncFn = this.nodeFunction('CommandSyncFunction', {
      entry: path.join(handlersDir, 'command-sync.js'),
      description: 'shopstream command table stream -> data/history tables',
      worker: true,
      // The Nest application context boots on every cold start; more memory is more CPU for that.
      memorySize: 1024,
      // Enough for a 100-record batch with a few DynamoDB round trips per record.
      timeout: Duration.minutes(2),
      environment: {
        ...tableEnv,
        DEAD_LETTER_QUEUE_URL: deadLetterQueue.queueUrl,
        SYNC_MAX_ATTEMPTS: '3',
        MAIL_FROM: mailFrom,
        ...paymentEnv,
      },
    });

    // Periodic per-tenant sweeps (src/handlers/sweeper.ts), e.g. expiring what was never paid.
    // The schedule invokes asynchronously: a run EventBridge could not deliver, or one that failed
    // after Lambda's retries, lands in this queue instead of vanishing. Sweeps are idempotent and
    // the next minute's run picks up the work; the queue says that runs are failing, and why.
    const scheduleQueue = new sqs.Queue(this, 'ScheduleDeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledgeDeadLetterQueue(scheduleQueue, false);
    const sweeperFn = this.nodeFunction('SweeperFunction', {
      entry: path.join(handlersDir, 'sweeper.js'),
      description: 'shopstream scheduled sweeps, run for every enabled tenant',
      worker: true,
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: { ...tableEnv, ...paymentEnv },
      deadLetterQueue: scheduleQueue,
    });
    new events.Rule(this, 'SweeperSchedule', {
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new eventsTargets.LambdaFunction(sweeperFn, { retryAttempts: 0, deadLetterQueue: scheduleQueue })],
    });
    // Sweeps read the tenant registry and entities, and publish follow-up commands.
    commandTable.grant(sweeperFn, 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query');
    dataTable.grantReadWriteData(sweeperFn);

    syncFn.addEventSource(
      new DynamoEventSource(commandTable, {
        // Nothing written before the function existed may be skipped.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        // A poison record is isolated by halving the batch instead of blocking the shard.
        bisectBatchOnError: true,
        retryAttempts: 3,
        maxRecordAge: Duration.hours(6),
        // The handler returns batchItemFailures; only those (and later records) are retried.
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(deadLetterQueue),
        // Batches of a busy tenant fill up for at most a second: fewer, fuller invocations.
        maxBatchingWindow: Duration.seconds(1),
        // Safe for per-entity order: Lambda keeps records with the same partition key in order
        // across the concurrent batches of a shard, and every item of a tenant (so every version
        // of an entity) shares one partition key. Different tenants run side by side; within one
        // batch the handler runs entities side by side (SYNC_PARALLEL_ENTITIES).
        parallelizationFactor: 4,
      }),
    );

    // The read model's own consumer: a second consumer of the command stream (DynamoDB allows two
    // per stream) and the consumer of the data stream's stock items. Its failures never reach
    // the order path; records it gives up on go to a queue of its own (a rebuild repairs them):
    // its own letters after SYNC_MAX_ATTEMPTS tries of one record (src/read-model/projection-failures.ts,
    // counted on /health), and Lambda's on-failure metadata when a whole batch exhausts its retries.
    const readModelQueue = new sqs.Queue(this, 'ReadModelDeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledgeDeadLetterQueue(readModelQueue, true);
    const readModelFn = this.nodeFunction('ReadModelSyncFunction', {
      entry: path.join(handlersDir, 'read-model-sync.js'),
      description: 'shopstream read model: command and stock streams -> Aurora PostgreSQL projections',
      memorySize: 512,
      timeout: Duration.minutes(2),
      environment: {
        ...readModel.environment,
        DATA_TABLE: dataTable.tableName,
        MAIL_FROM: mailFrom,
        DEAD_LETTER_QUEUE_URL: readModelQueue.queueUrl,
        // Below the event source's retries (5), so the consumer, not Lambda, sets a bad record aside.
        SYNC_MAX_ATTEMPTS: '3',
      },
      readModel: true,
      network: readModel.network,
    });
    const readModelSource = {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      bisectBatchOnError: true,
      retryAttempts: 5,
      maxRecordAge: Duration.hours(24),
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(readModelQueue),
      maxBatchingWindow: Duration.seconds(1),
    };
    readModelFn.addEventSource(new DynamoEventSource(commandTable, readModelSource));
    readModelFn.addEventSource(
      new DynamoEventSource(dataTable, {
        ...readModelSource,
        // Only stock levels: the data table's other items are not the read model's business.
        filters: [lambda.FilterCriteria.filter({ dynamodb: { Keys: { sk: { S: lambda.FilterRule.beginsWith('INVENTORY#') } } } })],
      }),
    );
    // Back-in-stock mails go through the notification outbox (data table), from MAIL_FROM; the
    // attempts and given-up counts of failing records are updates of the data table too.
    dataTable.grant(readModelFn, 'dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem');
    readModelQueue.grantSendMessages(readModelFn); // the consumer's own give-up records
    this.allowMailFrom(readModelFn, mailFrom);
    readModel.secret.grantRead(readModelFn);
    readModel.secret.grantRead(apiFn);
    readModel.proxy.connections.allowFrom(readModelFn, ec2.Port.tcp(5432), 'read model consumer');
    readModel.proxy.connections.allowFrom(apiFn, ec2.Port.tcp(5432), 'API (search)');
    // A rebuild reads the event store: run it where the database is reachable (see the README).

    // ---- Images (src/modules/media): a private bucket, renditions through CloudFront, the media function.
    const media = this.media({ apiFn, commandTable, dataTable, tableEnv, handlersDir, corsOrigins });
    // ---- Bulk import and export (infra/jobs.ts): job files in a private bucket, steps on a queue
    // with a consumer of its own, never the order path's stream consumer.
    const jobsBucket = new s3.Bucket(this, 'JobsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Uploads, plans, reports and exports are working files: a week is time to read them.
      lifecycleRules: [{ expiration: Duration.days(7), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      // Browsers upload with the presigned form and download with the link.
      cors: [{ allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET], allowedOrigins: corsOrigins, allowedHeaders: ['*'] }],
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledge(jobsBucket, ['AwsSolutions-S1'], 'Working files that expire after a week, reached only through links the API signs for staff (each request is in the API access log and the job versions); no server access log bucket for them.');
    const jobs = new Jobs(this, 'Jobs', {
      bucket: jobsBucket,
      api: apiFn,
      commandTable,
      dataTable,
      makeFunction: (id, environment, deadLetterQueue) =>
        this.nodeFunction(id, {
          deadLetterQueue,
          entry: path.join(handlersDir, 'bulk-jobs.js'),
          description: 'shopstream bulk import and export jobs (SQS steps)',
          memorySize: 1024,
          timeout: JOBS_STEP_TIMEOUT,
          environment: { ...tableEnv, ...environment },
          // The API's bundle kind: the CSV rows are held to the API's text rules (class-validator's module).
          api: true,
        }),
    });

    // ---- Least-privilege IAM
    // Command table: written once per version (PutItem, or a transaction of Put + ConditionCheck),
    // read by key and version. There is no IAM action for TransactWriteItems: a transaction is
    // authorised per item action. Never Update/Delete: commands are immutable.
    const commandWriteActions = ['dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query'];
    commandTable.grant(apiFn, ...commandWriteActions);
    // Data: read/write because commands can carry extra writes (counters) to it, and /health
    // calls DescribeTable on it; grantReadWriteData covers exactly that.
    dataTable.grantReadWriteData(apiFn);
    // History is read-only for the API (the stream sync writes it).
    historyTable.grant(apiFn, 'dynamodb:GetItem', 'dynamodb:Query');

    // The event source mapping already granted the stream reads (DescribeStream/GetRecords/...)
    // and SqsDlq granted sqs:SendMessage for the on-failure destination.
    commandTable.grant(syncFn, ...commandWriteActions); // stream handlers publish follow-up commands
    dataTable.grantReadWriteData(syncFn);
    historyTable.grantReadWriteData(syncFn);
    deadLetterQueue.grantSendMessages(syncFn); // the sync's own give-up records
    this.allowMailFrom(syncFn, mailFrom);

    // Stripe credentials: read-only, and only the secrets under this stage's prefix (the `*`
    // also covers the random suffix Secrets Manager appends to every secret's ARN). Secrets
    // encrypted with the default aws/secretsmanager key need no KMS grant.
    const stripeSecrets = this.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${stripeSecretPrefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    for (const fn of [apiFn, syncFn, sweeperFn]) {
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [stripeSecrets] }));
      acknowledge(
        fn,
        [`AwsSolutions-IAM5[Resource::${nagResourceName(this, stripeSecrets)}]`],
        "Read-only, and only this stage's Stripe secrets: one per shop, created by an operator, and the `*` also covers the random suffix Secrets Manager appends to a secret's ARN.",
      );
    }
    // Every function reaches the data table, and the grants name its sparse indexes too.
    const dataIndexes = `AwsSolutions-IAM5[Resource::${nagResourceName(this, `${dataTable.tableArn}/index/*`)}]`;
    for (const fn of [apiFn, syncFn, sweeperFn, readModelFn, media]) {
      acknowledge(fn, [dataIndexes], "The data table's own sparse indexes (gsi1 a customer's orders, gsi2 due work): Query needs them by ARN, and `index/*` names no other table.");
    }

    // The Lambda DLQ rule is about asynchronous invocations; only the schedule's function has them.
    acknowledge(apiFn, ['Serverless-LambdaDLQ'], 'Invoked synchronously by API Gateway: the caller gets the error, and no event is left to keep.');
    for (const fn of [syncFn, readModelFn]) {
      acknowledge(
        fn,
        ['Serverless-LambdaDLQ'],
        "Invoked synchronously by its DynamoDB stream event source mappings: records it gives up on go to the mapping's SQS on-failure destination (its own dead-letter queue).",
      );
    }

    // ---- HTTP API: API Gateway checks the Cognito JWT before the Lambda runs; the Nest guard
    // checks it again and reads the tenant and role claims.
    const integration = new HttpLambdaIntegration('ApiIntegration', apiFn);
    const jwtAuthorizer = new HttpJwtAuthorizer('CognitoJwtAuthorizer', userPool.userPoolProviderUrl, {
      jwtAudience: Object.values(clients).map((client) => client.userPoolClientId),
    });
    // CORS for browser storefronts: API Gateway answers preflights itself (before any
    // authorizer) and sets the headers on every response, ignoring the Lambda's own.
    const httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `shopstream-${stage}`,
      description: `shopstream ${stage} API`,
      corsPreflight: {
        allowOrigins: corsOrigins,
        allowHeaders: [...CORS_ALLOWED_HEADERS],
        allowMethods: CORS_ALLOWED_METHODS.map((method) => CorsHttpMethod[method]),
        exposeHeaders: [...CORS_EXPOSED_HEADERS],
        maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
        allowCredentials: false,
      },
    });
    // A flood is refused at the edge (429) before it reaches the Lambda or DynamoDB; raise these
    // with `-c apiRateLimit=... -c apiBurstLimit=...` for a busy shop.
    const defaultStage = httpApi.defaultStage?.node.defaultChild as CfnStage;
    defaultStage.defaultRouteSettings = {
      throttlingRateLimit: Number(this.node.tryGetContext('apiRateLimit') ?? 200),
      throttlingBurstLimit: Number(this.node.tryGetContext('apiBurstLimit') ?? 400),
    };
    // One JSON line per request, refused ones (401 at the authorizer, 429 at the throttle) included.
    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    defaultStage.accessLogSettings = { destinationArn: accessLogs.logGroupArn, format: JSON.stringify(ACCESS_LOG_FORMAT) };
    httpApi.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration, authorizer: jwtAuthorizer });
    httpApi.addRoutes({ path: '/', methods: [HttpMethod.ANY], integration, authorizer: jwtAuthorizer });
    // Public: the liveness check and the OpenAPI docs. More specific routes win over /{proxy+}.
    const noAuth = new HttpNoneAuthorizer();
    const openRoutes = (reason: string, options: { path: string; methods: HttpMethod[] }) => {
      for (const route of httpApi.addRoutes({ ...options, integration, authorizer: noAuth })) acknowledge(route, ['AwsSolutions-APIG4'], reason);
    };
    for (const publicPath of ['/health', '/docs', '/docs/{proxy+}']) {
      openRoutes('Public by design: the liveness check and the API document are for anyone.', { path: publicPath, methods: [HttpMethod.GET] });
    }
    // Guest routes: a visitor has a publishable key, not a JWT, so the edge lets the request
    // through and the API's guard checks the token or the key (src/auth/auth.guard.ts).
    for (const route of GUEST_ROUTES) {
      const [method, routePath] = route.split(' ') as [keyof typeof HttpMethod, string];
      openRoutes('A guest route: a visitor has a publishable key, not a JWT; the API guard checks the key, or the token when one is sent (src/auth/auth.guard.ts).', {
        path: routePath,
        methods: [HttpMethod[method]],
      });
    }
    // A storefront finds its shop (and its publishable key) by its host before it has any key.
    openRoutes('Public by design: a storefront asks which shop its host serves before it holds a key; it answers only what the storefront shows anyway.', {
      path: '/storefront/config',
      methods: [HttpMethod.GET],
    });
    // Payment providers' webhooks: no token; the signature over the raw body is checked by the API.
    openRoutes('Payment providers call webhooks without a token; the API checks the signature over the raw body.', {
      path: '/webhooks/{provider}/{tenant}',
      methods: [HttpMethod.POST],
    });

    // ---- The browser apps (web/): each in its bucket behind CloudFront, its runtime config written at deploy.
    const webDistDir = props.webDistDir ?? DEFAULT_WEB_DIST_DIR;
    const admin = new WebHosting(this, 'AdminApp', { app: 'admin', distDir: webDistDir, runtimeConfig: { apiUrl: httpApi.apiEndpoint }, comment: 'shopstream admin dashboard' });
    const store = new WebHosting(this, 'StoreApp', { app: 'store', distDir: webDistDir, runtimeConfig: { apiUrl: httpApi.apiEndpoint }, comment: 'shopstream storefront' });

    // ---- Outputs
    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('AdminUrl', admin.url, 'The admin dashboard');
    output('StoreUrl', store.url, 'The storefront (a shop is found by its domain, storefront.domains, or ?shop=)');
    output('ApiUrl', httpApi.apiEndpoint, 'Base URL of the HTTP API');
    output('UserPoolId', userPool.userPoolId, 'Cognito user pool id');
    output('UserPoolAdminClientId', clients.admin.userPoolClientId, 'Cognito app client of the admin dashboard');
    output('UserPoolStorefrontClientId', clients.storefront.userPoolClientId, 'Cognito app client of the storefront');
    output('CommandTableName', commandTable.tableName, 'Command table');
    output('DataTableName', dataTable.tableName, 'Data table');
    output('HistoryTableName', historyTable.tableName, 'History table');
    output('DeadLetterQueueUrl', deadLetterQueue.queueUrl, 'Stream sync dead-letter queue');
    output('ReadModelProxyEndpoint', readModel.proxy.endpoint, 'Read model (Aurora PostgreSQL) through RDS Proxy');
    output('ReadModelDeadLetterQueueUrl', readModelQueue.queueUrl, 'Read model consumer dead-letter queue');
    output('JobsBucketName', jobsBucket.bucketName, 'Bulk import and export files');
    output('JobsDeadLetterQueueUrl', jobs.deadLetterQueue.queueUrl, 'Bulk job steps given up on');
  }

  /**
   * Lets a function send mail from MAIL_FROM only. The identity ARN that authorises a send is the
   * verified email address or its domain, whichever is verified (and in the sandbox the
   * recipients' identities too), so it allows identities of this account/region but only with
   * this exact From address.
   */
  private allowMailFrom(fn: lambda.Function, mailFrom: string): void {
    const identities = this.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [identities], conditions: { StringEquals: { 'ses:FromAddress': mailFrom } } }));
    acknowledge(
      fn,
      [`AwsSolutions-IAM5[Resource::${nagResourceName(this, identities)}]`],
      'ses:SendEmail is authorised by whichever identity is verified (the address, its domain, recipients in the sandbox); the ses:FromAddress condition pins the sender to MAIL_FROM.',
    );
  }

  /**
   * Aurora PostgreSQL Serverless v2 (0.5 to 8 ACU) for the read model, reached through RDS Proxy:
   * Lambda containers come and go in bursts, and the proxy pools their connections so Aurora's
   * connection limit holds. Password in a generated Secrets Manager secret; TLS required.
   */
  private readModel(production: boolean) {
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    vpc.addGatewayEndpoint('DynamoDbEndpoint', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    // Refused connections only: what a security group turned away is the traffic worth a look
    // (a function that cannot reach the proxy, a probe); accepted flows would cost far more.
    vpc.addFlowLog('RejectedFlows', {
      trafficType: ec2.FlowLogTrafficType.REJECT,
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new logs.LogGroup(this, 'VpcRejectedFlowLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
      ),
    });
    const database = 'shopstream';
    const cluster = new rds.DatabaseCluster(this, 'ReadModelCluster', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_7 }),
      writer: rds.ClusterInstance.serverlessV2('writer'),
      serverlessV2MinCapacity: 0.5,
      serverlessV2MaxCapacity: 8,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      defaultDatabaseName: database,
      credentials: rds.Credentials.fromGeneratedSecret('shopstream'),
      storageEncrypted: true,
      backup: { retention: Duration.days(7) },
      // Rebuildable from the event store, but a snapshot makes a deleted stack cheap to come back from.
      removalPolicy: RemovalPolicy.SNAPSHOT,
      // Backups above give point-in-time restore within their 7 days; prod also refuses deletion.
      deletionProtection: production,
    });
    if (!production) {
      acknowledge(cluster, ['AwsSolutions-RDS10'], 'Only the prod stage protects its database from deletion: other stages are torn down and rebuilt from the event store.');
    }
    acknowledge(
      cluster,
      ['AwsSolutions-RDS6'],
      'The functions reach the database through RDS Proxy with the generated secret (TLS required); IAM authentication comes with the move to the RDS Data API (brief 4b), which drops the proxy.',
    );
    acknowledge(
      cluster,
      ['AwsSolutions-SMG4'],
      'Not rotated yet: each Lambda container logs in once with the password it read, and rotation needs a rotation function in the VPC plus a re-read on a refused login. The generated password never leaves Secrets Manager and the proxy; the move to the RDS Data API (brief 4b) replaces it with IAM.',
    );
    const secret = cluster.secret!;
    const proxy = cluster.addProxy('ReadModelProxy', {
      secrets: [secret],
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      requireTLS: true,
      // A Lambda that froze mid-connection leaves it idle; the proxy closes such after 10 minutes.
      idleClientTimeout: Duration.minutes(10),
    });
    return {
      proxy,
      secret,
      network: { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } },
      environment: {
        READ_MODEL_HOST: proxy.endpoint,
        READ_MODEL_PORT: '5432',
        READ_MODEL_DATABASE: database,
        READ_MODEL_SECRET_ARN: secret.secretArn,
      },
    };
  }

  /**
   * pk/sk strings, on-demand, PITR, TTL, change stream; kept when the stack is deleted, and on
   * the production stage also refused deletion (DeletionProtectionEnabled) until an operator
   * turns that off.
   */
  private table(id: string, production: boolean): dynamodb.Table {
    return new dynamodb.Table(this, id, {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // All three have a stream; only the command table's drives a Lambda today. The others are
      // there for later consumers (projections, exports) without a table update then.
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: production,
    });
  }

  /** A Node.js 24 / arm64 function bundled from tsc output, with its own log group. */
  private nodeFunction(
    id: string,
    options: {
      entry: string;
      description: string;
      memorySize: number;
      timeout: Duration;
      environment: Record<string, string>;
      /** A stream or schedule function: the WorkerModule graph, no HTTP. */
      worker?: boolean;
      /** The API function: stand-ins for packages it loads but never uses (infra/lambda-stubs). */
      api?: boolean;
      /** The read model's consumer: no Nest at all. */
      readModel?: boolean;
      /** Runs in these subnets (the functions that reach the read model's database). */
      network?: { vpc: ec2.IVpc; vpcSubnets: ec2.SubnetSelection };
      /** Where asynchronous invocations that failed go (the schedule's function). */
      deadLetterQueue?: sqs.IQueue;
      /** The media function: sharp's prebuilt x64 binaries beside the bundle, so it runs on x86_64. */
      media?: boolean;
    },
  ): NodejsFunction {
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: logs.RetentionDays.ONE_MONTH,
      // Logs expire after a month anyway; do not leave orphaned groups behind a deleted stage.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const fn = new NodejsFunction(this, id, {
      entry: options.entry,
      handler: 'handler',
      description: options.description,
      // The newest Node Lambda offers: `npm run bench:cold-start` on Node 24 beside Node 20, in the
      // same rounds, measured no loss (the README's Deploy section has the figures).
      runtime: LAMBDA_RUNTIME,
      architecture: options.media ? lambda.Architecture.X86_64 : lambda.Architecture.ARM_64,
      memorySize: options.memorySize,
      timeout: options.timeout,
      logGroup,
      // X-Ray: each invocation's trace (init, the handler, its AWS calls' time) at the default
      // sampling (1 a second, then 5%); no SDK in the bundles, the runtime records the segments.
      tracing: lambda.Tracing.ACTIVE,
      deadLetterQueue: options.deadLetterQueue,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'shopstream',
        LOG_LEVEL: 'INFO',
        // No --enable-source-maps: it parses the bundle's map at every cold start (20-40 ms).
        // Stacks still name src/*.ts: core/bundle-stacks.ts maps them when one is first read.
        // The local test PSP signs with a key anyone can read in this repository: never in AWS.
        PAYMENT_TEST_PROVIDER: 'off',
        ...options.environment,
      },
      bundling: bundlingOptions(options.api ? 'api' : options.media ? 'media' : options.worker ? 'worker' : 'readModel'),
      ...(options.network ? { vpc: options.network.vpc, vpcSubnets: options.network.vpcSubnets } : {}),
    });
    acknowledge(
      fn,
      ['AwsSolutions-IAM5[Resource::*]'],
      'Only actions that take no resource ARN: X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords) and, for stream consumers, dynamodb:ListStreams (test/infra/stack.spec.ts holds every "*" statement to these).',
    );
    acknowledge(
      fn,
      ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'],
      'AWS-maintained policy that only lets the function write its CloudWatch logs (logs:CreateLogGroup, CreateLogStream, PutLogEvents).',
    );
    if (options.network) {
      acknowledge(
        fn,
        ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]'],
        'AWS-maintained policy Lambda needs to attach the function to the VPC (ec2:CreateNetworkInterface and friends, which take no resource ARN).',
      );
    }
    return fn;
  }

  /**
   * The media bucket and its function. Private (no public access, TLS only, S3-managed
   * encryption); browsers upload to `tenants/<tenant>/uploads/` with the API's presigned POST;
   * S3 invokes the media function for every object created under `tenants/` (nothing else is
   * kept there), and the lifecycle deletes what is left after a day (abandoned uploads).
   * Renditions live under `media/`, served by CloudFront through origin access control with
   * `/media` as origin path, so an upload (EXIF and all) is never served.
   */
  private media(props: { apiFn: NodejsFunction; commandTable: dynamodb.Table; dataTable: dynamodb.Table; tableEnv: Record<string, string>; handlersDir: string; corsOrigins: string[] }): NodejsFunction {
    const bucket = new s3.Bucket(this, 'MediaBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Images are the shops' own: never deleted with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'abandoned-uploads', prefix: 'tenants/', expiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      cors: [{ allowedMethods: [s3.HttpMethods.POST], allowedOrigins: props.corsOrigins, allowedHeaders: ['*'], maxAge: 3000 }],
    });
    acknowledge(bucket, ['AwsSolutions-S1'], 'Who uploads is known from the API (the presigned POST is issued to a signed-in staff member and recorded as the upload); CloudFront serves the renditions.');
    const cdn = new cloudfront.Distribution(this, 'MediaDistribution', {
      comment: 'shopstream image renditions (media/ of the media bucket)',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket, { originPath: '/media' }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
    acknowledge(cdn, ['AwsSolutions-CFR1', 'AwsSolutions-CFR2'], 'Public product images for every storefront visitor: no geographic restriction, and no WAF in front of cached static files (its fixed monthly cost buys nothing for them).');
    acknowledge(cdn, ['AwsSolutions-CFR3'], 'Static, public renditions: access logs would record storefront visitors for no use.');
    acknowledge(cdn, ['AwsSolutions-CFR4'], "The default *.cloudfront.net certificate: CloudFront chooses its TLS policy; a shop's own domain and certificate come with its storefront.");
    const mediaBaseUrl = `https://${cdn.distributionDomainName}`;
    const environment = { MEDIA_BUCKET: bucket.bucketName, MEDIA_BASE_URL: mediaBaseUrl };
    props.apiFn.addEnvironment('MEDIA_BUCKET', environment.MEDIA_BUCKET);
    props.apiFn.addEnvironment('MEDIA_BASE_URL', environment.MEDIA_BASE_URL);

    // S3 invokes asynchronously: an upload the function failed on after Lambda's retries lands here
    // (the upload stays `pending` for its uploader, and the lifecycle deletes the file after a day).
    const mediaQueue = new sqs.Queue(this, 'MediaDeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledgeDeadLetterQueue(mediaQueue, false);
    const fn = this.nodeFunction('MediaFunction', {
      entry: path.join(props.handlersDir, 'media.js'),
      description: 'shopstream media: checks an uploaded image, writes its renditions, publishes it',
      // sharp decodes and encodes 8 renditions of up to 40 MP: memory is CPU too.
      memorySize: 2048,
      timeout: Duration.minutes(1),
      environment: { ...props.tableEnv, ...environment },
      media: true,
      deadLetterQueue: mediaQueue,
    });
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), { prefix: 'tenants/' });
    // Least privilege: read and delete uploads, write and delete renditions; the API signs uploads
    // (PutObject under tenants/) and removes a deleted image's renditions (list and delete under media/).
    bucket.grantRead(fn, 'tenants/*');
    bucket.grantDelete(fn, 'tenants/*');
    bucket.grantPut(fn, 'media/*');
    bucket.grantDelete(fn, 'media/*');
    bucket.grantPut(props.apiFn, 'tenants/*');
    bucket.grantDelete(props.apiFn, 'media/*');
    props.apiFn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': ['media/*'] } } }));
    props.commandTable.grant(fn, 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query');
    props.dataTable.grant(fn, 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:Query');
    const objects = (fn: NodejsFunction, prefixes: string[]) =>
      acknowledge(fn, prefixes.map((p) => `AwsSolutions-IAM5[Resource::${nagResourceName(this, bucket.arnForObjects(p))}]`), "Objects under one prefix of the media bucket (uploads under `tenants/`, renditions under `media/`): their keys are made per upload.");
    objects(fn, ['tenants/*', 'media/*']);
    objects(props.apiFn, ['tenants/*', 'media/*']);
    acknowledge(fn, ['AwsSolutions-IAM5[Action::s3:GetObject*]', 'AwsSolutions-IAM5[Action::s3:GetBucket*]', 'AwsSolutions-IAM5[Action::s3:List*]', 'AwsSolutions-IAM5[Action::s3:DeleteObject*]', 'AwsSolutions-IAM5[Action::s3:PutObjectLegalHold]', 'AwsSolutions-IAM5[Action::s3:PutObjectRetention]', 'AwsSolutions-IAM5[Action::s3:PutObjectTagging]', 'AwsSolutions-IAM5[Action::s3:PutObjectVersionTagging]', 'AwsSolutions-IAM5[Action::s3:Abort*]'], "CDK's bucket grants (grantRead, grantPut, grantDelete), each on one prefix only.");
    acknowledge(props.apiFn, ['AwsSolutions-IAM5[Action::s3:DeleteObject*]', 'AwsSolutions-IAM5[Action::s3:PutObjectLegalHold]', 'AwsSolutions-IAM5[Action::s3:PutObjectRetention]', 'AwsSolutions-IAM5[Action::s3:PutObjectTagging]', 'AwsSolutions-IAM5[Action::s3:PutObjectVersionTagging]', 'AwsSolutions-IAM5[Action::s3:Abort*]'], "CDK's bucket grants (grantPut, grantDelete), each on one prefix only.");
    // CDK's own handler that sets the bucket notification (a custom resource, deploy time only).
    const notifications = this.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (notifications) {
      acknowledge(notifications, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'AwsSolutions-IAM5[Resource::*]'], "CDK's deploy-time handler that writes the bucket's notification configuration (s3:PutBucketNotification); CDK owns its role.");
    }
    new CfnOutput(this, 'MediaBaseUrl', { value: mediaBaseUrl, description: 'Where image renditions are served (MEDIA_BASE_URL)' });
    return fn;
  }
}

/**
 * The HTTP API's access log line. `requestId` is API Gateway's (the `apigw-requestid` response
 * header a caller can quote); `lambdaRequestId` is the API function's invocation, as its own log
 * lines and REPORT line name it. No query strings, headers or bodies: tokens and keys stay out.
 */
const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  lambdaRequestId: '$context.integration.requestId',
  time: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatencyMs: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  error: '$context.error.message',
};

/**
 * The stack's dead-letter queues are where failures end: an operator reads and redrives them.
 * cdk-nag recognises a Lambda DeadLetterConfig as a dead-letter use, not a stream mapping's
 * on-failure destination (`onFailureDestination`).
 */
function acknowledgeDeadLetterQueue(queue: sqs.Queue, onFailureDestination: boolean): void {
  const reason = 'This queue is itself a dead-letter queue, read and redriven by an operator: nothing consumes it, so nothing can fail on it.';
  acknowledge(queue, [...(onFailureDestination ? ['AwsSolutions-SQS3'] : []), 'Serverless-SQSRedrivePolicy'], reason);
}

/**
 * Never loaded by the stream and schedule functions: their module graph (WorkerModule) has no
 * HTTP app and no ValidationPipe, the only things that make Nest require() these. Leaving them
 * out of those bundles took the stream function from 3.0 MB to 1.4 MB.
 */
const HTTP_ONLY_MODULES = ['@nestjs/platform-express', 'class-validator', 'class-transformer'];

/**
 * The AWS SDK. The API and the read model's consumer use the copy the Lambda runtime ships
 * (on NODE_PATH): bundled, the API would be ~0.3 MiB bigger, past its 1.2 MiB target, for
 * ~15 ms less init. The stream and schedule functions bundle the DynamoDB client from its ES
 * modules (`mainFields`), so esbuild keeps only the commands they send. Measured by the
 * cold-start probes (9 fresh processes each, one run, Node 20 here): stream init 124 ms
 * bundled this way, 134 ms with every credential source bundled too (1.07 MiB), 136 ms with
 * the runtime's SDK (0.63 MiB). What these functions would load only outside Lambda stays the
 * runtime's: the credential sources after the environment (Lambda puts the role's keys in
 * it), and SES, SQS and Secrets Manager, loaded on first use.
 */
const RUNTIME_SDK = ['@aws-sdk/*'];
const WORKER_SDK_LEFT_TO_RUNTIME = [
  '@aws-sdk/client-sesv2',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/nested-clients',
  '@aws-sdk/token-providers',
  '@smithy/credential-provider-imds',
];

/** Packages the API function loads but never uses, replaced by small stand-ins (their README says why). */
const API_STAND_INS = ['@nestjs/swagger', 'class-validator', 'libphonenumber-js', 'multer', 'iconv-lite', 'mime-db', 'debug', 'object-inspect', 'qs'];
/** Stand-ins every function gets: Nest itself loads them, with or without HTTP. */
const SHARED_STAND_INS = ['rxjs'];
const STAND_IN_DIR: Record<string, string> = { '@nestjs/swagger': 'nestjs-swagger' };

/**
 * In AWS the read model is Aurora: PGlite (local only, loaded lazily) stays out of the bundles,
 * and so do pg's optional native and Cloudflare drivers.
 */
const NOT_IN_AWS = ['@electric-sql/pglite', '@electric-sql/pglite/contrib/pg_trgm'];

/** The read model's SQL migrations travel beside the bundle of every function that may open it. */
const copyMigrations = (outputDir: string) => `cp -r "${path.join(REPO_ROOT, 'prisma', 'migrations')}" "${outputDir}/migrations"`;

/**
 * Packages loaded only when a shop uses them, kept out of index.js and bundled on their own into
 * node_modules/ beside it (one minified file each loads faster than the package's many files).
 * The Stripe SDK: 0.30 MiB, which would take the API bundle past its 1.2 MiB target; it is
 * require()d on the first call for a Stripe shop (~30 ms once per container). `pg` (0.08 MiB): only
 * where the read model is opened, on its first use.
 */
const LAZY_PACKAGES = ['stripe', 'pg'];

/**
 * sharp and its prebuilt libvips for the media function's architecture (x86_64: the binaries
 * installed here), copied from node_modules beside the bundle: nothing is installed at synth.
 * For arm64, install `@img/sharp-linux-arm64` and `@img/sharp-libvips-linux-arm64` instead.
 */
const SHARP_PACKAGES = ['sharp', '@img/colour', '@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64', 'detect-libc', 'semver'];
const copyPackage = (name: string, outputDir: string) => `mkdir -p "${outputDir}/node_modules/${name}" && cp -R "${path.join(REPO_ROOT, 'node_modules', name)}/." "${outputDir}/node_modules/${name}/"`;

/** Shell commands that bundle a lazily loaded package into `<outputDir>/node_modules/<name>/index.js`. */
function bundleBeside(name: string, outputDir: string): string[] {
  const dir = `${outputDir}/node_modules/${name}`;
  const esbuild = path.join(REPO_ROOT, 'node_modules', '.bin', 'esbuild');
  return [
    `mkdir -p "${dir}"`,
    `"${esbuild}" "${require.resolve(name, { paths: [REPO_ROOT] })}" --bundle --platform=node --target=${ESBUILD_TARGET} --format=cjs --minify --keep-names --legal-comments=external --log-level=warning --external:pg-native --external:pg-cloudflare --external:cloudflare:sockets --outfile="${dir}/index.js"`,
    `echo '{"name":"${name}","main":"index.js"}' > "${dir}/package.json"`,
  ];
}

/** The functions' runtime, and the esbuild target of their bundles to match. */
const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;
const ESBUILD_TARGET = 'node24';

/** What a Lambda bundle is built for: the HTTP API, a stream or schedule worker, or the read model's consumer. */
export type BundleKind = 'api' | 'worker' | 'readModel' | 'media';

/**
 * The esbuild settings of each kind of bundle, in one place: the stack passes them to
 * NodejsFunction, and `npm run bench:cold-start` builds its reference apps with the same ones.
 */
export function lambdaEsbuildSettings(kind: BundleKind): { alias: Record<string, string>; external: string[]; mainFields?: string[]; inject: string[]; define: Record<string, string>; target: string } {
  const api = kind === 'api';
  // The media function is a worker without Nest; sharp stays outside the bundle (shipped beside it: SHARP_PACKAGES).
  const worker = kind === 'worker' || kind === 'media';
  return {
    alias: Object.fromEntries([...SHARED_STAND_INS, ...(api ? API_STAND_INS : [])].map((name) => [name, path.join(REPO_ROOT, 'infra', 'lambda-stubs', STAND_IN_DIR[name] ?? name)])),
    // Listed first are only Nest's optional peers, which Nest require()s lazily inside
    // try/catch (optionalRequire / loadPackage) and we do not install. Found by bundling
    // dist-lambda/handlers/*.js with esbuild and reading the unresolved imports.
    external: [
      '@nestjs/microservices',
      '@nestjs/microservices/microservices-module',
      '@nestjs/websockets',
      '@nestjs/websockets/socket-module',
      'class-transformer/storage', // @nestjs/mapped-types falls back to it after class-transformer/cjs/storage
      ...LAZY_PACKAGES,
      ...(worker ? [...HTTP_ONLY_MODULES, ...WORKER_SDK_LEFT_TO_RUNTIME] : RUNTIME_SDK),
      ...NOT_IN_AWS,
      ...(kind === 'media' ? ['sharp'] : []),
    ],
    ...(worker ? { mainFields: ['module', 'main'] } : {}),
    // Nest's eager date formatters, built on first use instead (lambda-stubs/lazy-date-time-format: ~12 ms of each cold start).
    inject: [path.join(REPO_ROOT, 'infra', 'lambda-stubs', 'lazy-date-time-format', 'inject.mjs')],
    define: { 'Intl.DateTimeFormat': 'LazyDateTimeFormat' },
    target: ESBUILD_TARGET,
  };
}

function bundlingOptions(kind: BundleKind): BundlingOptions {
  const api = kind === 'api';
  const { alias, external, mainFields, inject, define, target } = lambdaEsbuildSettings(kind);
  return {
    esbuildArgs: {
      // Licence comments go to a file beside the bundle instead of its end: kept, never parsed.
      '--legal-comments': 'external',
      ...Object.fromEntries(Object.entries(alias).map(([name, target]) => [`--alias:${name}`, target])),
    },
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) => [
        // The API serves the document written at build time from a file beside its bundle.
        ...(api ? [`cp "${path.join(REPO_ROOT, 'dist', 'app', 'openapi.json')}" "${outputDir}/openapi.json"`] : []),
        ...LAZY_PACKAGES.flatMap((name) => bundleBeside(name, outputDir)),
        // The read model's SQL migrations, beside the bundles of the functions that open it.
        ...(kind === 'api' || kind === 'readModel' ? [copyMigrations(outputDir)] : []),
        ...(kind === 'media' ? SHARP_PACKAGES.map((name) => copyPackage(name, outputDir)) : []),
      ],
    },
    inject,
    define,
    ...(mainFields ? { mainFields } : {}),
    target,
    minify: true,
    // Required with minify: Nest and our code use class names at run time (error names in
    // responses, Swagger operationIds and schema names). Without it /docs shows "yz_health"
    // and errors are named "Dhe". Costs ~5% bundle size.
    keepNames: true,
    sourceMap: true,
    // The map only needs positions; embedding every node_modules source would make it huge
    // and slow the map's parse (core/bundle-stacks.ts, on the first stack read).
    sourcesContent: false,
    // Setting externalModules replaces NodejsFunction's default ['@aws-sdk/*']: which functions
    // bundle the SDK and which use the runtime's is chosen above (RUNTIME_SDK).
    externalModules: external,
  };
}

/** NodejsFunction would fail too, but without saying how to produce the files. */
function assertHandlersBuilt(handlersDir: string): void {
  for (const file of ['api.js', 'command-sync.js', 'read-model-sync.js', 'sweeper.js', 'bulk-jobs.js', 'media.js']) {
    const entry = path.join(handlersDir, file);
    if (!fs.existsSync(entry)) {
      throw new Error(`${entry} is missing: run \`npm run build:lambda\` first`);
    }
  }
}

/** A comma-separated context value as a list; undefined when unset or empty. */
function contextList(value: unknown): string[] | undefined {
  const list = typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : undefined;
  return list && list.length > 0 ? list : undefined;
}

function validateInputs(stage: string, mailFrom: string): void {
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new Error(`stage "${stage}" must be lower-case letters, digits and dashes (max 20), starting with a letter`);
  }
  if (!Token.isUnresolved(mailFrom) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mailFrom)) {
    throw new Error(`mailFrom "${mailFrom}" is not an email address`);
  }
}
