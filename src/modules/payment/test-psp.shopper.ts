import { Money } from '../../core/money';
import { TEST_SIGNATURE_HEADER, TestPaymentProvider, TestPspEvent, TestPspStatus, testWebhookSecret } from './test-payment.provider';
import { signWebhook } from './webhook-signature';

/**
 * The shopper's side of the local test PSP, shared by `npm run pay` (scripts/pay.ts) and the
 * hosted payment page (test-psp.controller.ts): what each outcome records at the PSP and which
 * signed webhook the PSP then sends the shop.
 */
export const TEST_PSP_OUTCOMES = {
  succeed: { event: 'payment.authorized', status: 'authorized' },
  late: { event: 'payment.authorized', status: 'authorized' },
  decline: { event: 'payment.failed', status: 'failed' },
  requires_action: { event: 'payment.requires_action', status: 'requires_action' },
} as const satisfies Record<string, { event: string; status: TestPspStatus }>;
export type TestPspOutcome = keyof typeof TEST_PSP_OUTCOMES;

/** What the PSP knows of a payment: the shop's code for it, its reference and amount. */
export interface TestPspPayment {
  code: string;
  attributes: { providerReference: string; amount: Money };
}

/** A webhook as the PSP sends it: the raw body and the headers that sign it. */
export interface SignedWebhook {
  eventId: string;
  type: string;
  body: string;
  headers: Record<string, string>;
}

/** The PSP records the outcome (so the reconcile sweep finds it if the webhook is lost). */
export function recordOutcome(provider: TestPaymentProvider, tenant: string, payment: TestPspPayment, outcome: TestPspOutcome): Promise<void> {
  return provider.settle(tenant, payment.attributes.providerReference, TEST_PSP_OUTCOMES[outcome].status);
}

/** The webhook the PSP sends for the outcome, signed with the tenant's secret now. */
export function signedWebhook(tenant: string, payment: TestPspPayment, outcome: TestPspOutcome, eventId: string): SignedWebhook {
  const event: TestPspEvent = { id: eventId, type: TEST_PSP_OUTCOMES[outcome].event, data: { reference: payment.attributes.providerReference, amount: payment.attributes.amount, metadata: { paymentCode: payment.code } } };
  const body = JSON.stringify(event);
  return { eventId, type: event.type, body, headers: { 'content-type': 'application/json', [TEST_SIGNATURE_HEADER]: signWebhook(testWebhookSecret(tenant), body, new Date()) } };
}
