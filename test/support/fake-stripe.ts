import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import type { StripeCredentials } from '../../src/modules/payment/stripe/stripe-credentials';

/**
 * A local stand-in for the few Stripe API endpoints the Stripe provider calls, on a free
 * loopback port: the SDK is pointed at it (`host`, `port`, `protocol: 'http'`), so tests run the
 * real SDK end to end and never reach the network. It speaks Stripe's wire format (form-encoded
 * requests, JSON objects and `{ error }` answers), keeps one set of objects per secret key (one
 * Stripe account each) and honours `Idempotency-Key` as Stripe does. The test plays the shopper
 * (`confirm`) and Stripe's webhook sender (`eventFor`, `sign`, `deliver`).
 */

type Params = Record<string, unknown>;
type Json = Record<string, any>;

interface Account {
  intents: Map<string, Json>;
  charges: Map<string, Json>;
  refunds: Map<string, Json>;
  disputes: Map<string, Json>;
  /** Idempotency key -> the request it was first used with and the answer then given. */
  idempotency: Map<string, { fingerprint: string; status: number; body: Json }>;
  /** The events Stripe would have sent this account's webhook endpoint, oldest first. */
  events: Json[];
  /** How many of them `deliverEvents` has sent. */
  delivered: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  secretKey: string;
  idempotencyKey?: string;
  params: Params;
}

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; message: string; code?: string; param?: string },
  ) {
    super(body.message);
  }
}

export class FakeStripe {
  /** Every API request received, oldest first. */
  readonly requests: RecordedRequest[] = [];
  /** The status the next refunds get (Stripe answers `pending` for some payment methods). */
  refundStatus: 'succeeded' | 'pending' = 'succeeded';
  private readonly accounts = new Map<string, Account>();
  private server?: Server;
  private port = 0;

  /** On `port` (a free one by default), loopback only. */
  async start(port = 0): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Credentials for the provider that send the SDK here instead of api.stripe.com. */
  credentials(secretKey: string, webhookSecret: string): StripeCredentials {
    return { secretKey, webhookSecret, apiHost: '127.0.0.1', apiPort: this.port, apiProtocol: 'http' };
  }

  paymentIntents(secretKey: string): Json[] {
    return [...this.account(secretKey).intents.values()].map(clone);
  }

  paymentIntent(secretKey: string, id: string): Json {
    return clone(this.found(this.account(secretKey).intents, id, 'payment_intent'));
  }

  charge(secretKey: string, id: string): Json {
    return clone(this.found(this.account(secretKey).charges, id, 'charge'));
  }

  /**
   * The shopper's side: confirms a PaymentIntent with a card. `succeed` leaves it authorized
   * (`requires_capture`), with multicapture available unless said otherwise; `decline` sends it
   * back to `requires_payment_method` with the decline as `last_payment_error`.
   */
  confirm(secretKey: string, id: string, outcome: 'succeed' | 'decline' | 'requires_action', options: { multicapture?: boolean } = {}): Json {
    const account = this.account(secretKey);
    const intent = this.found(account.intents, id, 'payment_intent');
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status)) throw new Error(`cannot confirm a PaymentIntent in status ${intent.status}`);
    intent.payment_method = newId('pm');
    if (outcome === 'requires_action') {
      Object.assign(intent, { status: 'requires_action', next_action: { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect' } } });
      this.emit(account, 'payment_intent.requires_action', intent);
      return clone(intent);
    }
    const charge = this.newCharge(account, intent, outcome === 'succeed', options.multicapture ?? true);
    intent.latest_charge = charge.id;
    intent.next_action = null;
    if (outcome === 'succeed') Object.assign(intent, { status: 'requires_capture', amount_capturable: intent.amount, last_payment_error: null });
    else {
      intent.status = 'requires_payment_method';
      intent.payment_method = null;
      intent.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', charge: charge.id, doc_url: 'https://stripe.com/docs/error-codes/card-declined' };
    }
    this.emit(account, outcome === 'succeed' ? 'charge.succeeded' : 'charge.failed', charge);
    this.emit(account, outcome === 'succeed' ? 'payment_intent.amount_capturable_updated' : 'payment_intent.payment_failed', intent);
    return clone(intent);
  }

  /** The cardholder's bank opens a chargeback on the PaymentIntent's charge. */
  dispute(secretKey: string, intentId: string, amount?: number): Json {
    const account = this.account(secretKey);
    const intent = this.found(account.intents, intentId, 'payment_intent');
    const charge = this.found(account.charges, intent.latest_charge, 'charge');
    charge.disputed = true;
    const dispute = {
      id: newId('dp'),
      object: 'dispute',
      amount: amount ?? charge.amount_captured,
      balance_transactions: [],
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      evidence_details: { due_by: nowSeconds() + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0 },
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: intent.id,
      reason: 'fraudulent',
      status: 'needs_response',
    };
    account.disputes.set(dispute.id, dispute);
    this.emit(account, 'charge.dispute.created', dispute);
    return clone(dispute);
  }

  /**
   * The events Stripe would have sent for what happened in this account, oldest first (the
   * payment-related ones of a card payment with manual capture; `since` skips the first ones).
   */
  events(secretKey: string, since = 0): Json[] {
    return this.account(secretKey).events.slice(since).map(clone);
  }

  /** An event as Stripe sends it: a snapshot of the object at the time of the event. */
  eventFor(type: string, object: Json, options: { created?: number; id?: string } = {}): Json {
    return {
      id: options.id ?? newId('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: options.created ?? nowSeconds(),
      data: { object: clone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
  }

  /** The raw body and the `Stripe-Signature` header Stripe would send, signed by the SDK. */
  sign(event: Json, webhookSecret: string, at: Date = new Date()): { payload: string; header: string } {
    const payload = JSON.stringify(event, null, 2);
    return { payload, header: this.signPayload(payload, webhookSecret, at) };
  }

  /** The `Stripe-Signature` header for any body (tests of bodies Stripe would never send). */
  signPayload(payload: string, webhookSecret: string, at: Date = new Date()): string {
    return Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret, timestamp: Math.floor(at.getTime() / 1000) });
  }

  /** POSTs a signed event to a webhook URL, as Stripe's webhook sender does. */
  async deliver(event: Json, url: string, webhookSecret: string, at?: Date): Promise<{ status: number; body: string }> {
    const { payload, header } = this.sign(event, webhookSecret, at);
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' }, body: payload });
    return { status: response.status, body: await response.text() };
  }

  /**
   * Sends the account's events not delivered yet, in order, to its webhook endpoint (what
   * `stripe listen --forward-to` does), when the test chooses: a whole-system test then knows
   * which of its calls the webhooks follow.
   */
  async deliverEvents(secretKey: string, url: string, webhookSecret: string): Promise<{ type: string; status: number; body: string }[]> {
    const account = this.account(secretKey);
    const results: { type: string; status: number; body: string }[] = [];
    while (account.delivered < account.events.length) {
      const event = account.events[account.delivered];
      // Counted once answered: an endpoint that is down gets the event on the next call.
      results.push({ type: event.type, ...(await this.deliver(event, url, webhookSecret)) });
      account.delivered += 1;
    }
    return results;
  }

  // ---- the API

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://fake-stripe');
    const method = request.method ?? 'GET';
    const secretKey = apiKey(request.headers.authorization);
    const idempotencyKey = header(request, 'idempotency-key');
    const params = decodeForm(method === 'GET' ? url.search.slice(1) : rawBody);
    const reply = (status: number, body: Json, replayed = false) => {
      response.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req'), ...(idempotencyKey && { 'idempotency-key': idempotencyKey }), ...(replayed && { 'idempotent-replayed': 'true' }) });
      response.end(JSON.stringify(body));
    };
    if (!secretKey) return reply(401, { error: { type: 'invalid_request_error', message: 'You did not provide an API key.' } });
    const control = /^\/_fake\/payment_intents\/([^/]+)\/(confirm|dispute)$/.exec(url.pathname);
    if (method === 'POST' && control) return this.control(secretKey, control[1], control[2], params, reply);
    this.requests.push({ method, path: url.pathname, secretKey, idempotencyKey, params });
    const account = this.account(secretKey);
    if (method === 'POST' && idempotencyKey) {
      const fingerprint = `${url.pathname} ${rawBody}`;
      const earlier = account.idempotency.get(idempotencyKey);
      if (earlier && earlier.fingerprint !== fingerprint) {
        return reply(400, { error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.` } });
      }
      if (earlier) return reply(earlier.status, earlier.body, true);
      const answer = this.answer(account, method, url.pathname, params);
      // Like Stripe: a request refused before it ran (invalid, unknown object) leaves the key unused.
      if (answer.status !== 400 && answer.status !== 404) account.idempotency.set(idempotencyKey, { fingerprint, ...answer });
      return reply(answer.status, answer.body);
    }
    const answer = this.answer(account, method, url.pathname, params);
    reply(answer.status, answer.body);
  }

  /**
   * The test-side controls over HTTP, for a fake run on its own (scripts/fake-stripe.ts):
   * `POST /_fake/payment_intents/<id>/confirm` with `outcome=succeed|decline|requires_action`
   * (and `multicapture=false`), `POST /_fake/payment_intents/<id>/dispute` with `amount`.
   */
  private control(secretKey: string, id: string, action: string, params: Params, reply: (status: number, body: Json) => void): void {
    try {
      if (action === 'dispute') return reply(200, this.dispute(secretKey, id, params.amount === undefined ? undefined : positiveInt(params.amount, 'amount')));
      const outcome = String(params.outcome ?? 'succeed');
      if (outcome !== 'succeed' && outcome !== 'decline' && outcome !== 'requires_action') throw invalid('outcome', 'outcome must be succeed, decline or requires_action');
      reply(200, this.confirm(secretKey, id, outcome, { multicapture: params.multicapture !== 'false' }));
    } catch (error) {
      if (error instanceof StripeApiError) return reply(error.status, { error: error.body });
      reply(400, { error: { type: 'invalid_request_error', message: (error as Error).message } });
    }
  }

  private answer(account: Account, method: string, path: string, params: Params): { status: number; body: Json } {
    try {
      return { status: 200, body: this.route(account, method, path, params) };
    } catch (error) {
      if (error instanceof StripeApiError) return { status: error.status, body: { error: error.body } };
      return { status: 500, body: { error: { type: 'api_error', message: (error as Error).message } } };
    }
  }

  private route(account: Account, method: string, path: string, params: Params): Json {
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/v1/payment_intents') return this.createIntent(account, params);
    if (method === 'GET' && (match = /^\/v1\/payment_intents\/([^/]+)$/.exec(path))) return this.expand(account, this.found(account.intents, match[1], 'intent'), params);
    if (method === 'POST' && (match = /^\/v1\/payment_intents\/([^/]+)\/capture$/.exec(path))) return this.capture(account, this.found(account.intents, match[1], 'intent'), params);
    if (method === 'POST' && (match = /^\/v1\/payment_intents\/([^/]+)\/cancel$/.exec(path))) return this.cancel(account, this.found(account.intents, match[1], 'intent'), params);
    if (method === 'POST' && path === '/v1/refunds') return this.createRefund(account, params);
    if (method === 'GET' && (match = /^\/v1\/charges\/([^/]+)$/.exec(path))) return clone(this.found(account.charges, match[1], 'charge'));
    throw new StripeApiError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` });
  }

  private createIntent(account: Account, params: Params): Json {
    const amount = positiveInt(params.amount, 'amount');
    const currency = String(params.currency ?? '');
    if (!/^[a-z]{3}$/.test(currency)) throw invalid('currency', `Invalid currency: ${currency}.`);
    const id = newId('pi');
    const card = (params.payment_method_options as Params | undefined)?.card as Params | undefined;
    const intent: Json = {
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: (params.automatic_payment_methods as Params | undefined)?.enabled === 'true' ? { allow_redirects: 'always', enabled: true } : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: params.capture_method ?? 'automatic_async',
      client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
      confirmation_method: 'automatic',
      created: nowSeconds(),
      currency,
      customer: null,
      description: null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: { ...((params.metadata as Params | undefined) ?? {}) },
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic', ...(card?.request_multicapture ? { request_multicapture: card.request_multicapture } : {}) } },
      payment_method_types: ['card'],
      processing: null,
      receipt_email: null,
      setup_future_usage: null,
      shipping: null,
      statement_descriptor: null,
      status: 'requires_payment_method',
      transfer_data: null,
      transfer_group: null,
    };
    account.intents.set(id, intent);
    this.emit(account, 'payment_intent.created', intent);
    return clone(intent);
  }

  private capture(account: Account, intent: Json, params: Params): Json {
    if (intent.status !== 'requires_capture') throw unexpectedState(intent, 'capture', ['requires_capture']);
    const charge = this.found(account.charges, intent.latest_charge, 'charge');
    const amount = params.amount_to_capture === undefined ? intent.amount_capturable : positiveInt(params.amount_to_capture, 'amount_to_capture');
    if (amount > intent.amount_capturable) throw invalid('amount_to_capture', `Amount to capture (${amount}) cannot be greater than the amount capturable (${intent.amount_capturable}).`, 'amount_too_large');
    const multicapture = charge.payment_method_details.card.multicapture.status === 'available';
    const final = params.final_capture !== 'false';
    if (params.final_capture !== undefined && !multicapture) throw invalid('final_capture', 'final_capture can only be used when multicapture is available for this PaymentIntent.');
    intent.amount_received += amount;
    charge.amount_captured += amount;
    charge.captured = true;
    if (final) {
      // What a final capture leaves is released back to the cardholder.
      Object.assign(intent, { amount_capturable: 0, status: 'succeeded' });
    } else intent.amount_capturable -= amount;
    this.emit(account, 'charge.captured', charge);
    this.emit(account, final ? 'payment_intent.succeeded' : 'payment_intent.amount_capturable_updated', intent);
    return this.expand(account, intent, params);
  }

  private cancel(account: Account, intent: Json, params: Params): Json {
    const cancellable = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
    if (!cancellable.includes(intent.status)) throw unexpectedState(intent, 'cancel', cancellable);
    Object.assign(intent, { status: 'canceled', canceled_at: nowSeconds(), cancellation_reason: params.cancellation_reason ?? null, amount_capturable: 0, next_action: null });
    this.emit(account, 'payment_intent.canceled', intent);
    return this.expand(account, intent, params);
  }

  private createRefund(account: Account, params: Params): Json {
    const intent = this.found(account.intents, String(params.payment_intent ?? ''), 'payment_intent');
    const charge = intent.latest_charge ? account.charges.get(intent.latest_charge) : undefined;
    if (!charge || charge.amount_captured === 0) {
      throw new StripeApiError(400, { type: 'invalid_request_error', code: 'charge_not_captured', message: `This PaymentIntent (${intent.id}) does not have a successful charge to refund.` });
    }
    const refundable = charge.amount_captured - charge.amount_refunded;
    const amount = params.amount === undefined ? refundable : positiveInt(params.amount, 'amount');
    if (refundable === 0) throw new StripeApiError(400, { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Charge ${charge.id} has already been refunded.` });
    if (amount > refundable) throw invalid('amount', `Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable})`, 'amount_too_large');
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount_captured;
    const refund = {
      id: newId('re'),
      object: 'refund',
      amount,
      balance_transaction: newId('txn'),
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      destination_details: { card: { type: 'refund' }, type: 'card' },
      metadata: { ...((params.metadata as Params | undefined) ?? {}) },
      payment_intent: intent.id,
      reason: params.reason ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: this.refundStatus,
      transfer_reversal: null,
    };
    account.refunds.set(refund.id, refund);
    this.emit(account, 'refund.created', refund);
    this.emit(account, 'charge.refunded', charge);
    return clone(refund);
  }

  private emit(account: Account, type: string, object: Json): void {
    account.events.push(this.eventFor(type, object));
  }

  private newCharge(account: Account, intent: Json, paid: boolean, multicapture: boolean): Json {
    const charge = {
      id: newId('ch'),
      object: 'charge',
      amount: intent.amount,
      amount_captured: 0,
      amount_refunded: 0,
      balance_transaction: null,
      captured: false,
      created: nowSeconds(),
      currency: intent.currency,
      customer: null,
      description: null,
      disputed: false,
      failure_code: paid ? null : 'card_declined',
      failure_message: paid ? null : 'Your card was declined.',
      livemode: false,
      // Stripe does not copy the PaymentIntent's metadata onto its charges.
      metadata: {},
      outcome: { network_status: paid ? 'approved_by_network' : 'declined_by_network', reason: paid ? null : 'generic_decline', risk_level: 'normal', seller_message: paid ? 'Payment complete.' : 'The bank did not return any further details with this decline.', type: paid ? 'authorized' : 'issuer_declined' },
      paid,
      payment_intent: intent.id,
      payment_method: intent.payment_method,
      payment_method_details: {
        card: { brand: 'visa', country: 'US', exp_month: 12, exp_year: 2034, funding: 'credit', last4: paid ? '4242' : '0002', multicapture: { status: multicapture ? 'available' : 'unavailable' }, network: 'visa' },
        type: 'card',
      },
      receipt_url: null,
      refunded: false,
      status: paid ? 'succeeded' : 'failed',
    };
    account.charges.set(charge.id, charge);
    return charge;
  }

  /** `expand[]=latest_charge`, the one expansion the provider asks for. */
  private expand(account: Account, intent: Json, params: Params): Json {
    const view = clone(intent);
    const expand = Array.isArray(params.expand) ? params.expand : [];
    if (expand.includes('latest_charge') && intent.latest_charge) view.latest_charge = clone(this.found(account.charges, intent.latest_charge, 'charge'));
    return view;
  }

  private found(objects: Map<string, Json>, id: string, param: string): Json {
    const object = objects.get(id);
    if (!object) throw new StripeApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${param === 'intent' ? 'payment_intent' : param}: '${id}'` });
    return object;
  }

  private account(secretKey: string): Account {
    let account = this.accounts.get(secretKey);
    if (!account) {
      account = { intents: new Map(), charges: new Map(), refunds: new Map(), disputes: new Map(), idempotency: new Map(), events: [], delivered: 0 };
      this.accounts.set(secretKey, account);
    }
    return account;
  }
}

/** Stripe's form encoding (`a[b][c]=v`, `list[0]=v`) back into nested objects and arrays; values stay strings. */
export function decodeForm(body: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]$/, '').split(/\]?\[/);
    let node: any = root;
    parts.forEach((part, index) => {
      const last = index === parts.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(parts[index + 1]);
      const slot = Array.isArray(node) && part === '' ? node.length : part;
      if (last) node[slot] = value;
      else node = node[slot] ??= nextIsIndex ? [] : {};
    });
  }
  return root;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
/** Stripe takes the secret key as a bearer token or as the user name of basic auth (`curl -u sk_test_...:`). */
function apiKey(authorization = ''): string | undefined {
  const bearer = /^Bearer (\S+)$/.exec(authorization)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic (\S+)$/.exec(authorization)?.[1];
  return basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] || undefined : undefined;
}

const header = (request: IncomingMessage, name: string) => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

function positiveInt(raw: unknown, param: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw invalid(param, `Invalid positive integer: ${String(raw)}`, 'parameter_invalid_integer');
  return value;
}

function invalid(param: string, message: string, code = 'parameter_invalid'): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', code, param, message });
}

function unexpectedState(intent: Json, action: string, allowed: string[]): StripeApiError {
  return new StripeApiError(400, {
    type: 'invalid_request_error',
    code: 'payment_intent_unexpected_state',
    message: `This PaymentIntent could not be ${action === 'capture' ? 'captured' : 'canceled'} because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be ${action === 'capture' ? 'captured' : 'canceled'}: ${allowed.join(', ')}.`,
  });
}
