import { Injectable } from '@nestjs/common';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { orderCode, orderSequenceKey } from './order.keys';

/**
 * ORD-000001, ORD-000002, ... per tenant. One atomic counter increment per order: concurrent
 * orders never share a number. The number is taken only after the order passed validation
 * and pricing, so only the very next write (the order's version 1, with the customer's limits
 * checked in the same transaction) can leave one unused: a 429 or a held-units 409.
 */
@Injectable()
export class OrderNumbers {
  constructor(private readonly items: TenantItemStore) {}

  async next(ctx: TenantContext): Promise<string> {
    const counter = await this.items.update<{ value: number }>(ctx, orderSequenceKey(), 'ADD #value :one', { ':one': 1 }, { '#value': 'value' });
    return orderCode(counter.value);
  }
}
