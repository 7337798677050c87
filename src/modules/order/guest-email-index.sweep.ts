import { Injectable } from '@nestjs/common';
import { isConditionFailure } from '../../core/dynamo';
import { sortKey, sortKeyPrefix } from '../../core/keys';
import { logger } from '../../core/logger';
import { MAX_PAGE_SIZE } from '../../core/pagination';
import { Sweep, TenantSweep } from '../../core/sweep';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { ORDER_ENTITY, orderIndexes } from './order.keys';
import { OrderAttributes } from './order.model';

/** Where the backfill of a shop stands: `cursor` between runs, `done` once every order was seen. */
const PROGRESS = sortKey('BACKFILL', 'guest-email-index');

interface StoredOrder {
  type?: string;
  code: string;
  version: number;
  attributes?: OrderAttributes;
  gsi1pk?: string;
}

/**
 * Guest orders placed before an unclaimed guest order was listed in its mailbox's group of the
 * owner index (`GUESTEMAIL#<mailbox>`) have no owner index keys, so a claim, which reads only
 * that group, never finds them. Once per shop this pages through the shop's orders in the data
 * table and gives each such order the keys `orderIndexes` gives its applied version, on the
 * condition that this version is still the applied one and the item still has none (a newer
 * version carries its own keys: nothing to do). A page's cursor is kept between runs, so a shop
 * with many orders is done over several runs; then one read per run.
 */
@Sweep('order.guest-email-index')
@Injectable()
export class GuestEmailIndexBackfill implements TenantSweep {
  constructor(private readonly items: TenantItemStore) {}

  async run(ctx: TenantContext): Promise<void> {
    const progress = await this.items.get<{ done?: boolean; cursor?: string }>(ctx, PROGRESS);
    if (progress?.done) return;
    const page = await this.items.list<StoredOrder>(ctx, sortKeyPrefix(ORDER_ENTITY), { cursor: progress?.cursor, limit: MAX_PAGE_SIZE });
    let listed = 0;
    for (const order of page.items) if (await this.list(ctx, order)) listed += 1;
    if (listed) logger.info('listed guest orders in their mailbox group', { tenant: ctx.tenantCode, orders: listed });
    await this.items.update(ctx, PROGRESS, page.cursor ? 'SET #cursor = :cursor' : 'SET done = :done REMOVE #cursor', page.cursor ? { ':cursor': page.cursor } : { ':done': true }, { '#cursor': 'cursor' });
  }

  private async list(ctx: TenantContext, order: StoredOrder): Promise<boolean> {
    if (order.type !== ORDER_ENTITY || !order.attributes?.guest || order.gsi1pk) return false;
    const keys = orderIndexes(ctx, order.code, order.attributes);
    if (!keys.gsi1pk) return false;
    try {
      await this.items.update(ctx, sortKey(ORDER_ENTITY, order.code), 'SET gsi1pk = :pk, gsi1sk = :sk', { ':pk': keys.gsi1pk, ':sk': keys.gsi1sk, ':version': order.version }, undefined, 'version = :version AND attribute_not_exists(gsi1pk)');
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
