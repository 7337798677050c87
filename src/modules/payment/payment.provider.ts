import { Money } from '../../core/money';

/** A provider's webhook, verified and parsed into what the payment ledger understands. */
export interface PaymentEvent {
  /** The provider's event id: an event is applied once, whatever the deliveries. */
  eventId: string;
  type: 'authorized' | 'failed' | 'captured' | 'voided';
  /** Our payment code, carried by the provider as metadata. */
  paymentCode: string;
  providerReference: string;
  amount: Money;
}

export class WebhookRejected extends Error {
  constructor(readonly reason: 'missing_signature' | 'bad_signature' | 'stale' | 'malformed') {
    super(reason);
  }
}

/**
 * What shopstream asks of a payment service provider. Every call carries an idempotency key
 * derived from tenant, payment and step, so a retried call has one effect at the provider.
 */
export interface PaymentProvider {
  readonly name: string;
  /** Starts an authorization (capture later, manually); the outcome arrives as a webhook. */
  createAuthorization(request: { tenantCode: string; paymentCode: string; amount: Money; idempotencyKey: string }): Promise<{ providerReference: string; status: 'pending' }>;
  /** Voids an authorization that will never be captured (the order was cancelled, or paid too late). */
  cancelAuthorization(request: { tenantCode: string; paymentCode: string; providerReference: string; idempotencyKey: string }): Promise<{ status: 'voided' }>;
  /** Takes (part of) an authorized amount; the rest of the authorization is released by the provider. */
  capture(request: { tenantCode: string; paymentCode: string; providerReference: string; amount: Money; idempotencyKey: string }): Promise<{ status: 'succeeded' }>;
  /** Gives (part of) a captured amount back. */
  refund(request: { tenantCode: string; paymentCode: string; providerReference: string; amount: Money; idempotencyKey: string }): Promise<{ status: 'succeeded' }>;
  /** What the provider knows of a payment now (for payments whose webhook never came). */
  fetchPayment(request: { tenantCode: string; providerReference: string }): Promise<{ status: 'pending' | 'authorized' | 'failed' | 'voided' | 'captured' }>;
  /** Verifies a webhook (signature over the raw body, freshness) and parses it; throws WebhookRejected. */
  parseWebhook(tenantCode: string, rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now: Date): PaymentEvent;
}
