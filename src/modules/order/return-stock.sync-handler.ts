import { Injectable } from '@nestjs/common';
import { DataSyncHandler, OnApplied, SyncedChange } from '../../core/sync/data-sync-handler';
import { TenantContext } from '../../core/tenant-context';
import { StockReservations } from '../inventory';
import { RETURN_ENTITY } from './order.keys';
import { ReturnAttributes } from './return.model';

/**
 * The stock side of a received return: restocked units go back to on-hand and available
 * (movement `return`), damaged ones are written off (movement `write_off`). Once per return:
 * its movement lines are the guard, so a redelivered version changes nothing.
 */
@OnApplied(RETURN_ENTITY, 'return.stock')
@Injectable()
export class ReturnStockSyncHandler implements DataSyncHandler<ReturnAttributes> {
  constructor(
    private readonly stock: StockReservations,
  ) {}

  async up(ctx: TenantContext, { current, previous }: SyncedChange<ReturnAttributes>): Promise<void> {
    const { state, received, orderCode } = current.attributes;
    if (state !== 'received' || previous?.attributes.state === 'received' || !received) return;
    await this.stock.receiveReturn(ctx, orderCode, current.code, received);
  }
}
