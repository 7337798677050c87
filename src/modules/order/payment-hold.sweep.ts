import { Injectable } from '@nestjs/common';
import { EntityRecord } from '../../core/entity';
import { Sweep } from '../../core/sweep';
import { awaitingPaymentGroup } from './order.keys';
import { OrderAttributes } from './order.model';
import { OrderExpiry, OrderExpirySweep } from './order-expiry';

/**
 * A checkout paid online, or offline before shipping (bank transfer), holds its stock and
 * coupons until `holdUntil`. When the hold ends with no payment, the order is cancelled as
 * `payment_timeout`. Reads only the awaiting group of the state index, earliest hold end first.
 */
@Sweep('order.payment-hold')
@Injectable()
export class PaymentHoldSweep extends OrderExpirySweep {
  protected readonly expiry: OrderExpiry = { status: 'awaiting_payment', reason: 'payment_timeout', log: ['info', 'released the hold of an unpaid order'] };

  protected group() {
    return awaitingPaymentGroup();
  }

  protected isDue({ attributes }: EntityRecord<OrderAttributes>, now: Date): boolean {
    return !!attributes.holdUntil && Date.parse(attributes.holdUntil) <= now.getTime();
  }
}
