import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { ForbiddenError } from '../../core/errors';
import { userKeyPart } from '../../core/keys';
import { mailboxKeyPart, normalizeMailbox } from '../../core/mailbox';
import { MAX_PAGE_SIZE } from '../../core/pagination';
import { CONTENDED_WRITE, retryOnConflict } from '../../core/retry';
import { DATA_INDEXES } from '../../core/tables';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { claimedOrderKey, claimedOrdersPrefix, guestEmailOrdersGroup, ORDER_ENTITY, orderIndexes } from './order.keys';
import { OrderAttributes } from './order.model';

export interface ClaimedGuestOrders {
  /** Claimed by this call. */
  claimed: string[];
  /** Every guest order this customer has claimed. */
  orders: string[];
}

/**
 * A signed-in customer takes over the guest orders of their shop placed with their verified
 * email. Candidates come from the owner index's group of that mailbox (no scan; it lags the
 * stream), and each is claimed by a new order version written on the newest command, whose
 * change re-checks that it is still an unclaimed guest order of that mailbox, together with a
 * CLAIMEDORDER item that the answer lists. A repeat finds nothing new and answers the same orders.
 */
@Injectable()
export class GuestOrderClaims {
  constructor(
    private readonly commands: CommandService,
    private readonly data: DataService,
    private readonly items: TenantItemStore,
  ) {}

  async claim(ctx: TenantContext): Promise<ClaimedGuestOrders> {
    // The token verifier passes `email` only when the identity provider verified it.
    const email = ctx.email;
    if (!email) throw new ForbiddenError('claiming guest orders needs a verified email in your token', { reason: 'email_not_verified' });
    const claimed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.data.listIndexed<OrderAttributes>(ctx, DATA_INDEXES.byOwner, guestEmailOrdersGroup(mailboxKeyPart(email)), { cursor, limit: MAX_PAGE_SIZE });
      for (const candidate of page.items) if (await this.claimOne(ctx, candidate.code, email)) claimed.push(candidate.code);
      cursor = page.cursor;
    } while (cursor);
    return { claimed: claimed.sort(), orders: await this.claimedBy(ctx) };
  }

  /** True when this call made the order the customer's; false when it was not (or no longer) an unclaimed guest order of that mailbox. */
  private async claimOne(ctx: TenantContext, code: string, email: string): Promise<boolean> {
    return retryOnConflict(CONTENDED_WRITE, async () => {
      const latest = await this.commands.getLatest<OrderAttributes>(ctx, ORDER_ENTITY, code);
      if (!latest || !claimable(latest.attributes, email)) return false;
      await this.commands.update<OrderAttributes>(ctx, ORDER_ENTITY, code, latest.version, (current) => {
        const attributes: OrderAttributes = { ...current.attributes, claimedBy: ctx.userId, claimedAt: new Date().toISOString() };
        return {
          name: current.name,
          attributes,
          indexes: orderIndexes(ctx, code, attributes),
          alsoWrite: [{ put: { sk: claimedOrderKey(userKeyPart(ctx.userId), code), orderCode: code, customerId: ctx.userId, claimedAt: attributes.claimedAt } }],
        };
      });
      return true;
    });
  }

  private async claimedBy(ctx: TenantContext): Promise<string[]> {
    const codes: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.items.list<{ orderCode: string }>(ctx, claimedOrdersPrefix(userKeyPart(ctx.userId)), { cursor, limit: MAX_PAGE_SIZE });
      codes.push(...page.items.map((i) => i.orderCode));
      cursor = page.cursor;
    } while (cursor);
    return codes.sort();
  }
}

/** Still a guest's order, nobody's yet, placed with this mailbox (`Ada+shop@` is `ada@`'s, as for every per-person limit). */
function claimable(order: OrderAttributes, email: string): boolean {
  return !!order.guest && !order.claimedBy && !!order.customerEmail && normalizeMailbox(order.customerEmail) === normalizeMailbox(email);
}
