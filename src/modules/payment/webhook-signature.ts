import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookRejected } from './payment.provider';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`: the test PSP's signature header. */
export function signWebhook(secret: string, rawBody: string | Buffer, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, t, rawBody)}`;
}

/** Throws WebhookRejected unless the header signs exactly these bytes, recently enough. */
export function verifyWebhook(secret: string, rawBody: Buffer, header: string | undefined, now: Date, toleranceSeconds: number): void {
  if (!header) throw new WebhookRejected('missing_signature');
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || !/^[0-9a-f]{64}$/.test(parts.v1)) throw new WebhookRejected('bad_signature');
  const expected = Buffer.from(hmac(secret, t, rawBody), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'))) throw new WebhookRejected('bad_signature');
  // Reason: a captured request replayed later is refused, even with a valid signature.
  if (Math.abs(Math.floor(now.getTime() / 1000) - t) > toleranceSeconds) throw new WebhookRejected('stale');
}

function hmac(secret: string, t: number, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex');
}
