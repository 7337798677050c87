import { Injectable } from '@nestjs/common';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { orderCode, orderSequenceKey } from './order.keys';

/**
 * ORD-000001, ORD-000002, ... per tenant. One atomic counter increment per order: concurrent
 * orders never share or skip a number. The number is taken only after the order passed
 * validation and pricing, so only a failure of the very next write (the order's version 1)
 * could leave a gap; that write is a plain put of a new key.
 */
@Injectable()
export class OrderNumbers {
  constructor(private readonly items: TenantItemStore) {}

  async next(ctx: TenantContext): Promise<string> {
    const counter = await this.items.update<{ value: number }>(ctx, orderSequenceKey(), 'ADD #value :one', { ':one': 1 }, { '#value': 'value' });
    return orderCode(counter.value);
  }
}
