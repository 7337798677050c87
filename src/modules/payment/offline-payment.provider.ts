import { logger } from '../../core/logger';
import { PaymentProvider, ProviderPaymentState, WebhookRejected } from './payment.provider';

/** The provider name of payments staff record by hand (`POST /orders/:code/offline-payment`). */
export const OFFLINE_PROVIDER = 'offline';

/**
 * Money that moved outside shopstream (a bank transfer). Its payments are recorded with the
 * money already taken (authorization and capture), so the saga never asks to authorize or
 * capture; it has no webhooks and is never a shop's provider. A refund (a cancel, a return) is
 * booked at once and paid back by the shop the way the money came: the log says so.
 */
export class OfflinePaymentProvider implements PaymentProvider {
  readonly name = OFFLINE_PROVIDER;
  readonly signatureHeader = '';

  createAuthorization(): Promise<never> {
    return Promise.reject(new Error('an offline payment is recorded by staff, never started'));
  }

  async cancelAuthorization(): Promise<{ status: 'voided' }> {
    return { status: 'voided' };
  }

  capture(): Promise<never> {
    return Promise.reject(new Error('an offline payment is recorded captured: there is nothing left to capture'));
  }

  async refund(request: { tenantCode: string; paymentCode: string; amount: { amount: number; currency: string }; idempotencyKey: string }) {
    logger.warn('an offline payment was refunded: the shop pays it back outside shopstream', { tenant: request.tenantCode, payment: request.paymentCode, amount: request.amount });
    return { refundReference: `offline.${request.idempotencyKey.split(':').pop()}`, status: 'succeeded' as const, refundedTotal: 0 };
  }

  fetchPayment(): Promise<ProviderPaymentState> {
    return Promise.reject(new Error('an offline payment is never open: nothing to ask'));
  }

  parseWebhook(): Promise<never> {
    return Promise.reject(new WebhookRejected('not_configured'));
  }
}
