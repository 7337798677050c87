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
import { TEST_SIGNATURE_HEADER, TestPaymentProvider, TestPspEvent, testWebhookSecret } from '../src/modules/payment/test-payment.provider';
import { signWebhook } from '../src/modules/payment/webhook-signature';

const OUTCOMES = { succeed: 'payment.authorized', late: 'payment.authorized', decline: 'payment.failed', requires_action: 'payment.requires_action' } as const;
const PSP_STATUS = { succeed: 'authorized', late: 'authorized', decline: 'failed', requires_action: 'requires_action' } as const;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { tenant: { type: 'string', default: 'demo' }, outcome: { type: 'string', default: 'succeed' }, attempt: { type: 'string' }, api: { type: 'string' }, 'no-webhook': { type: 'boolean', default: false } },
  });
  const order = positionals[0];
  const outcome = values.outcome as keyof typeof OUTCOMES;
  if (!order || !(outcome in OUTCOMES)) {
    process.stderr.write('usage: npm run pay -- <order code> --tenant <code> --outcome succeed|decline|requires_action|late [--attempt N] [--no-webhook]\n');
    process.exit(2);
  }
  process.env.DYNAMODB_ENDPOINT ??= `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  resetDynamo();
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
  await new TestPaymentProvider(new TenantItemStore()).settle(tenant, payment.attributes.providerReference, PSP_STATUS[outcome]);
  if (values['no-webhook']) {
    process.stdout.write(`${payment.code}: the PSP recorded ${outcome}; no webhook sent\n`);
    return;
  }
  const event: TestPspEvent = { id: `evt_${ulid()}`, type: OUTCOMES[outcome], data: { reference: payment.attributes.providerReference, amount: payment.attributes.amount, metadata: { paymentCode: payment.code } } };
  const body = JSON.stringify(event);
  const api = values.api ?? `http://127.0.0.1:${process.env.API_PORT ?? 3000}`;
  const reply = await fetch(`${api}/webhooks/test/${tenant}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TEST_SIGNATURE_HEADER]: signWebhook(testWebhookSecret(tenant), body, new Date()) },
    body,
  });
  process.stdout.write(`${payment.code} ${event.type}: ${reply.status} ${await reply.text()}\n`);
  if (!reply.ok) process.exit(1);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
