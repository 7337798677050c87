import { createHmac } from 'node:crypto';
import { config } from '../../config';
import { sortKey } from '../../core/keys';
import { systemActorContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { Money } from '../../core/money';
import { IgnoredEvent, PaymentEvent, PaymentEventType, PaymentProvider, ProviderPaymentState, WebhookRejected } from './payment.provider';
import { verifyWebhook } from './webhook-signature';

/** The header the test PSP signs its webhooks in. */
export const TEST_SIGNATURE_HEADER = 'x-test-psp-signature';

export const TEST_PSP_EVENT_TYPES: Record<string, PaymentEventType> = {
  'payment.requires_action': 'requires_action',
  'payment.authorized': 'authorized',
  'payment.failed': 'failed',
  'payment.captured': 'captured',
  'payment.voided': 'voided',
  'payment.refunded': 'refunded',
  'payment.disputed': 'disputed',
};

/**
 * The body of a test PSP webhook. `amount`: for `payment.captured` and `payment.refunded` the
 * total so far; for `payment.disputed` the disputed amount (`disputeId` names the dispute).
 */
export interface TestPspEvent {
  id: string;
  type: string;
  data: { reference: string; amount: Money; disputeId?: string; metadata: { paymentCode: string } };
}

/** Each tenant's webhook secret: derived from the signing key, so no secret is stored locally. */
export function testWebhookSecret(tenantCode: string): string {
  return createHmac('sha256', config().paymentTestSigningKey).update(tenantCode).digest('hex');
}

/** What the test PSP itself knows of a payment (its own records, kept beside the shop's data). */
export const testPspRecordKey = (reference: string) => sortKey('TESTPSP', reference);
export type TestPspStatus = ProviderPaymentState['status'];

interface TestPspRecord {
  status: TestPspStatus;
  amount: number;
  capturedTotal: number;
  refundedTotal: number;
  /** The idempotency keys it has served, with what each did. */
  steps: Record<string, number>;
}

/** A PSP's refusal (capture of an authorization it does not hold, refund above what it took). */
/** The test provider refusing a call: internal, PaymentService turns it into a 502 `provider_failed` (a ShopstreamError would pass through as it is). */
export class TestPspRefusal extends Error {}

/**
 * The local payment service provider (`test`): it takes every authorization as pending and
 * tells the outcome later through a signed webhook, as a real PSP does. `npm run pay` plays the
 * shopper's side: the PSP records the outcome (`settle`), then sends the webhook, which may also
 * never arrive (`--no-webhook`): the reconcile sweep then asks `fetchPayment`. Captures, voids
 * and refunds answer at once and honour idempotency keys (a repeated key does nothing twice).
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'test';
  readonly signatureHeader = TEST_SIGNATURE_HEADER;

  constructor(private readonly items: TenantItemStore) {}

  /** The shopper's side: what happened at the PSP's payment page (`captured`: charged in full at once). */
  async settle(tenantCode: string, reference: string, status: TestPspStatus): Promise<void> {
    const set = status === 'captured' ? 'SET #status = :status, capturedTotal = amount, updatedAt = :now' : 'SET #status = :status, updatedAt = :now';
    await this.items.update(this.ctx(tenantCode, reference), testPspRecordKey(reference), set, { ':status': status, ':now': new Date().toISOString() }, { '#status': 'status' });
  }

  async fetchPayment(request: { tenantCode: string; providerReference: string }): Promise<ProviderPaymentState> {
    const record = await this.record(request.tenantCode, request.providerReference);
    return { status: record?.status ?? 'pending', capturedTotal: record?.capturedTotal ?? 0, refundedTotal: record?.refundedTotal ?? 0 };
  }

  async createAuthorization(request: { tenantCode: string; paymentCode: string; amount: Money }): Promise<{ providerReference: string; status: 'pending' }> {
    // The same payment always gets the same reference: a retried call is one authorization.
    const reference = `tp_${request.paymentCode}`;
    await this.items.putIfAbsent(this.ctx(request.tenantCode, reference), testPspRecordKey(reference), { status: 'pending', amount: request.amount.amount, capturedTotal: 0, refundedTotal: 0, steps: {} });
    return { providerReference: reference, status: 'pending' };
  }

  async capture(request: { tenantCode: string; providerReference: string; amount: Money; final: boolean; idempotencyKey: string }): Promise<{ capturedTotal: number }> {
    const done = await this.once(request.tenantCode, request.providerReference, request.idempotencyKey, (record) => {
      if (!['authorized', 'captured'].includes(record.status)) throw new TestPspRefusal(`cannot capture a ${record.status} payment`);
      if (record.capturedTotal + request.amount.amount > record.amount) throw new TestPspRefusal('capture above the authorized amount');
      return { set: 'SET capturedTotal = capturedTotal + :a, #status = :captured', values: { ':a': request.amount.amount, ':captured': 'captured' } };
    });
    return { capturedTotal: done.capturedTotal };
  }

  async refund(request: { tenantCode: string; providerReference: string; amount: Money; idempotencyKey: string }): Promise<{ refundReference: string; status: 'succeeded'; refundedTotal: number }> {
    const done = await this.once(request.tenantCode, request.providerReference, request.idempotencyKey, (record) => {
      if (record.refundedTotal + request.amount.amount > record.capturedTotal) throw new TestPspRefusal('refund above the captured amount');
      return { set: 'SET refundedTotal = refundedTotal + :a', values: { ':a': request.amount.amount } };
    });
    return { refundReference: `tr_${digest(request.idempotencyKey)}`, status: 'succeeded', refundedTotal: done.refundedTotal };
  }

  async cancelAuthorization(request: { tenantCode: string; providerReference: string; idempotencyKey: string }): Promise<{ status: 'voided' }> {
    await this.once(request.tenantCode, request.providerReference, request.idempotencyKey, (record) => {
      if (record.capturedTotal > 0) throw new TestPspRefusal('cannot void a captured payment');
      return { set: 'SET #status = :voided', values: { ':voided': 'voided' } };
    });
    return { status: 'voided' };
  }

  async parseWebhook(tenantCode: string, rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now: Date): Promise<PaymentEvent> {
    const header = headers[TEST_SIGNATURE_HEADER];
    verifyWebhook(testWebhookSecret(tenantCode), rawBody, typeof header === 'string' ? header : undefined, now, config().webhookToleranceSeconds);
    let event: TestPspEvent;
    try {
      event = JSON.parse(rawBody.toString('utf8')) as TestPspEvent;
    } catch {
      throw new WebhookRejected('malformed');
    }
    const wellFormed = typeof event === 'object' && event !== null && typeof event.id === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(event.id) && typeof event.type === 'string' && event.type.length > 0;
    if (!wellFormed) throw new WebhookRejected('malformed');
    // As with Stripe: a 4xx would make the PSP retry an event we will never act on.
    if (!Object.hasOwn(TEST_PSP_EVENT_TYPES, event.type)) throw new IgnoredEvent(event.id, event.type, 'not an event type shopstream acts on');
    const type = TEST_PSP_EVENT_TYPES[event.type];
    const data = event.data;
    const valid =
      typeof data?.reference === 'string' && typeof data?.metadata?.paymentCode === 'string' &&
      Number.isInteger(data?.amount?.amount) && data.amount.amount >= 0 && typeof data?.amount?.currency === 'string' && (data.disputeId === undefined || typeof data.disputeId === 'string');
    if (!valid) throw new WebhookRejected('malformed');
    return { eventId: event.id, type, paymentCode: data.metadata.paymentCode, providerReference: data.reference, amount: data.amount, ...(data.disputeId ? { disputeId: data.disputeId } : {}) };
  }

  /**
   * Does what `change` says once per idempotency key: the key is recorded in the same update,
   * conditioned on its absence, so a retried call (or two racing) changes the record once.
   */
  private async once(tenantCode: string, reference: string, key: string, change: (record: TestPspRecord) => { set: string; values: Record<string, unknown> }): Promise<TestPspRecord> {
    const record = await this.record(tenantCode, reference);
    if (!record) throw new TestPspRefusal(`no payment ${reference}`);
    if (record.steps[digest(key)] !== undefined) return record;
    const { set, values } = change(record);
    try {
      return await this.items.update<TestPspRecord>(this.ctx(tenantCode, reference), testPspRecordKey(reference), `${set}, steps.#key = :at`, { ...values, ':at': Date.now() }, { '#key': digest(key), ...(set.includes('#status') ? { '#status': 'status' } : {}) }, 'attribute_not_exists(steps.#key)');
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      return (await this.record(tenantCode, reference))!;
    }
  }

  private record(tenantCode: string, reference: string): Promise<TestPspRecord | undefined> {
    return this.items.get<TestPspRecord>(this.ctx(tenantCode, reference), testPspRecordKey(reference));
  }

  private ctx(tenantCode: string, reference: string) {
    return systemActorContext(tenantCode, 'test-psp', reference);
  }
}

/** Idempotency keys hold a tenant code and colons: a map key of their digest. */
function digest(key: string): string {
  return createHmac('sha256', 'test-psp').update(key).digest('hex').slice(0, 24);
}
