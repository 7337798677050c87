import { Injectable } from '@nestjs/common';
import { config } from '../../config';
import { EntityRecord } from '../../core/entity';
import { Sweep } from '../../core/sweep';
import { pendingOrdersGroup } from './order.keys';
import { OrderAttributes } from './order.model';
import { OrderExpiry, OrderExpirySweep } from './order-expiry';

/**
 * Orders still `pending` long after they were placed were never processed (their reservation
 * kept failing and was dead-lettered, say). Cancelling them tells the customer and, through the
 * cancel's own sync, leaves a void reservation so a late redelivery holds no stock. Reads only
 * the pending group of the state index (a version is in it only while pending), oldest first:
 * once one is younger than the cutoff, so are all after it.
 */
@Sweep('order.pending-timeout')
@Injectable()
export class PendingOrderSweep extends OrderExpirySweep {
  protected readonly expiry: OrderExpiry = { status: 'pending', reason: 'not_processed', log: ['warn', 'cancelled an order that stayed pending'] };

  protected group() {
    return pendingOrdersGroup();
  }

  protected isDue({ attributes }: EntityRecord<OrderAttributes>, now: Date): boolean {
    return Date.parse(attributes.placedAt) < now.getTime() - config().pendingOrderTimeoutMinutes * 60_000;
  }
}
