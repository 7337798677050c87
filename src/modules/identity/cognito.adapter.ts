import { createHmac } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AuthenticationResultType,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AppClientName, config, ShopstreamConfig } from '../../config';
import { ShopstreamError } from '../../core/errors';
import { ClientSecrets } from './client-secrets';
import { TENANT_ATTRIBUTE } from './identity-pool';

/** The pool is not configured here (no COGNITO_* settings): the /auth routes cannot work. */
export class IdentityUnavailableError extends ShopstreamError {
  override readonly status = 503;
  constructor() {
    super('sign-in is not configured on this deployment');
  }
}

/** What Cognito answers to a password or refresh flow. */
export interface PoolTokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

/** The user does not exist, or the password or refresh token is wrong (internal: callers answer one 401 for all). */
export class PoolRefusal extends Error {}

const NOT_FOUND = new Set(['UserNotFoundException']);
const REFUSED = new Set(['NotAuthorizedException', 'UserNotFoundException', 'InvalidPasswordException', 'PasswordResetRequiredException', 'UserNotConfirmedException']);

/**
 * The user pool, through Cognito's admin API and its password flow: the same calls in AWS and
 * against the local emulator (`COGNITO_ENDPOINT`), so no "if local". Both app clients are
 * confidential: every flow carries the SECRET_HASH of the client it runs for. Only the /auth and
 * staff routes of this context call it; what a person may do is decided by the ACCOUNT item, not here.
 */
@Injectable()
export class CognitoAdapter {
  private client?: CognitoIdentityProviderClient;

  /** `secrets`: where the app clients' secrets come from (the environment, or Secrets Manager in AWS). */
  constructor(@Optional() private readonly secrets: ClientSecrets = new ClientSecrets()) {}

  private settings(): NonNullable<ShopstreamConfig['cognito']> {
    const settings = config().cognito;
    if (!settings) throw new IdentityUnavailableError();
    return settings;
  }

  private sdk(): CognitoIdentityProviderClient {
    const { endpoint } = this.settings();
    this.client ??= new CognitoIdentityProviderClient({
      region: config().region,
      // The emulator checks no signature; the SDK still wants credentials to sign with.
      ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    });
    return this.client;
  }

  /** Creates the user of a shop (its tenant fixed for good) without any Cognito mail; returns its `sub`, or undefined when the username is taken. */
  async createUser(username: string, tenant: string, email: string): Promise<string | undefined> {
    try {
      const { User } = await this.sdk().send(
        new AdminCreateUserCommand({
          UserPoolId: this.settings().userPoolId,
          Username: username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: `custom:${TENANT_ATTRIBUTE}`, Value: tenant },
          ],
        }),
      );
      return User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    } catch (error) {
      if ((error as Error).name === 'UsernameExistsException') return undefined;
      throw error;
    }
  }

  /** The user's `sub`, or undefined when there is no such user. */
  async subOf(username: string): Promise<string | undefined> {
    try {
      const user = await this.sdk().send(new AdminGetUserCommand({ UserPoolId: this.settings().userPoolId, Username: username }));
      return user.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
    } catch (error) {
      if (NOT_FOUND.has((error as Error).name)) return undefined;
      throw error;
    }
  }

  async setPassword(username: string, password: string): Promise<void> {
    await this.sdk().send(new AdminSetUserPasswordCommand({ UserPoolId: this.settings().userPoolId, Username: username, Password: password, Permanent: true }));
  }

  async addToGroups(username: string, groups: readonly string[]): Promise<void> {
    for (const group of groups) {
      await this.sdk().send(new AdminAddUserToGroupCommand({ UserPoolId: this.settings().userPoolId, Username: username, GroupName: group }));
    }
  }

  /** After OUR verification of the address (Cognito never mails here). */
  async markEmailVerified(username: string, email: string): Promise<void> {
    await this.sdk().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: this.settings().userPoolId,
        Username: username,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
  }

  async deleteUser(username: string): Promise<void> {
    try {
      await this.sdk().send(new AdminDeleteUserCommand({ UserPoolId: this.settings().userPoolId, Username: username }));
    } catch (error) {
      if (!NOT_FOUND.has((error as Error).name)) throw error;
    }
  }

  /** The password flow for `client`; PoolRefusal for an unknown user or a wrong password. */
  async signIn(client: AppClientName, username: string, password: string): Promise<PoolTokens> {
    const { id } = this.settings().clients[client];
    const hash = await this.secretHash(client, username);
    return this.authenticate(() =>
      this.sdk().send(new InitiateAuthCommand({ ClientId: id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password, ...hash } })),
    );
  }

  /** Fresh ID and access tokens for a refresh token of `client`; PoolRefusal when it is revoked, expired or not this user's. */
  async refresh(client: AppClientName, username: string, refreshToken: string): Promise<PoolTokens> {
    const { id } = this.settings().clients[client];
    const hash = await this.secretHash(client, username);
    return this.authenticate(() =>
      this.sdk().send(new InitiateAuthCommand({ ClientId: id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken, ...hash } })),
    );
  }

  /** Revokes a refresh token (and the tokens it issued, in AWS); an unknown token changes nothing. */
  async revoke(client: AppClientName, refreshToken: string): Promise<void> {
    const { id } = this.settings().clients[client];
    const secret = await this.secrets.of(this.settings(), client);
    try {
      await this.sdk().send(new RevokeTokenCommand({ ClientId: id, ClientSecret: secret, Token: refreshToken }));
    } catch (error) {
      if (!REFUSED.has((error as Error).name) && (error as Error).name !== 'UnsupportedTokenTypeException') throw error;
    }
  }

  private async authenticate(flow: () => Promise<{ AuthenticationResult?: AuthenticationResultType }>): Promise<PoolTokens> {
    let result: AuthenticationResultType | undefined;
    try {
      result = (await flow()).AuthenticationResult;
    } catch (error) {
      if (REFUSED.has((error as Error).name)) throw new PoolRefusal((error as Error).name);
      throw error;
    }
    // A challenge (a new password required, MFA at Cognito) is never set up by our routes.
    if (!result?.IdToken || !result.AccessToken) throw new PoolRefusal('challenge');
    return { idToken: result.IdToken, accessToken: result.AccessToken, refreshToken: result.RefreshToken, expiresIn: result.ExpiresIn ?? 3600 };
  }

  /** The proof that the caller holds the client's secret: HMAC-SHA256(secret, username + client id). */
  private async secretHash(client: AppClientName, username: string): Promise<{ SECRET_HASH?: string }> {
    const { id } = this.settings().clients[client];
    const secret = await this.secrets.of(this.settings(), client);
    return secret ? { SECRET_HASH: createHmac('sha256', secret).update(username + id).digest('base64') } : {};
  }
}

/** The claims of a token Cognito just handed us over TLS (not one a caller sent: those go through the guard's verifier). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
