import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ulid } from 'ulid';
import { Public } from '../../auth/auth.decorators';
import { UnauthorizedError, ValidationFailedError } from '../../core/errors';
import { systemActorContext } from '../../core/tenant-context';
import { ApiErrors, ApiErrorsDescribed } from '../../http/api-errors';
import { config } from '../../config';
import { logger } from '../../core/logger';
import { RateLimits } from '../../core/rate-limits';
import { TenantDirectory } from '../tenant';
import { WebhookReceiptResponse } from './dto/payment.response';
import { IgnoredEvent, WebhookRejected } from './payment.provider';
import { PaymentService } from './payment.service';

const TENANT = /^[a-z0-9][a-z0-9-]{1,39}$/;

const invalidSignature = () => new UnauthorizedError('invalid webhook signature');

/**
 * Payment providers' webhooks: public, the signature over the raw body is the only
 * authentication. Each tenant has its own URL (and secret). Nothing is written for a request
 * that is not signed right, recently, for a shop that exists.
 */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhookController {
  constructor(
    private readonly payments: PaymentService,
    private readonly tenants: TenantDirectory,
    private readonly rateLimits: RateLimits,
  ) {}

  @Post(':provider/:tenant')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "A payment provider's signed event for one shop: provider `test` signs with x-test-psp-signature: t=<unix>,v1=<HMAC-SHA256 of \"t.body\">, provider `stripe` with Stripe-Signature (the shop's endpoint secret)",
  })
  @ApiResponse({
    status: 200,
    description:
      'Received (the provider stops retrying): `applied` once; `duplicate` (this event id was seen) or `stale` (tells the ledger nothing new), both changing nothing; ' +
      '`ignored`: a signed, well-formed event of a type shopstream does not act on (or, from Stripe, about a PaymentIntent that is not this shop\'s)',
    type: WebhookReceiptResponse,
  })
  @ApiErrorsDescribed({
    400: 'No such provider (`provider`); once the signature holds: a body that is not an event of this provider or a signature too old (`body`), or an event about a payment this shop does not have (`data.metadata.paymentCode`)',
    401: "Missing or invalid webhook signature: the provider's signature header over the raw body, with this shop's secret (no bearer token or publishable key is involved). " +
      'An unknown or disabled shop, or one without an account of the provider, gets this same answer (`invalid webhook signature`): never 400 or 404, so the URL tells no one which shops exist',
    409: 'The payment kept changing while the event was applied; the provider retries it',
    429: "Too many verified webhooks for this shop and provider this minute (WEBHOOKS_PER_MINUTE, 1200 by default; `limit`, `retryAfterSeconds`): the provider retries later",
  })
  @ApiErrors(413, 504)
  async receive(@Param('provider') providerName: string, @Param('tenant') tenantCode: string, @Req() request: Request & { rawBody?: Buffer }) {
    const provider = this.payments.providers.get(providerName);
    if (!provider) throw new ValidationFailedError([{ field: 'provider', problem: `no payment provider ${providerName}` }]);
    // An unknown or disabled shop, or one without an account of this provider, answers exactly
    // as a wrong signature does: the URL must not tell anyone which shop codes exist.
    if (!TENANT.test(tenantCode) || !(await this.tenants.isActive(tenantCode))) throw invalidSignature();
    let event;
    try {
      event = await provider.parseWebhook(tenantCode, request.rawBody ?? Buffer.alloc(0), request.headers, new Date());
    } catch (error) {
      if (error instanceof IgnoredEvent) return { received: true, outcome: 'ignored' };
      if (!(error instanceof WebhookRejected)) throw error;
      if (error.reason === 'missing_signature' || error.reason === 'bad_signature') throw invalidSignature();
      if (error.reason === 'not_configured') {
        // The shop's operator needs to know; the caller may not.
        logger.warn('webhook for a shop without an account of the provider', { tenant: tenantCode, provider: providerName });
        throw invalidSignature();
      }
      // From here on the signature held: the sender knows the shop's secret.
      throw new ValidationFailedError([{ field: 'body', problem: error.reason === 'stale' ? 'the signature is too old' : 'not an event of this provider' }]);
    }
    const ctx = systemActorContext(tenantCode, `webhook:${providerName}`, ulid());
    // Counted once verified: unsigned floods cost a hash each and no write (the edge throttles them).
    await this.rateLimits.consume(ctx, `webhooks.${providerName}`, { name: 'webhooksPerMinute', limit: config().webhooksPerMinute, windowSeconds: 60 });
    return { received: true, outcome: await this.payments.applyEvent(ctx, providerName, event) };
  }
}
