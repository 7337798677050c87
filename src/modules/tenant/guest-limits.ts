import { UNKNOWN_CLIENT } from '../../core/client-address';
import { mailboxKeyPart } from '../../core/mailbox';
import { RateCount } from '../../core/rate-limits';
import { hasRole, TenantContext } from '../../core/tenant-context';
import { TenantLimits } from './tenant.model';

const MINUTE_SECONDS = 60;
const HOUR_SECONDS = 3600;

/** The storefront actions a guest is counted for, each with its per-client limit. */
const PER_CLIENT = {
  carts: 'guestCartsPerClientPerMinute',
  checkouts: 'guestCheckoutsPerClientPerMinute',
  payments: 'guestPaymentsPerClientPerMinute',
} as const satisfies Record<string, keyof TenantLimits>;

export type GuestAction = keyof typeof PER_CLIENT;

/**
 * What one storefront action of a guest counts against (RateLimits): the client it came from,
 * per minute, and the publishable key it came with, a ceiling for the whole shop (every shopper
 * shares the key). Token holders count nothing here: a customer is counted by who they are.
 */
export function guestActionCounts(ctx: TenantContext, limits: TenantLimits, action: GuestAction): RateCount[] {
  if (!hasRole(ctx, 'guest')) return [];
  const perClient = PER_CLIENT[action];
  return [
    { bucket: `${action}.client.${ctx.client ?? UNKNOWN_CLIENT}`, rule: { name: perClient, limit: limits[perClient], windowSeconds: MINUTE_SECONDS } },
    ...(ctx.publishableKeyId
      ? [{ bucket: `guests.key.${ctx.publishableKeyId}`, rule: { name: 'guestActionsPerKeyPerMinute', limit: limits.guestActionsPerKeyPerMinute, windowSeconds: MINUTE_SECONDS } }]
      : []),
  ];
}

/**
 * A guest's orders per normalized mailbox, limited as a customer's actions are
 * (`customerActionsPerHour`): each order mails the address, which nobody verified.
 */
export function guestOrderCount(email: string, limits: TenantLimits): RateCount {
  return { bucket: `guestorders.${mailboxKeyPart(email)}`, rule: { name: 'customerActionsPerHour', limit: limits.customerActionsPerHour, windowSeconds: HOUR_SECONDS } };
}

/** Mails to one unverified address per hour (`mailsPerRecipientPerHour`), counted by normalized mailbox. */
export function recipientMailCount(email: string, limits: TenantLimits): RateCount {
  return { bucket: `mails.${mailboxKeyPart(email)}`, rule: { name: 'mailsPerRecipientPerHour', limit: limits.mailsPerRecipientPerHour, windowSeconds: HOUR_SECONDS } };
}
