import { Injectable, OnModuleInit } from '@nestjs/common';
import { config } from '../../config';
import { DataService } from '../../core/data.service';
import { ConflictError, VersionConflictError } from '../../core/errors';
import { logger } from '../../core/logger';
import { SweepRegistry, TenantSweep } from '../../core/sweep';
import { TenantContext } from '../../core/tenant-context';
import { ORDER_ENTITY } from './order.keys';
import { OrderAttributes } from './order.model';
import { OrderService } from './order.service';

/**
 * Orders still `pending` long after they were placed were never processed (their reservation
 * kept failing and was dead-lettered, say). Cancelling them tells the customer and, through the
 * cancel's own sync, leaves a void reservation so a late redelivery holds no stock.
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
    let cursor: string | undefined;
    do {
      const page = await this.data.list<OrderAttributes>(ctx, ORDER_ENTITY, { cursor, limit: 100, where: { 'attributes.status': 'pending' } });
      for (const order of page.items.filter((o) => Date.parse(o.attributes.placedAt) < cutoff)) {
        try {
          await this.orders.moveBySystem(ctx, order.code, { to: 'cancelled', expectedVersion: order.version, reason: 'not_processed' });
          logger.warn('cancelled an order that stayed pending', { tenant: ctx.tenantCode, order: order.code });
        } catch (error) {
          // Moved meanwhile: the stream got to it after all.
          if (!(error instanceof VersionConflictError) && !(error instanceof ConflictError)) throw error;
        }
      }
      cursor = page.cursor;
    } while (cursor);
  }
}
