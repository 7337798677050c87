import { Injectable, OnModuleInit } from '@nestjs/common';
import { config } from '../../config';
import { logger } from '../../core/logger';
import { SweepRegistry, TenantSweep } from '../../core/sweep';
import { TenantContext } from '../../core/tenant-context';
import { DataService } from '../../core/data.service';
import { DATA_INDEXES } from '../../core/tables';
import { pendingOrdersGroup } from './order.keys';
import { OrderAttributes } from './order.model';
import { OrderService } from './order.service';

/**
 * Orders still `pending` long after they were placed were never processed (their reservation
 * kept failing and was dead-lettered, say). Cancelling them tells the customer and, through the
 * cancel's own sync, leaves a void reservation so a late redelivery holds no stock. Reads only
 * the pending group of the state index (a version is in it only while pending), so its cost
 * follows the pending orders, not all orders.
 */
@Injectable()
export class PendingOrderSweep implements TenantSweep, OnModuleInit {
  readonly name = 'order.pending-timeout';

  constructor(
    private readonly sweeps: SweepRegistry,
    private readonly data: DataService,
    private readonly orders: OrderService,
  ) {}

  onModuleInit(): void {
    this.sweeps.register(this);
  }

  async run(ctx: TenantContext, now: Date): Promise<void> {
    const cutoff = now.getTime() - config().pendingOrderTimeoutMinutes * 60_000;
    // Oldest first: once one is younger than the cutoff, so are all after it.
    await this.data.eachDue<OrderAttributes>(ctx, DATA_INDEXES.byState, pendingOrdersGroup(), (order) => Date.parse(order.attributes.placedAt) < cutoff, (order) => this.expire(ctx, order.code));
  }

  private async expire(ctx: TenantContext, code: string): Promise<void> {
    if (await this.orders.cancelIfStill(ctx, code, 'pending', 'not_processed')) logger.warn('cancelled an order that stayed pending', { tenant: ctx.tenantCode, order: code });
  }
}
