/**
 * `npm run pay -- <order> --tenant <code> --outcome succeed|decline|requires_action|late [--attempt N]`:
 * the shopper's side of the local test PSP. It reads the order's newest payment from the local
 * DynamoDB (as the PSP would know it) and sends the shop the signed webhook the PSP would send:
 * `succeed` and `late` authorize (late: after the hold ended, whatever the order's state: the
 * shop takes the stock again or gives the money back), `decline` fails the payment so the
 * shopper can try again, `requires_action` asks for 3-D Secure (run `succeed` afterwards to
 * finish it). The PSP records the outcome first; `--no-webhook` then loses the webhook, as
 * happens for real (the reconcile sweep finds it).
 */
import { parseArgs } from 'node:util';
import { ulid } from 'ulid';

import { CommandService } from '../src/core/command.service';
import { systemActorContext } from '../src/core/tenant-context';
import { resetDynamo } from '../src/core/dynamo';
import { PAYMENT_ENTITY, paymentCode } from '../src/modules/payment/payment.keys';
import { PaymentAttributes } from '../src/modules/payment/payment.model';
import { TenantItemStore } from '../src/core/tenant-item.store';
import { TestPaymentProvider } from '../src/modules/payment/test-payment.provider';
import { recordOutcome, signedWebhook, TEST_PSP_OUTCOMES, TestPspOutcome } from '../src/modules/payment/test-psp.shopper';
import { readStackState, stackStateFile } from './lib/stack-state';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { tenant: { type: 'string', default: 'demo' }, outcome: { type: 'string', default: 'succeed' }, attempt: { type: 'string' }, api: { type: 'string' }, 'no-webhook': { type: 'boolean', default: false } },
  });
  const order = positionals[0];
  const outcome = values.outcome as TestPspOutcome;
  if (!order || !Object.hasOwn(TEST_PSP_OUTCOMES, outcome)) {
    process.stderr.write('usage: npm run pay -- <order code> --tenant <code> --outcome succeed|decline|requires_action|late [--attempt N] [--no-webhook]\n');
    process.exit(2);
  }
  const stack = findStack(values.api);
  process.env.DYNAMODB_ENDPOINT = stack.dynamodbEndpoint;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  resetDynamo();
  // Both before the PSP records anything: an unreachable stack must not leave a recorded outcome without its webhook.
  await reachable(`${stack.api}/health`, `the API at ${stack.api} (${stack.from})`);
  await reachable(stack.dynamodbEndpoint, `DynamoDB Local at ${stack.dynamodbEndpoint} (${stack.from})`);
  const tenant = values.tenant!;
  const commands = new CommandService();
  const ctx = systemActorContext(tenant, 'script:pay', ulid());
  let payment;
  for (let attempt = values.attempt ? Number(values.attempt) : 20; attempt >= 1 && !payment; attempt--) {
    payment = await commands.getLatest<PaymentAttributes>(ctx, PAYMENT_ENTITY, paymentCode(order, attempt));
    if (values.attempt) break;
  }
  if (!payment) {
    process.stderr.write(`no payment of ${order} in ${tenant}: start one with POST /carts/:id/payments\n`);
    process.exit(1);
  }
  await recordOutcome(new TestPaymentProvider(new TenantItemStore()), tenant, payment, outcome);
  if (values['no-webhook']) {
    process.stdout.write(`${payment.code}: the PSP recorded ${outcome}; no webhook sent\n`);
    return;
  }
  const event = signedWebhook(tenant, payment, outcome, `evt_${ulid()}`);
  const reply = await fetch(`${stack.api}/webhooks/test/${tenant}`, { method: 'POST', headers: event.headers, body: event.body });
  process.stdout.write(`${payment.code} ${event.type}: ${reply.status} ${await reply.text()}\n`);
  if (!reply.ok) process.exit(1);
}

/**
 * The stack to pay against: what the running `npm start` wrote into DATA_DIR's stack.json, each
 * part overridden by `--api`, `API_PORT`, `DYNAMODB_ENDPOINT` or `DYNAMODB_PORT` when given.
 * Without either, there is nothing to guess: say how to fix it.
 */
function findStack(apiOption: string | undefined): { api: string; dynamodbEndpoint: string; from: string } {
  const state = readStackState();
  const api = apiOption ?? (process.env.API_PORT ? `http://127.0.0.1:${process.env.API_PORT}` : state?.api);
  const dynamodbEndpoint = process.env.DYNAMODB_ENDPOINT || (process.env.DYNAMODB_PORT ? `http://127.0.0.1:${process.env.DYNAMODB_PORT}` : state?.dynamodbEndpoint);
  if (!api || !dynamodbEndpoint) {
    fail(
      `no running npm start found: ${stackStateFile()} is missing or stale. Start the stack with npm start (with the same DATA_DIR), ` +
        `or name it: ${[!api && 'API_PORT (or --api <url>)', !dynamodbEndpoint && 'DYNAMODB_PORT'].filter(Boolean).join(' and ')}`,
    );
  }
  const given = [apiOption && '--api', process.env.API_PORT && 'API_PORT', process.env.DYNAMODB_ENDPOINT && 'DYNAMODB_ENDPOINT', process.env.DYNAMODB_PORT && 'DYNAMODB_PORT'].filter(Boolean);
  const from = [...given, ...(state ? [stackStateFile()] : [])].join(', ');
  return { api, dynamodbEndpoint, from };
}

/** Any HTTP answer will do: only a refused or failed connection is a problem. */
async function reachable(url: string, what: string): Promise<void> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    fail(`cannot reach ${what}: ${cause?.code ?? cause?.message ?? (error as Error).message}. Is npm start running? Nothing was paid.`);
  }
}

function fail(message: string): never {
  process.stderr.write(`npm run pay: ${message}\n`);
  process.exit(1);
}

main().catch((error) => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  process.stderr.write(`npm run pay: ${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}\n`);
  process.exit(1);
});
