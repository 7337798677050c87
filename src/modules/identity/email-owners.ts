import { Injectable } from '@nestjs/common';
import { cancellationReasons } from '../../core/dynamo';
import { sortKey } from '../../core/keys';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { addressKeyPart } from './auth-limits';
import { tenantUsername } from './identity-pool';

/**
 * Which pool user an address of the shop names, once an address has changed. Cognito usernames
 * are immutable and ours are `<tenant>#<email>`, so a person who changes their address keeps
 * their username (and with it their `sub`, the key of their account, profile and orders) and
 * only the `email` attribute moves; this item, `EMAILOWNER#<digest of the address>`, then says
 * that the new address signs in as the old username, and that the old address is `retired`
 * (its username belongs to someone who left it: it signs in no more). An address without an
 * item is the username it spells, as before any change. Kept in our table rather than a
 * Cognito attribute because only our conditional write can make the claim unique per shop.
 */
interface EmailOwner {
  username: string;
  userId: string;
  retired?: boolean;
}

/** How an address signs in: its username, and whether it was left by a change of address. */
export interface ResolvedAddress {
  username: string;
  retired: boolean;
}

@Injectable()
export class EmailOwners {
  constructor(private readonly items: TenantItemStore) {}

  async resolve(ctx: TenantContext, email: string): Promise<ResolvedAddress> {
    const owner = await this.items.get<EmailOwner>(ctx, ownerKey(email));
    return owner ? { username: owner.username, retired: owner.retired === true } : { username: tenantUsername(ctx.tenantCode, email), retired: false };
  }

  /** Whether someone other than `userId` holds `email` through a claim (a retired one included: its username still exists). */
  async heldByOther(ctx: TenantContext, email: string, userId: string): Promise<boolean> {
    const owner = await this.items.get<EmailOwner>(ctx, ownerKey(email));
    return owner !== undefined && owner.userId !== userId;
  }

  /**
   * Moves `userId` from `from` to `to` in one conditional transaction: `to` is claimed unless
   * another person holds it (false then, nothing written), `from` is retired. A retry by the
   * same person passes the condition again.
   */
  async move(ctx: TenantContext, input: { userId: string; username: string; from: string; to: string }): Promise<boolean> {
    try {
      await this.items.transact(ctx, [
        {
          put: { sk: ownerKey(input.to), username: input.username, userId: input.userId },
          condition: 'attribute_not_exists(sk) OR userId = :me',
          values: { ':me': input.userId },
        },
        { put: { sk: ownerKey(input.from), username: input.username, userId: input.userId, retired: true } },
      ]);
      return true;
    } catch (error) {
      // The claim's condition failed (another person holds it); other cancellations are thrown.
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }
}

function ownerKey(email: string): string {
  return sortKey('EMAILOWNER', addressKeyPart(email));
}
