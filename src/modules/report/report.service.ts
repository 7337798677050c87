import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '../../core/errors';
import { TenantContext } from '../../core/tenant-context';
import { readModel } from '../../read-model/read-model';
import { ShopSettingsService } from '../tenant';
import { ReportQueryDto } from './dto/report.dto';

type Row = Record<string, string | number>;
const DAY_MS = 24 * 3600 * 1000;
/** Orders that count as sales: past confirmation, not cancelled. */
const NOT_SALES = ['pending', 'awaiting_payment', 'cancelled'];

/**
 * The shop's days as bounds on placed_at: the first instant of `from` and of the day after `to`
 * in the shop's zone ($5), so the (tenant, placed_at) index still serves the range.
 */
const IN_PERIOD = `p.placed_at >= ($2::date::timestamp AT TIME ZONE $5) AND p.placed_at < (($3::date + 1)::timestamp AT TIME ZONE $5)`;

/**
 * Admin reports, all from the read model, all in one tenant's scope. Money in minor units. Days
 * are the shop's (its `timeZone` setting), UTC when it has none: "today" is the staff's today.
 */
@Injectable()
export class ReportService {
  constructor(private readonly settings: ShopSettingsService) {}

  async sales(ctx: TenantContext, query: ReportQueryDto): Promise<Row[]> {
    const zone = await this.zoneOf(ctx);
    const { from, to } = period(query, zone);
    return this.run(ctx, `
      WITH orders AS (
        SELECT p.*, coalesce((SELECT sum(r.refunded) FROM payment_refund r WHERE r.tenant = p.tenant AND r.order_code = p.order_code), 0) AS refunds
        FROM purchase p
        WHERE p.tenant = $1 AND ${IN_PERIOD} AND NOT (p.status = ANY($4::text[])))
      SELECT to_char(placed_at AT TIME ZONE $5, 'YYYY-MM-DD') AS day, currency, count(*)::int AS orders,
             sum(subtotal)::bigint AS gross, sum(discount)::bigint AS discounts, sum(tax)::bigint AS tax, sum(shipping)::bigint AS shipping,
             sum(refunds)::bigint AS refunds, (sum(total) - sum(refunds))::bigint AS net
      FROM orders GROUP BY 1, 2 ORDER BY 1, 2`, [from, to, NOT_SALES, zone]);
  }

  async topProducts(ctx: TenantContext, query: ReportQueryDto): Promise<Row[]> {
    const zone = await this.zoneOf(ctx);
    const { from, to } = period(query, zone);
    return this.run(ctx, `
      SELECT l.product_code AS "productCode", max(l.name) AS name, sum(l.quantity)::int AS units, sum(l.revenue)::bigint AS revenue, p.currency
      FROM purchase_line l JOIN purchase p ON p.tenant = l.tenant AND p.order_code = l.order_code
      WHERE l.tenant = $1 AND ${IN_PERIOD} AND NOT (p.status = ANY($4::text[]))
      GROUP BY l.product_code, p.currency ORDER BY revenue DESC, units DESC, "productCode" LIMIT $6`, [from, to, NOT_SALES, zone, query.limit ?? 20]);
  }

  async ordersByStatus(ctx: TenantContext): Promise<Row[]> {
    return this.run(ctx, `
      SELECT status, count(*)::int AS orders, sum(total)::bigint AS total, currency
      FROM purchase WHERE tenant = $1 GROUP BY status, currency ORDER BY status, currency`, []);
  }

  async lowStock(ctx: TenantContext, query: ReportQueryDto): Promise<Row[]> {
    return this.run(ctx, `
      SELECT sku, warehouse, available, on_hand AS "onHand", low_stock_threshold AS threshold
      FROM stock WHERE tenant = $1 AND available <= low_stock_threshold
      ORDER BY available - low_stock_threshold, sku, warehouse LIMIT $2`, [query.limit ?? 100]);
  }

  async abandonedCarts(ctx: TenantContext, query: ReportQueryDto): Promise<Row[]> {
    return this.run(ctx, `
      SELECT cart_id AS "cartId", lines, total, currency, last_activity_at AS "lastActivityAt"
      FROM cart_state WHERE tenant = $1 AND status = 'abandoned'
      ORDER BY total DESC, last_activity_at DESC LIMIT $2`, [query.limit ?? 100]);
  }

  /** The shop's IANA zone (validated when set), UTC without one. */
  private async zoneOf(ctx: TenantContext): Promise<string> {
    return (await this.settings.current(ctx)).timeZone ?? 'UTC';
  }

  private async run(ctx: TenantContext, sql: string, params: unknown[]): Promise<Row[]> {
    const rows = await (await readModel()).forTenant(ctx.tenantCode, (scope) => scope.query<Record<string, unknown>>(sql, [scope.tenant, ...params]));
    return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? Number(v) : (v as string | number)])));
  }
}

/** The report's days: `to` defaults to today (in the shop's zone), `from` to 29 days before; at most 366 days. */
function period(query: ReportQueryDto, zone: string): { from: string; to: string } {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const to = query.to ?? new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const from = query.from ?? day(Date.parse(to) - 29 * DAY_MS);
  if (Number.isNaN(Date.parse(to))) throw new ValidationFailedError([{ field: 'to', problem: 'must be a real date' }]);
  if (Number.isNaN(Date.parse(from))) throw new ValidationFailedError([{ field: 'from', problem: 'must be a real date' }]);
  if (from > to) throw new ValidationFailedError([{ field: 'to', problem: 'must not be before from' }]);
  if (Date.parse(to) - Date.parse(from) > 366 * DAY_MS) throw new ValidationFailedError([{ field: 'to', problem: 'at most 366 days after from' }]);
  return { from, to };
}
