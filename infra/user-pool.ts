import { Duration, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { IDENTITY_POOL } from '../src/modules/identity';
import { acknowledge } from './nag';

export interface UserPoolParts {
  userPool: cognito.UserPool;
  /** By client name (IDENTITY_POOL.clients): `admin`, `storefront`. */
  clients: Record<string, cognito.UserPoolClient>;
  /** The clients' secrets as JSON `{admin, storefront}`: read by the API, never in its environment. */
  clientSecrets: secretsmanager.Secret;
}

/**
 * The Cognito calls src/modules/identity/cognito.adapter.ts makes that IAM authorizes. Its
 * InitiateAuth and RevokeToken are not IAM actions: the client id and secret authorize them.
 */
export const POOL_ADMIN_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminDeleteUser',
];

/**
 * The Cognito user pool of src/modules/identity/identity-pool.ts, the description `npm start`
 * also creates in the local emulator (scripts/lib/cognito-local.ts). docs/identity.md says why.
 */
export function buildUserPool(scope: Construct, stage: string): UserPoolParts {
  const policy = IDENTITY_POOL.passwordPolicy;
  const userPool = new cognito.UserPool(scope, 'UserPool', {
    userPoolName: `shopstream-${stage}`,
    // Our API creates every user (admin API), fixing custom:tenant: nobody signs up at Cognito.
    selfSignUpEnabled: IDENTITY_POOL.selfSignUp,
    // Tenant-scoped usernames (`<tenant>#<email>`) and no alias: the same email in two shops is two users.
    signInAliases: { username: true },
    signInCaseSensitive: false,
    standardAttributes: { email: { required: IDENTITY_POOL.emailRequired, mutable: true } },
    // The tenant a user belongs to; immutable so nobody can move a user between shops.
    customAttributes: {
      [IDENTITY_POOL.tenantAttribute.name]: new cognito.StringAttribute({
        minLen: IDENTITY_POOL.tenantAttribute.minLength,
        maxLen: IDENTITY_POOL.tenantAttribute.maxLength,
        mutable: IDENTITY_POOL.tenantAttribute.mutable,
      }),
    },
    passwordPolicy: {
      minLength: policy.minLength,
      requireLowercase: policy.requireLowercase,
      requireUppercase: policy.requireUppercase,
      requireDigits: policy.requireDigits,
      requireSymbols: policy.requireSymbols,
      tempPasswordValidity: Duration.days(policy.temporaryPasswordValidityDays),
    },
    mfa: cognito.Mfa.OPTIONAL,
    mfaSecondFactor: { otp: true, sms: false },
    // Resets go through our API (its codes, our outbox and limits): Cognito's ForgotPassword is off.
    accountRecovery: cognito.AccountRecovery.NONE,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledge(
    userPool,
    ['AwsSolutions-COG2'],
    "MFA is pool-wide in Cognito and tokens carry no MFA claim: it is optional here (TOTP), and our sign-in requires it for staff while customers may choose (docs/identity.md).",
  );
  acknowledge(
    userPool,
    ['AwsSolutions-COG8'],
    'No Plus feature plan (threat protection) for now: every sign-in, sign-up and reset goes through our API, which limits them per address and per client (429); Cognito sees only calls our API makes.',
  );
  for (const group of IDENTITY_POOL.groups) {
    userPool.addGroup(`Group-${group.name}`, { groupName: group.name, description: group.description });
  }
  const clients: Record<string, cognito.UserPoolClient> = {};
  for (const client of IDENTITY_POOL.clients) {
    clients[client.name] = userPool.addClient(`${client.name[0].toUpperCase()}${client.name.slice(1)}Client`, {
      userPoolClientName: client.name,
      // Confidential: the secret stays with our API, which runs the password flow for the app, so
      // nobody skips our limits (or staff MFA) by calling Cognito with the client id.
      generateSecret: true,
      authFlows: { userPassword: true },
      // No hosted UI: CDK's default would enable the implicit grant with an example.com callback.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.minutes(client.accessTokenMinutes),
      idTokenValidity: Duration.minutes(client.idTokenMinutes),
      refreshTokenValidity: Duration.days(client.refreshTokenDays),
      // The API reads custom:tenant from the ID token, so the client must be allowed to read it;
      // it must never write it (the attribute is immutable anyway, this is defence in depth).
      readAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, emailVerified: true }).withCustomAttributes(IDENTITY_POOL.tenantAttribute.name),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });
  }
  // The secrets stay out of the function's environment, which anyone who may read its
  // configuration sees. CloudFormation's own `ClientSecret` attribute of each client, not CDK's
  // `userPoolClientSecret` (a deploy-time custom resource: one more Lambda with a broad role).
  const clientSecrets = new secretsmanager.Secret(scope, 'CognitoClientSecrets', {
    description: `shopstream ${stage}: the Cognito app clients' secrets, {admin, storefront}`,
    secretObjectValue: Object.fromEntries(
      Object.entries(clients).map(([name, client]) => [name, SecretValue.resourceAttribute((client.node.defaultChild as cognito.CfnUserPoolClient).attrClientSecret)]),
    ),
  });
  acknowledge(
    clientSecrets,
    ['AwsSolutions-SMG4'],
    "Not rotated: Cognito cannot rotate an app client's secret in place (a new secret means a new client id), so the value changes only with the client, and a redeploy writes it again.",
  );
  return { userPool, clients, clientSecrets };
}

/**
 * Lets the API drive the pool (docs/identity.md): its ids in the environment, the clients'
 * secrets through the secret's ARN (read once per container), and the admin actions the
 * adapter calls, on this pool only.
 */
export function allowPoolAdmin(fn: lambda.Function, { userPool, clients, clientSecrets }: UserPoolParts): void {
  fn.addEnvironment('COGNITO_USER_POOL_ID', userPool.userPoolId);
  fn.addEnvironment('COGNITO_ADMIN_CLIENT_ID', clients.admin.userPoolClientId);
  fn.addEnvironment('COGNITO_STOREFRONT_CLIENT_ID', clients.storefront.userPoolClientId);
  fn.addEnvironment('COGNITO_CLIENT_SECRETS_ARN', clientSecrets.secretArn);
  clientSecrets.grantRead(fn);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: POOL_ADMIN_ACTIONS, resources: [userPool.userPoolArn] }));
}
