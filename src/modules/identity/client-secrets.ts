import { AppClientName, ShopstreamConfig } from '../../config';
import { awsSecrets, SecretReader } from '../../core/secrets';

type CognitoSettings = NonNullable<ShopstreamConfig['cognito']>;

const CLIENTS: readonly AppClientName[] = ['admin', 'storefront'];

/**
 * The app clients' secrets. A `COGNITO_*_CLIENT_SECRET` in the environment wins (npm start, the
 * tests); in AWS they are not there, since anyone allowed to read the function's configuration
 * would see them, but in the secret `COGNITO_CLIENT_SECRETS_ARN` names (`{admin, storefront}`,
 * made by the stack), read once per container. A failed read is not kept: the next request tries
 * again instead of the container staying broken.
 */
export class ClientSecrets {
  private stored?: Promise<Record<AppClientName, string>>;

  constructor(private readonly secrets: SecretReader = awsSecrets()) {}

  /** The client's secret; undefined for a client without one (the emulator checks none). */
  async of(settings: CognitoSettings, client: AppClientName): Promise<string | undefined> {
    const own = settings.clients[client].secret;
    if (own || !settings.clientSecretsArn) return own;
    this.stored ??= this.load(settings.clientSecretsArn).catch((error: unknown) => {
      this.stored = undefined;
      throw error;
    });
    return (await this.stored)[client];
  }

  private async load(secretId: string): Promise<Record<AppClientName, string>> {
    const raw = await this.secrets.secretString(secretId);
    if (raw === undefined) throw new Error(`the Cognito client secrets (${secretId}) do not exist`);
    const value = JSON.parse(raw) as Record<string, unknown>;
    const secrets = {} as Record<AppClientName, string>;
    for (const name of CLIENTS) {
      const secret = value?.[name];
      // Never the value itself in the message: it ends up in the logs.
      if (typeof secret !== 'string' || !secret) throw new Error(`the Cognito client secrets (${secretId}) lack "${name}"`);
      secrets[name] = secret;
    }
    return secrets;
  }
}
