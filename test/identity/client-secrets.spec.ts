import { ShopstreamConfig } from '../../src/config';
import { SecretReader } from '../../src/core/secrets';
import { ClientSecrets } from '../../src/modules/identity/client-secrets';

/**
 * The app clients' secrets in AWS come from a Secrets Manager secret (COGNITO_CLIENT_SECRETS_ARN,
 * made by the stack) instead of the environment. No endpoint is reachable here: the reader is
 * the port, counted; the real call is the SDK's (core/secrets.ts `AwsSecretReader`, tested in test/payments/stripe-provider.spec.ts).
 */
describe('ClientSecrets', () => {
  const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shopstream/test/cognito-clients-AbCdEf';
  const settings = (secrets: { admin?: string; storefront?: string } = {}, clientSecretsArn: string | null = ARN): NonNullable<ShopstreamConfig['cognito']> => ({
    userPoolId: 'eu-west-1_pool',
    clients: { admin: { id: 'admin-id', secret: secrets.admin }, storefront: { id: 'storefront-id', secret: secrets.storefront } },
    clientSecretsArn: clientSecretsArn ?? undefined,
  });
  const reader = (answers: Array<string | undefined | Error>) => {
    const calls: string[] = [];
    const read: SecretReader = {
      secretString: async (secretId) => {
        calls.push(secretId);
        const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
    return { read, calls };
  };
  const stored = JSON.stringify({ admin: 'admin-secret', storefront: 'storefront-secret' });

  it('reads the secret once per container for both clients, even when asked side by side', async () => {
    const { read, calls } = reader([stored]);
    const secrets = new ClientSecrets(read);
    const first = await Promise.all([secrets.of(settings(), 'admin'), secrets.of(settings(), 'storefront'), secrets.of(settings(), 'admin')]);
    expect(first).toEqual(['admin-secret', 'storefront-secret', 'admin-secret']);
    expect(await secrets.of(settings(), 'storefront')).toBe('storefront-secret');
    expect(calls).toEqual([ARN]);
  });

  it('takes a secret from the environment first and never reads Secrets Manager for it', async () => {
    const { read, calls } = reader([stored]);
    const secrets = new ClientSecrets(read);
    expect(await secrets.of(settings({ admin: 'env-admin', storefront: 'env-storefront' }), 'admin')).toBe('env-admin');
    expect(await secrets.of(settings({ admin: 'env-admin', storefront: 'env-storefront' }), 'storefront')).toBe('env-storefront');
    expect(calls).toEqual([]);
    // One client in the environment, the other from the secret.
    expect(await secrets.of(settings({ admin: 'env-admin' }), 'storefront')).toBe('storefront-secret');
    expect(calls).toEqual([ARN]);
  });

  it('has no secret without one in the environment or an ARN (the emulator checks none)', async () => {
    const { read, calls } = reader([stored]);
    expect(await new ClientSecrets(read).of(settings({}, null), 'admin')).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('keeps no failed read: the next request reads again', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const { read, calls } = reader([throttled, stored]);
    const secrets = new ClientSecrets(read);
    await expect(secrets.of(settings(), 'admin')).rejects.toThrow('Rate exceeded');
    expect(await secrets.of(settings(), 'admin')).toBe('admin-secret');
    expect(await secrets.of(settings(), 'storefront')).toBe('storefront-secret');
    expect(calls).toEqual([ARN, ARN]);
  });

  it('refuses a missing secret or one without both clients, naming what is wrong and never a secret', async () => {
    await expect(new ClientSecrets(reader([undefined]).read).of(settings(), 'admin')).rejects.toThrow(`the Cognito client secrets (${ARN}) do not exist`);
    const half = new ClientSecrets(reader([JSON.stringify({ admin: 'admin-secret' })]).read);
    const error = (await half.of(settings(), 'admin').catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(`the Cognito client secrets (${ARN}) lack "storefront"`);
    expect(error.message).not.toContain('admin-secret');
  });
});
