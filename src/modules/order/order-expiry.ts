import { Injectable } from '@nestjs/common';
import { DataService } from '../../core/data.service';
import { EntityRecord } from '../../core/entity';
import { logger } from '../../core/logger';
import { DueInGroupSweep } from '../../core/sweep';
import { TenantContext } from '../../core/tenant-context';
import { CancelReason, OrderAttributes, OrderStatus } from './order.model';
import { OrderService } from './order.service';

/** What an order sweep cancels: orders still in `status` (the group's), with `reason`, and what the log says of each. */
export interface OrderExpiry {
  status: OrderStatus;
  reason: CancelReason;
  log: readonly [level: 'info' | 'warn', message: string];
}

/**
 * The order sweeps' one shape: each due order of the group is cancelled if it is still in the
 * group's status (its newest version, not the lagging index); that version's own sync releases
 * what it held and mails the shopper. The sweeps differ only in their group, what is due and
 * the reason.
 */
@Injectable()
export abstract class OrderExpirySweep extends DueInGroupSweep<OrderAttributes> {
  protected abstract readonly expiry: OrderExpiry;

  constructor(
    data: DataService,
    private readonly orders: OrderService,
  ) {
    super(data);
  }

  protected async expire(ctx: TenantContext, order: EntityRecord<OrderAttributes>): Promise<void> {
    const { status, reason, log: [level, message] } = this.expiry;
    if (await this.orders.cancelIfStill(ctx, order.code, status, reason)) logger[level](message, { tenant: ctx.tenantCode, order: order.code });
  }
}
