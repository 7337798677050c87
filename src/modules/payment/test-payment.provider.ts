import { createHmac } from 'node:crypto';
import { config } from '../../config';
import { sortKey } from '../../core/keys';
import { systemActorContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { Money } from '../../core/money';
import { PaymentEvent, PaymentProvider, WebhookRejected } from './payment.provider';
import { verifyWebhook } from './webhook-signature';

/** The header the test PSP signs its webhooks in. */
export const TEST_SIGNATURE_HEADER = 'x-test-psp-signature';

const TYPES = { 'payment.authorized': 'authorized', 'payment.failed': 'failed', 'payment.captured': 'captured', 'payment.voided': 'voided' } as const;

/** The body of a test PSP webhook. */
export interface TestPspEvent {
  id: string;
  type: keyof typeof TYPES;
  data: { reference: string; amount: Money; metadata: { paymentCode: string } };
}

/** Each tenant's webhook secret: derived from the signing key, so no secret is stored locally. */
export function testWebhookSecret(tenantCode: string): string {
  return createHmac('sha256', config().paymentTestSigningKey).update(tenantCode).digest('hex');
}

/** What the test PSP itself knows of a payment (its own records, kept beside the shop's data). */
export const testPspRecordKey = (reference: string) => sortKey('TESTPSP', reference);
export type TestPspStatus = 'pending' | 'authorized' | 'failed' | 'voided' | 'captured';

/**
 * The local payment service provider (`test`): it accepts every authorization as pending and
 * tells the outcome later through a signed webhook, as a real PSP does. `npm run pay` plays the
 * shopper's side: the PSP records the outcome (`settle`), then sends the webhook, which may also
 * never arrive (`--no-webhook`): the reconcile sweep then asks `fetchPayment`.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'test';

  constructor(private readonly items: TenantItemStore) {}

  /** The PSP's side of a shopper's payment: its own record of the outcome. */
  async settle(tenantCode: string, reference: string, status: TestPspStatus): Promise<void> {
    const ctx = systemActorContext(tenantCode, 'test-psp', reference);
    await this.items.update(ctx, testPspRecordKey(reference), 'SET #status = :status, updatedAt = :now', { ':status': status, ':now': new Date().toISOString() }, { '#status': 'status' });
  }

  async fetchPayment(request: { tenantCode: string; providerReference: string }): Promise<{ status: TestPspStatus }> {
    const ctx = systemActorContext(request.tenantCode, 'test-psp', request.providerReference);
    return { status: (await this.items.get<{ status: TestPspStatus }>(ctx, testPspRecordKey(request.providerReference)))?.status ?? 'pending' };
  }

  async createAuthorization(request: { paymentCode: string }): Promise<{ providerReference: string; status: 'pending' }> {
    // The same idempotency key always gets the same reference: a retried call is one authorization.
    return { providerReference: `tp_${request.paymentCode}`, status: 'pending' };
  }

  async capture(): Promise<{ status: 'succeeded' }> {
    return { status: 'succeeded' };
  }

  async refund(): Promise<{ status: 'succeeded' }> {
    return { status: 'succeeded' };
  }

  async cancelAuthorization(): Promise<{ status: 'voided' }> {
    // The test PSP voids at once; a real one may confirm with a webhook, which then finds the payment voided.
    return { status: 'voided' };
  }

  parseWebhook(tenantCode: string, rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now: Date): PaymentEvent {
    const header = headers[TEST_SIGNATURE_HEADER];
    verifyWebhook(testWebhookSecret(tenantCode), rawBody, typeof header === 'string' ? header : undefined, now, config().webhookToleranceSeconds);
    let event: TestPspEvent;
    try {
      event = JSON.parse(rawBody.toString('utf8')) as TestPspEvent;
    } catch {
      throw new WebhookRejected('malformed');
    }
    const type = TYPES[event?.type];
    const data = event?.data;
    const valid = typeof event.id === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(event.id) && type && typeof data?.reference === 'string' && typeof data?.metadata?.paymentCode === 'string' && Number.isInteger(data?.amount?.amount) && typeof data?.amount?.currency === 'string';
    if (!valid) throw new WebhookRejected('malformed');
    return { eventId: event.id, type, paymentCode: data.metadata.paymentCode, providerReference: data.reference, amount: data.amount };
  }
}
