import { Injectable } from '@nestjs/common';
import { DataSyncHandler, OnApplied, SyncedChange } from '../../core/sync/data-sync-handler';
import { TenantContext } from '../../core/tenant-context';
import { CART_ENTITY, CartAttributes } from '../cart';
import { Mail } from './notification.model';
import { NotificationOutbox } from './notification.outbox';

/**
 * One reminder mail per cart, ever (message id `cart-<id>.reminder`), when a cart with an email
 * is abandoned in a shop that allows reminders. Fixed words and figures only. No `down`: a sent
 * mail cannot be taken back.
 */
@OnApplied(CART_ENTITY, 'notification.cart-reminder')
@Injectable()
export class CartReminderSyncHandler implements DataSyncHandler<CartAttributes> {
  constructor(
    private readonly outbox: NotificationOutbox,
  ) {}

  async up(ctx: TenantContext, { current }: SyncedChange<CartAttributes>): Promise<void> {
    const cart = current.attributes;
    if (cart.status !== 'abandoned' || !cart.reminder || !cart.email) return;
    // The message id is the cart's, not the version's: a cart abandoned a second time may be
    // a first application of its version and still have had its reminder. Claim, then send.
    // A cart's email was typed by the shopper, never verified: capped per recipient.
    await this.outbox.deliver(ctx, `cart-${current.code}.reminder`, 'cart.abandoned', reminderMail(current.code, cart), { unverifiedRecipient: true });
  }
}

function reminderMail(code: string, cart: CartAttributes): Mail {
  const total = `${(cart.totals.total.amount / 100).toFixed(2)} ${cart.totals.total.currency}`;
  return {
    to: cart.email,
    subject: 'You left something in your cart',
    body: [`Your cart ${code} still holds:`, '', ...cart.lines.map((l) => `  ${l.quantity} x ${l.name} (${l.sku})`), '', `Total: ${total}`].join('\n'),
  };
}
