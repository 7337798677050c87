/** Any failed call in words for the shopper: never a status code or a raw body. */
import { ApiError } from '../../../shared/api/errors';
import { t } from '../strings';

export function explain(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return t('checkout.tooMany', { seconds: (error.body as { retryAfterSeconds?: number }).retryAfterSeconds ?? 60 });
    if (error.reason === 'payment_attempts_exhausted') return t('checkout.paymentsExhausted');
    if (error.reason === 'no_payment_provider') return t('checkout.noProvider');
    if (error.status === 409 && error.body.currentVersion !== undefined && !error.reason) return t('checkout.conflict');
    // The API's message is written for people (ErrorResponse.message).
    return t('checkout.failed', { message: error.message });
  }
  return t('checkout.failed', { message: error instanceof Error ? error.message : String(error) });
}
