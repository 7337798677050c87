import type { GetSecretValueCommand, SecretsManagerClient, SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { config } from '../config';

/** A secret's string by id (name or ARN); undefined when there is no such secret. Tests hand in a stand-in. */
export interface SecretReader {
  secretString(secretId: string): Promise<string | undefined>;
}

/**
 * Secrets Manager through the SDK the Lambda runtime ships, loaded on first use: a deployment
 * that keeps its secrets elsewhere (`npm start`, the tests: the environment or a file) never
 * loads it. One client per reader, made once. A missing secret is undefined; any other error
 * (throttling, permissions) is thrown, so the caller's request fails and is retried rather than
 * taken as "not configured". What a secret holds, and how long it is kept, is each caller's.
 */
export class AwsSecretReader implements SecretReader {
  private sdk?: Promise<{ client: SecretsManagerClient; GetSecretValueCommand: typeof GetSecretValueCommand }>;

  /** `clientConfig`: tests point the client at a local stand-in; in AWS the defaults apply. */
  constructor(private readonly clientConfig: SecretsManagerClientConfig = {}) {}

  async secretString(secretId: string): Promise<string | undefined> {
    this.sdk ??= import('@aws-sdk/client-secrets-manager').then((sdk) => ({ client: new sdk.SecretsManagerClient({ region: config().region, ...this.clientConfig }), GetSecretValueCommand: sdk.GetSecretValueCommand }));
    const sdk = await this.sdk;
    try {
      return (await sdk.client.send(new sdk.GetSecretValueCommand({ SecretId: secretId }))).SecretString;
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }
}

let shared: AwsSecretReader | undefined;

/** The container's one reader (one SDK client for every context that reads a secret). */
export function awsSecrets(): SecretReader {
  shared ??= new AwsSecretReader();
  return shared;
}
