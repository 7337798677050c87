/**
 * Stripe's Payment Element behind a small adapter: Stripe.js is loaded from js.stripe.com only
 * when a shop that uses Stripe takes a payment (it cannot load in the local stack or the browser
 * tests; the Stripe path is tested at the API level against the fake, the browser path with the
 * test provider). The shop's Stripe publishable key comes with the shop's config.
 */
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../../shared/ui/button';
import { t } from '../strings';
import { Notice } from './parts';

interface StripeElements {
  create(kind: 'payment'): { mount(element: HTMLElement): void; destroy(): void };
}
interface StripeJs {
  elements(options: { clientSecret: string }): StripeElements;
  confirmPayment(options: { elements: StripeElements; confirmParams: { return_url: string } }): Promise<{ error?: { message?: string } }>;
}
declare global {
  interface Window {
    Stripe?: (key: string) => StripeJs;
  }
}

let loading: Promise<void> | undefined;
function loadStripe(): Promise<void> {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'https://js.stripe.com/v3/';
    script.onload = () => resolve();
    script.onerror = () => {
      loading = undefined;
      reject(new Error('Stripe.js did not load'));
    };
    document.head.appendChild(script);
  });
  return loading;
}

export function StripePayment({ publishableKey, clientSecret, returnTo, label }: { publishableKey?: string; clientSecret: string; returnTo: string; label: string }) {
  const mount = useRef<HTMLDivElement>(null);
  const [stripe, setStripe] = useState<{ js: StripeJs; elements: StripeElements }>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let element: { destroy(): void } | undefined;
    if (!publishableKey) return setError(t('checkout.stripeUnavailable'));
    loadStripe()
      .then(() => {
        const js = window.Stripe!(publishableKey);
        const elements = js.elements({ clientSecret });
        const payment = elements.create('payment');
        payment.mount(mount.current!);
        element = payment;
        setStripe({ js, elements });
      })
      .catch(() => setError(t('checkout.stripeUnavailable')));
    return () => element?.destroy();
  }, [publishableKey, clientSecret]);
  return (
    <div className="flex flex-col gap-3">
      <div ref={mount} />
      {error && <Notice tone="error">{error}</Notice>}
      <div>
        <Button
          disabled={!stripe}
          onClick={() => {
            void stripe!.js.confirmPayment({ elements: stripe!.elements, confirmParams: { return_url: returnTo } }).then((result) => result.error && setError(result.error.message ?? t('checkout.stripeUnavailable')));
          }}
        >
          {label}
        </Button>
      </div>
    </div>
  );
}
