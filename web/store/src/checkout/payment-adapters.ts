/**
 * How the shopper finishes a started payment, per provider: the test provider's (and any hosted)
 * page is a redirect to `redirectUrl`, which sends them back to the returnUrl; Stripe confirms in
 * the page with its Payment Element (stripe.tsx). A provider that needs neither (the local PSP
 * played by `npm run pay`) is simply waited for.
 */
import type { Schemas } from '../../../shared/api/client';

export type Payment = Schemas['Payment'];

export type NextStep = { kind: 'redirect'; url: string } | { kind: 'stripe'; clientSecret: string } | { kind: 'wait' };

export function nextStep(payment: Payment): NextStep {
  const { attributes } = payment;
  if (attributes.redirectUrl) return { kind: 'redirect', url: attributes.redirectUrl };
  if (attributes.provider === 'stripe' && attributes.clientSecret) return { kind: 'stripe', clientSecret: attributes.clientSecret };
  return { kind: 'wait' };
}

/** Where the provider's page sends the shopper back: this app's page, with nothing secret in it. */
export const returnUrl = (path: string) => new URL(path, location.origin).toString();
