import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { ConflictError, NotFoundError, VersionConflictError } from '../../core/errors';
import { userKeyPart } from '../../core/keys';
import { OWNER_EDIT, retryOnConflict } from '../../core/retry';
import { TenantContext } from '../../core/tenant-context';
import { VariantCatalog } from '../catalog';
import { MAX_WISHES, Wish, WISHLIST_ENTITY, WishlistAttributes } from './wishlist.model';

/** Only the lost race is tried again (a full wishlist's 409 is an answer); past OWNER_EDIT's tries the 409 of the last, with the current version. */
const LOST_RACE = { ...OWNER_EDIT, retryOn: (error: unknown) => error instanceof VersionConflictError };

/**
 * A customer's saved variants: one versioned entity per customer. A change reads the newest
 * version and publishes the next one holding it (a race with the customer's other tab retries).
 */
@Injectable()
export class WishlistService {
  constructor(
    private readonly commands: CommandService,
    private readonly variants: VariantCatalog,
  ) {}

  async get(ctx: TenantContext): Promise<{ version: number; items: Wish[] }> {
    const list = await this.commands.getLatest<WishlistAttributes>(ctx, WISHLIST_ENTITY, userKeyPart(ctx.userId));
    return { version: list?.version ?? 0, items: list?.attributes.items ?? [] };
  }

  async put(ctx: TenantContext, sku: string, notify: boolean): Promise<{ version: number; items: Wish[] }> {
    const variant = (await this.variants.variants(ctx, [sku])).get(sku);
    // A hidden product's SKU answers as an unknown one does: the shop has not shown it to anyone.
    if (!variant?.active) throw new NotFoundError('variant', sku);
    return this.change(ctx, (items) => {
      const kept = items.filter((w) => w.sku !== sku);
      if (kept.length >= MAX_WISHES) throw new ConflictError(`a wishlist holds at most ${MAX_WISHES} variants`, { limit: 'maxWishes' });
      const before = items.find((w) => w.sku === sku);
      return [...kept, { sku, notify, addedAt: before?.addedAt ?? new Date().toISOString() }];
    });
  }

  async remove(ctx: TenantContext, sku: string): Promise<{ version: number; items: Wish[] }> {
    return this.change(ctx, (items) => items.filter((w) => w.sku !== sku));
  }

  private async change(ctx: TenantContext, edit: (items: Wish[]) => Wish[]): Promise<{ version: number; items: Wish[] }> {
    const code = userKeyPart(ctx.userId);
    return retryOnConflict(LOST_RACE, async () => {
      const current = await this.commands.getLatest<WishlistAttributes>(ctx, WISHLIST_ENTITY, code);
      const items = edit(current?.attributes.items ?? []);
      const attributes: WishlistAttributes = { customerId: ctx.userId, ...(ctx.email ? { email: ctx.email } : {}), items };
      // Read from the command table just now: the version is held, the write is one conditional put.
      const next = await this.commands.publish(ctx, { type: WISHLIST_ENTITY, code, attributes }, { expectedVersion: current?.version ?? 0, ...(current ? { holding: current } : {}) });
      return { version: next.version, items: next.attributes.items };
    });
  }
}
