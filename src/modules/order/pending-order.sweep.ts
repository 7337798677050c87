import { Injectable, OnModuleInit } from '@nestjs/common';
import { config } from '../../config';
import { ConflictError, VersionConflictError } from '../../core/errors';
import { logger } from '../../core/logger';
import { SweepRegistry, TenantSweep } from '../../core/sweep';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { pendingOrderPrefix } from './order.keys';
import { OrderService } from './order.service';

interface PendingMarker {
  orderCode: string;
  placedAt: string;
}

/**
 * Orders still `pending` long after they were placed were never processed (their reservation
 * kept failing and was dead-lettered, say). Cancelling them tells the customer and, through the
 * cancel's own sync, leaves a void reservation so a late redelivery holds no stock. Reads only
 * the pending markers, so its cost follows the pending orders, not all orders.
 */
@Injectable()
export class PendingOrderSweep implements TenantSweep, OnModuleInit {
  readonly name = 'order.pending-timeout';

  constructor(
    private readonly sweeps: SweepRegistry,
    private readonly items: TenantItemStore,
    private readonly orders: OrderService,
  ) {}

  onModuleInit(): void {
    this.sweeps.register(this);
  }

  async run(ctx: TenantContext, now: Date): Promise<void> {
    const cutoff = now.getTime() - config().pendingOrderTimeoutMinutes * 60_000;
    let cursor: string | undefined;
    do {
      const page = await this.items.list<PendingMarker>(ctx, pendingOrderPrefix(), { cursor, limit: 100 });
      for (const marker of page.items.filter((m) => Date.parse(m.placedAt) < cutoff)) {
        await this.expire(ctx, marker.orderCode);
      }
      cursor = page.cursor;
    } while (cursor);
  }

  private async expire(ctx: TenantContext, code: string): Promise<void> {
    const order = await this.orders.latest(ctx, code);
    // Moved on already; its sync removes the marker.
    if (!order || order.attributes.status !== 'pending') return;
    try {
      await this.orders.moveBySystem(ctx, code, { to: 'cancelled', expectedVersion: order.version, cancelReason: 'not_processed' });
      logger.warn('cancelled an order that stayed pending', { tenant: ctx.tenantCode, order: code });
    } catch (error) {
      // The stream moved it in the meantime.
      if (!(error instanceof VersionConflictError) && !(error instanceof ConflictError)) throw error;
    }
  }
}
