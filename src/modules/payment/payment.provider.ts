import { Money } from '../../core/money';

/**
 * What a provider's event says happened. `captured` and `refunded` carry the provider's running
 * total, never an increment: a duplicate, or an older event arriving after a newer one, then
 * adds nothing, and our own capture or refund call racing its webhook is counted once.
 */
export type PaymentEventType = 'requires_action' | 'authorized' | 'failed' | 'captured' | 'voided' | 'refunded' | 'disputed';

/** A provider's webhook, verified and parsed into what the payment ledger understands. */
export interface PaymentEvent {
  /** The provider's event id: an event is applied once, whatever the deliveries. */
  eventId: string;
  type: PaymentEventType;
  /** Our payment code, carried by the provider as metadata. */
  paymentCode: string;
  providerReference: string;
  /**
   * authorized: the amount authorized; captured / refunded: the total captured / refunded so far
   * at the provider; disputed: the amount disputed; otherwise the payment's amount.
   */
  amount: Money;
  /** disputed: the provider's id of the dispute (one chargeback line per dispute). */
  disputeId?: string;
}

/** Internal control flow: the webhook controller turns it into 401 or 400 (never a response of its own). */
export class WebhookRejected extends Error {
  constructor(readonly reason: 'missing_signature' | 'bad_signature' | 'stale' | 'malformed' | 'not_configured') {
    super(reason);
  }
}

/**
 * A signed, well-formed event that means nothing to shopstream: a type we do not act on, or a
 * payment that is not one of this shop's. The webhook answers 200 `ignored`, so the provider
 * stops retrying it (a 4xx would be retried for days). Internal control flow, never an error response.
 */
export class IgnoredEvent extends Error {
  override readonly name = 'IgnoredEvent';

  constructor(
    readonly eventId: string,
    readonly eventType: string,
    why: string,
  ) {
    super(`${eventType} ${eventId} ignored: ${why}`);
  }
}

/** A provider has no credentials for this shop: internal, PaymentService turns it into a 409 `no_payment_provider`. */
export class ProviderNotConfigured extends Error {
  constructor(readonly provider: string, readonly tenantCode: string) {
    super(`payment provider ${provider} has no credentials for shop ${tenantCode}`);
  }
}

/** What the provider knows of a payment now. Totals are minor units of the payment's currency. */
export interface ProviderPaymentState {
  status: 'pending' | 'requires_action' | 'authorized' | 'failed' | 'voided' | 'captured';
  capturedTotal: number;
  refundedTotal: number;
}

/**
 * What shopstream asks of a payment service provider. Every call that changes something carries
 * an idempotency key derived from tenant, payment and step, so a retried call has one effect at
 * the provider. Credentials are the provider's business: it finds the shop's own by `tenantCode`
 * (and throws ProviderNotConfigured when the shop has none).
 */
export interface PaymentProvider {
  readonly name: string;
  /** The header its webhooks are signed in (for the OpenAPI document and the README). */
  readonly signatureHeader: string;
  /** Starts an authorization (manual capture); the outcome arrives as a webhook. */
  createAuthorization(request: { tenantCode: string; paymentCode: string; orderCode: string; amount: Money; idempotencyKey: string }): Promise<{ providerReference: string; status: 'pending'; clientSecret?: string }>;
  /** Voids an authorization that will never be captured (the order was cancelled, or paid too late). */
  cancelAuthorization(request: { tenantCode: string; paymentCode: string; providerReference: string; idempotencyKey: string }): Promise<{ status: 'voided' }>;
  /**
   * Takes `amount` of the authorization. `final`: no capture will follow and the provider
   * releases the rest; otherwise more partial captures may come (one per shipment).
   * Answers the total captured so far.
   */
  capture(request: { tenantCode: string; paymentCode: string; providerReference: string; amount: Money; final: boolean; idempotencyKey: string }): Promise<{ capturedTotal: number }>;
  /** Gives `amount` of what was captured back; answers the refund's id, its state and the total refunded so far. */
  refund(request: { tenantCode: string; paymentCode: string; providerReference: string; amount: Money; idempotencyKey: string }): Promise<{ refundReference: string; status: 'succeeded' | 'pending'; refundedTotal: number }>;
  /** What the provider knows of a payment now (for payments whose webhook never came). */
  fetchPayment(request: { tenantCode: string; providerReference: string }): Promise<ProviderPaymentState>;
  /** Verifies a webhook (signature over the raw body, freshness) and parses it; throws WebhookRejected. */
  parseWebhook(tenantCode: string, rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now: Date): Promise<PaymentEvent>;
}
