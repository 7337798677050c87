import { Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { ulid } from 'ulid';
import { config } from '../../config';
import { UnauthorizedError, ValidationFailedError } from '../../core/errors';
import { logger } from '../../core/logger';
import { RateLimits } from '../../core/rate-limits';
import { systemActorContext } from '../../core/tenant-context';
import { TenantDirectory } from '../tenant';
import { IgnoredEvent, WebhookRejected } from './payment.provider';
import { EventOutcome, PaymentService } from './payment.service';

const TENANT = /^[a-z0-9][a-z0-9-]{1,39}$/;

const invalidSignature = () => new UnauthorizedError('invalid webhook signature');

/**
 * A provider's webhook, from its raw bytes to the ledger: the one path every webhook takes, the
 * HTTP route's (webhook.controller.ts) and the local test PSP's hosted page's (which sends its
 * signed webhook here, as `npm run pay` sends it over HTTP). Nothing is written for a request
 * that is not signed right, recently, for a shop that exists.
 */
@Injectable()
export class PaymentWebhooks {
  constructor(
    private readonly payments: PaymentService,
    private readonly tenants: TenantDirectory,
    private readonly rateLimits: RateLimits,
  ) {}

  async receive(providerName: string, tenantCode: string, rawBody: Buffer, headers: IncomingHttpHeaders): Promise<{ received: true; outcome: EventOutcome | 'ignored' }> {
    const provider = this.payments.providers.get(providerName);
    if (!provider) throw new ValidationFailedError([{ field: 'provider', problem: `no payment provider ${providerName}` }]);
    // An unknown or disabled shop, or one without an account of this provider, answers exactly
    // as a wrong signature does: the URL must not tell anyone which shop codes exist.
    if (!TENANT.test(tenantCode) || !(await this.tenants.isActive(tenantCode))) throw invalidSignature();
    let event;
    try {
      event = await provider.parseWebhook(tenantCode, rawBody, headers, new Date());
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
