/**
 * `npm run fake-stripe -- --tenant demo [--tenant other] [--port 12111] [--api http://127.0.0.1:3000]`:
 * the tests' fake of the Stripe API (test/support/fake-stripe.ts) on its own, for trying a
 * Stripe shop with `npm start` and no network. It writes each tenant's fake credentials into the
 * Stripe credentials file (STRIPE_CREDENTIALS_FILE, default .data/stripe-credentials.json), then
 * forwards each account's events to `<api>/webhooks/stripe/<tenant>` as they happen, as
 * `stripe listen --forward-to` would. The shopper's side is a request to the fake:
 *
 *   curl -X POST -H 'Authorization: Bearer sk_test_fake_demo' -d outcome=succeed \
 *     http://127.0.0.1:12111/_fake/payment_intents/<pi_...>/confirm
 *
 * Ctrl-C stops it (the credentials stay in the file; the next run rewrites them).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_STRIPE_CREDENTIALS_FILE, StripeCredentials } from '../src/modules/payment/stripe/stripe-credentials';
import { FakeStripe } from '../test/support/fake-stripe';

const say = (line: string) => process.stdout.write(`[fake-stripe] ${line}\n`);

/** The fake account of a tenant: fixed keys, so a restart keeps the file valid. */
export const fakeAccount = (tenant: string) => ({ secretKey: `sk_test_fake_${tenant}`, webhookSecret: `whsec_fake_${tenant}` });

/** Sets these tenants' entries of the credentials file, keeping the others. */
export function writeCredentials(file: string, entries: Record<string, StripeCredentials>): void {
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...current, ...entries }, null, 2)}\n`, { mode: 0o600 });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string', multiple: true, default: ['demo'] },
      port: { type: 'string', default: process.env.FAKE_STRIPE_PORT ?? '12111' },
      api: { type: 'string', default: `http://127.0.0.1:${process.env.API_PORT ?? 3000}` },
    },
  });
  const fake = await new FakeStripe().start(Number(values.port));
  const file = resolve(process.env.STRIPE_CREDENTIALS_FILE || DEFAULT_STRIPE_CREDENTIALS_FILE);
  const tenants = values.tenant!;
  writeCredentials(file, Object.fromEntries(tenants.map((tenant) => [tenant, fake.credentials(fakeAccount(tenant).secretKey, fakeAccount(tenant).webhookSecret)])));
  say(`Stripe API on http://127.0.0.1:${values.port}; credentials of ${tenants.join(', ')} in ${file}`);
  say(`shops need "paymentProvider":"stripe" in their settings; events go to ${values.api}/webhooks/stripe/<tenant>`);
  say(`confirm a payment: curl -X POST -H 'Authorization: Bearer ${fakeAccount(tenants[0]).secretKey}' -d outcome=succeed http://127.0.0.1:${values.port}/_fake/payment_intents/<pi_...>/confirm`);

  let stopping = false;
  const forward = async () => {
    for (const tenant of tenants) {
      const { secretKey, webhookSecret } = fakeAccount(tenant);
      try {
        for (const sent of await fake.deliverEvents(secretKey, `${values.api}/webhooks/stripe/${tenant}`, webhookSecret)) say(`${tenant}: ${sent.type} -> ${sent.status} ${sent.body}`);
      } catch (error) {
        say(`${tenant}: the API did not answer (${(error as Error).message}); is npm start running?`);
      }
    }
    if (!stopping) setTimeout(() => void forward(), 500);
  };
  void forward();
  const stop = async () => {
    stopping = true;
    await fake.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
