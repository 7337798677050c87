import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../auth/auth.decorators';
import { ApiErrors, ApiErrorsDescribed } from '../../http/api-errors';
import { WebhookReceiptResponse } from './dto/payment.response';
import { PaymentWebhooks } from './payment-webhooks';

/**
 * Payment providers' webhooks: public, the signature over the raw body is the only
 * authentication. Each tenant has its own URL (and secret); payment-webhooks.ts does the rest.
 */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhookController {
  constructor(private readonly webhooks: PaymentWebhooks) {}

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
    return this.webhooks.receive(providerName, tenantCode, request.rawBody ?? Buffer.alloc(0), request.headers);
  }
}
