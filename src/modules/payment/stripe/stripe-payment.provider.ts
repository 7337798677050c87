import type Stripe from 'stripe';
import { config } from '../../../config';
import { logger } from '../../../core/logger';
import { Money } from '../../../core/money';
import { IgnoredEvent, PaymentEvent, PaymentProvider, ProviderNotConfigured, ProviderPaymentState, WebhookRejected } from '../payment.provider';
import { StripeCredentials, StripeCredentialSource } from './stripe-credentials';

export { IgnoredEvent };

type StripeConstructor = typeof import('stripe');
let stripeSdk: Promise<StripeConstructor> | undefined;

/** Loaded on first use: the API Lambda's cold start does not pay for the SDK unless a Stripe shop is served. */
function loadStripeSdk(): Promise<StripeConstructor> {
  stripeSdk ??= import('stripe').then((module) => module.default);
  return stripeSdk;
}

/** Stripe's words for a stale signature; every other verification failure is a bad one. */
const STALE_SIGNATURE = /tolerance zone/i;

/**
 * The `stripe` provider: PaymentIntents with manual capture, in each shop's own Stripe account
 * (credentials per tenant). Every call that changes something passes the caller's idempotency
 * key, which the SDK also reuses on its own network retries.
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe';
  readonly signatureHeader = 'stripe-signature';
  /** One client per account (secret key and endpoint): clients keep their HTTP agents warm. */
  private readonly clients = new Map<string, Stripe>();

  constructor(private readonly credentials: StripeCredentialSource) {}

  async createAuthorization(request: { tenantCode: string; paymentCode: string; orderCode: string; amount: Money; idempotencyKey: string }): Promise<{ providerReference: string; status: 'pending'; clientSecret?: string }> {
    const stripe = await this.clientFor(request.tenantCode);
    const intent = await stripe.paymentIntents.create(
      {
        amount: request.amount.amount,
        currency: request.amount.currency.toLowerCase(),
        capture_method: 'manual',
        automatic_payment_methods: { enabled: true },
        // Partial captures (one per shipment) need multicapture, which must be asked for now;
        // cards and accounts without it still authorize (see capture()).
        payment_method_options: { card: { request_multicapture: 'if_available' } },
        metadata: { paymentCode: request.paymentCode, orderCode: request.orderCode, tenant: request.tenantCode },
      },
      { idempotencyKey: request.idempotencyKey },
    );
    return { providerReference: intent.id, status: 'pending', clientSecret: intent.client_secret ?? undefined };
  }

  /**
   * A non-final capture uses Stripe's multicapture (`final_capture: false`) when the card has it.
   * Without it a PaymentIntent can be captured once only, and that capture releases whatever it
   * leaves: so the first capture takes everything still authorized (later shipments are then
   * already paid for, and their captures answer the total without calling Stripe), rather than
   * leaving the rest of the order impossible to charge.
   */
  async capture(request: { tenantCode: string; paymentCode: string; providerReference: string; amount: Money; final: boolean; idempotencyKey: string }): Promise<{ capturedTotal: number }> {
    const stripe = await this.clientFor(request.tenantCode);
    const intent = await stripe.paymentIntents.retrieve(request.providerReference, { expand: ['latest_charge'] });
    assertSameCurrency(intent.currency, request.amount);
    // Already captured for good (a retry, or a shipment after a capture of everything).
    if (intent.status === 'succeeded') return { capturedTotal: intent.amount_received };
    const multicapture = chargeOf(intent)?.payment_method_details?.card?.multicapture?.status === 'available';
    let params: Stripe.PaymentIntentCaptureParams;
    // final_capture may only be sent where multicapture is available; elsewhere a capture is always final.
    if (request.final) params = { amount_to_capture: request.amount.amount, ...(multicapture && { final_capture: true }) };
    else if (multicapture) params = { amount_to_capture: request.amount.amount, final_capture: false };
    else {
      logger.info('Stripe multicapture is not available for this payment: capturing all that is authorized', { tenantCode: request.tenantCode, paymentCode: request.paymentCode, requested: request.amount.amount, capturable: intent.amount_capturable });
      params = {};
    }
    const captured = await stripe.paymentIntents.capture(request.providerReference, params, { idempotencyKey: request.idempotencyKey });
    return { capturedTotal: captured.amount_received };
  }

  async cancelAuthorization(request: { tenantCode: string; paymentCode: string; providerReference: string; idempotencyKey: string }): Promise<{ status: 'voided' }> {
    const stripe = await this.clientFor(request.tenantCode);
    try {
      await stripe.paymentIntents.cancel(request.providerReference, {}, { idempotencyKey: request.idempotencyKey });
    } catch (error) {
      // Cancelled already (by an earlier call with another key, or in the dashboard): the goal is met.
      if ((error as { code?: string }).code !== 'payment_intent_unexpected_state') throw error;
      const intent = await stripe.paymentIntents.retrieve(request.providerReference);
      if (intent.status !== 'canceled') throw error;
    }
    return { status: 'voided' };
  }

  /**
   * The total refunded is read back from the PaymentIntent's charge (`amount_refunded`): Stripe
   * keeps that running total itself, so it counts refunds made in the dashboard too, and needs
   * no paging through a list of refunds.
   */
  async refund(request: { tenantCode: string; paymentCode: string; providerReference: string; amount: Money; idempotencyKey: string }): Promise<{ refundReference: string; status: 'succeeded' | 'pending'; refundedTotal: number }> {
    const stripe = await this.clientFor(request.tenantCode);
    const refund = await stripe.refunds.create(
      { payment_intent: request.providerReference, amount: request.amount.amount, metadata: { paymentCode: request.paymentCode } },
      { idempotencyKey: request.idempotencyKey },
    );
    const intent = await stripe.paymentIntents.retrieve(request.providerReference, { expand: ['latest_charge'] });
    return { refundReference: refund.id, status: refund.status === 'succeeded' ? 'succeeded' : 'pending', refundedTotal: chargeOf(intent)?.amount_refunded ?? refund.amount };
  }

  async fetchPayment(request: { tenantCode: string; providerReference: string }): Promise<ProviderPaymentState> {
    const stripe = await this.clientFor(request.tenantCode);
    const intent = await stripe.paymentIntents.retrieve(request.providerReference, { expand: ['latest_charge'] });
    return { status: paymentStatus(intent), capturedTotal: intent.amount_received, refundedTotal: chargeOf(intent)?.amount_refunded ?? 0 };
  }

  /**
   * Verified by the SDK against the shop's own endpoint secret, with `now` as the time of
   * receipt. Events about charges and disputes name only their PaymentIntent, whose metadata
   * holds our payment code (Stripe does not copy it onto the charge): that is one read.
   * Throws WebhookRejected, or IgnoredEvent for an event to acknowledge and drop.
   */
  async parseWebhook(tenantCode: string, rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now: Date): Promise<PaymentEvent> {
    const header = headers[this.signatureHeader];
    if (header === undefined || header === '') throw new WebhookRejected('missing_signature');
    if (typeof header !== 'string') throw new WebhookRejected('bad_signature');
    const credentials = await this.credentials.forTenant(tenantCode);
    if (!credentials) throw new WebhookRejected('not_configured');
    const stripe = await this.client(credentials);
    let event: Stripe.Event;
    try {
      event = stripe.webhooks.constructEvent(rawBody, header, credentials.webhookSecret, config().webhookToleranceSeconds, undefined, now.getTime());
    } catch (error) {
      if ((error as { type?: string }).type !== 'StripeSignatureVerificationError') throw new WebhookRejected('malformed');
      throw new WebhookRejected(STALE_SIGNATURE.test((error as Error).message) ? 'stale' : 'bad_signature');
    }
    if (event?.object !== 'event' || typeof event.id !== 'string' || typeof event.type !== 'string' || !event.data?.object) throw new WebhookRejected('malformed');
    return new StripeEventReader(stripe, tenantCode, event).read();
  }

  private async clientFor(tenantCode: string): Promise<Stripe> {
    const credentials = await this.credentials.forTenant(tenantCode);
    if (!credentials) throw new ProviderNotConfigured(this.name, tenantCode);
    return this.client(credentials);
  }

  private async client(credentials: StripeCredentials): Promise<Stripe> {
    const key = JSON.stringify([credentials.secretKey, credentials.apiHost, credentials.apiPort, credentials.apiProtocol]);
    let client = this.clients.get(key);
    if (!client) {
      const StripeSdk = await loadStripeSdk();
      client = new StripeSdk(credentials.secretKey, {
        host: credentials.apiHost,
        port: credentials.apiPort,
        protocol: credentials.apiProtocol,
        // Retries reuse the idempotency key; the API Lambda has 29 s in all.
        maxNetworkRetries: 2,
        timeout: 10_000,
        telemetry: false,
        appInfo: { name: 'shopstream' },
      });
      this.clients.set(key, client);
    }
    return client;
  }
}

/** One verified event turned into a PaymentEvent of this shop, or IgnoredEvent. */
class StripeEventReader {
  constructor(
    private readonly stripe: Stripe,
    private readonly tenantCode: string,
    private readonly event: Stripe.Event,
  ) {}

  async read(): Promise<PaymentEvent> {
    const object = this.event.data.object as unknown;
    switch (this.event.type) {
      case 'payment_intent.amount_capturable_updated': {
        const intent = object as Stripe.PaymentIntent;
        // Stripe also sends this when a partial capture or a cancel lowers what is capturable:
        // only the first rise is the authorization.
        if (intent.amount_capturable <= 0 || intent.amount_received > 0) this.ignore('not a new authorization');
        return this.fromIntent(intent, 'authorized', intent.amount_capturable);
      }
      case 'payment_intent.succeeded': {
        const intent = object as Stripe.PaymentIntent;
        return this.fromIntent(intent, 'captured', intent.amount_received);
      }
      case 'payment_intent.payment_failed':
        return this.fromIntent(object as Stripe.PaymentIntent, 'failed');
      case 'payment_intent.requires_action':
        return this.fromIntent(object as Stripe.PaymentIntent, 'requires_action');
      case 'payment_intent.canceled':
        return this.fromIntent(object as Stripe.PaymentIntent, 'voided');
      case 'charge.refunded': {
        const charge = object as Stripe.Charge;
        const intent = await this.intentOf(charge.payment_intent);
        return this.fromIntent(intent, 'refunded', charge.amount_refunded, charge.currency);
      }
      case 'charge.dispute.created': {
        const dispute = object as Stripe.Dispute;
        const intent = await this.intentOf(dispute.payment_intent);
        return { ...this.fromIntent(intent, 'disputed', dispute.amount, dispute.currency), disputeId: dispute.id };
      }
      default:
        return this.ignore('not an event type shopstream acts on');
    }
  }

  /** Our payment code from the PaymentIntent's metadata; a PaymentIntent of another app or shop is ignored. */
  private fromIntent(intent: Stripe.PaymentIntent, type: PaymentEvent['type'], amount = intent.amount, currency = intent.currency): PaymentEvent {
    const paymentCode = intent.metadata?.paymentCode;
    if (typeof paymentCode !== 'string' || !paymentCode) this.ignore('the PaymentIntent is not a shopstream payment');
    // Shops that share one Stripe account receive each other's events: never apply them here.
    if (intent.metadata.tenant !== this.tenantCode) this.ignore('the PaymentIntent belongs to another shop');
    if (typeof amount !== 'number' || typeof currency !== 'string') throw new WebhookRejected('malformed');
    return { eventId: this.event.id, type, paymentCode, providerReference: intent.id, amount: { amount, currency: currency.toUpperCase() } };
  }

  private async intentOf(reference: string | Stripe.PaymentIntent | null): Promise<Stripe.PaymentIntent> {
    if (reference && typeof reference === 'object') return reference;
    if (!reference) this.ignore('no PaymentIntent behind it');
    try {
      return await this.stripe.paymentIntents.retrieve(reference);
    } catch (error) {
      if ((error as { code?: string }).code === 'resource_missing') this.ignore('its PaymentIntent is not in this account');
      throw error;
    }
  }

  private ignore(why: string): never {
    throw new IgnoredEvent(this.event.id, this.event.type, why);
  }
}

/** What Stripe's PaymentIntent status means for our payment. */
export function paymentStatus(intent: Pick<Stripe.PaymentIntent, 'status' | 'last_payment_error'>): ProviderPaymentState['status'] {
  switch (intent.status) {
    case 'requires_payment_method':
    case 'requires_confirmation':
      // Back to requires_payment_method after a decline: the attempt failed (the shopper may retry).
      return intent.last_payment_error ? 'failed' : 'pending';
    case 'requires_action':
      return 'requires_action';
    case 'processing':
      return 'pending';
    case 'requires_capture':
      return 'authorized';
    case 'canceled':
      return 'voided';
    case 'succeeded':
      return 'captured';
    default:
      return 'pending';
  }
}

function chargeOf(intent: Stripe.PaymentIntent): Stripe.Charge | undefined {
  return intent.latest_charge && typeof intent.latest_charge === 'object' ? intent.latest_charge : undefined;
}

function assertSameCurrency(stripeCurrency: string, amount: Money): void {
  if (stripeCurrency.toUpperCase() !== amount.currency.toUpperCase()) throw new Error(`the Stripe payment is in ${stripeCurrency.toUpperCase()}, not ${amount.currency}`);
}
