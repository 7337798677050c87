import { Injectable } from '@nestjs/common';
import { DataService } from '../../core/data.service';
import { EntityRecord, Page } from '../../core/entity';
import { FieldProblem, ValidationFailedError } from '../../core/errors';
import { DEFAULT_PAGE_SIZE } from '../../core/pagination';
import { isStaff, TenantContext } from '../../core/tenant-context';
import { readModel } from '../../read-model/read-model';
import { ListOrdersQueryDto } from './dto/order.dto';
import { orderListPage, OrderListRequest } from './order-list';
import { ORDER_ENTITY } from './order.keys';
import { OrderAttributes } from './order.model';
import { OrderService } from './order.service';

/** The parameters only the staff's list takes (served by the read model). */
const STAFF_FILTERS = ['paymentState', 'createdFrom', 'createdTo', 'customerId', 'q', 'sort'] as const;

/**
 * `GET /orders`: today's list (one status at most; a customer's own orders) from the data table,
 * as before; the staff's filtered or sorted list from the read model. Lives with the HTTP module:
 * the stream and schedule Lambdas, which load OrderModule, never open the read model.
 */
@Injectable()
export class OrderListService {
  constructor(
    private readonly orders: OrderService,
    private readonly data: DataService,
  ) {}

  async list(ctx: TenantContext, query: ListOrdersQueryDto): Promise<Page<EntityRecord<OrderAttributes>>> {
    const { status, limit, cursor } = query;
    // A customer's own orders sit in their index in code order, which is the order they were
    // placed in: by placement, either way, costs that index nothing more.
    const ownByPlacement = !isStaff(ctx) && (query.sort === 'createdAt' || query.sort === '-createdAt');
    const filters: string[] = [...((status?.length ?? 0) > 1 ? ['status'] : []), ...STAFF_FILTERS.filter((name) => query[name] !== undefined && !(name === 'sort' && ownByPlacement))];
    if (!filters.length) return this.orders.list(ctx, { ...(status?.length ? { status: status[0] } : {}), limit, cursor, ...(query.sort === '-createdAt' && ownByPlacement ? { descending: true } : {}) });
    if (!isStaff(ctx)) {
      throw new ValidationFailedError(filters.map((field) => ({ field, problem: "filters the staff's order list only; a customer lists their own orders by one status, sorted by createdAt or -createdAt" })));
    }
    const request = this.request(query);
    const page = await (await readModel()).forTenant(ctx.tenantCode, (scope) => orderListPage(scope, request));
    // The newest applied version of each: the list's row may lag it by the feed's delay.
    const found = await this.data.getMany<OrderAttributes>(ctx, ORDER_ENTITY, page.codes);
    const items = page.codes.flatMap((code) => found.get(code) ?? []);
    return { items, ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  private request(query: ListOrdersQueryDto): OrderListRequest {
    const problems: FieldProblem[] = [];
    const instant = (field: 'createdFrom' | 'createdTo', endOfDay: boolean): string | undefined => {
      const value = query[field];
      if (value === undefined) return undefined;
      const at = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
      if (Number.isNaN(at.getTime()) || (value.length === 10 && at.toISOString().slice(0, 10) !== value)) {
        problems.push({ field, problem: 'is not a real date' });
        return undefined;
      }
      // A date-only createdTo takes in that whole day: the bound is the next day's start.
      if (endOfDay && value.length === 10) at.setUTCDate(at.getUTCDate() + 1);
      return at.toISOString();
    };
    const createdFrom = instant('createdFrom', false);
    const createdBefore = instant('createdTo', true);
    if (createdFrom && createdBefore && createdBefore <= createdFrom) problems.push({ field: 'createdTo', problem: 'must not be before createdFrom' });
    if (problems.length) throw new ValidationFailedError(problems);
    return {
      ...(query.status?.length ? { statuses: [...new Set(query.status)].sort() } : {}),
      ...(query.paymentState?.length ? { paymentStates: [...new Set(query.paymentState)].sort() } : {}),
      ...(createdFrom ? { createdFrom } : {}),
      ...(createdBefore ? { createdBefore } : {}),
      ...(query.customerId !== undefined ? { customerId: query.customerId } : {}),
      ...(query.q !== undefined ? { q: query.q.toLowerCase() } : {}),
      sort: query.sort ?? 'createdAt',
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    };
  }
}
