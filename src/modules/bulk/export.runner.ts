import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { CsvRow, toCsv } from '../../core/csv';
import { CommandItem } from '../../core/entity';
import { JobMessage } from '../../core/job-queue';
import { logger } from '../../core/logger';
import { TenantContext } from '../../core/tenant-context';
import { ProductService } from '../catalog';
import { InventoryService } from '../inventory';
import { OrderService } from '../order';
import { EXPORT_ENTITY } from './bulk.keys';
import { ExportAttributes, ExportFilters } from './bulk.model';
import { exportFile } from './export.jobs';
import { jobStep } from './job-context';
import { JobFiles } from './job-files';
import { PRODUCT_COLUMNS, productRows } from './product-csv';

export const ORDER_COLUMNS = ['order_code', 'status', 'placed_at', 'customer_email', 'currency', 'subtotal', 'tax', 'total', 'lines', 'items'];
const PAGE = 100;
/**
 * Runs of one export before it ends `failed`: the jobs queue's receives before its dead-letter
 * queue (`maxReceiveCount` in infra/jobs.ts), so the last delivery records the end instead of the
 * job staying `running` for ever.
 */
export const EXPORT_ATTEMPTS = 3;

/**
 * The background side of exports, on the jobs consumer: pages through the shop's products (with
 * their stock per warehouse, in the import's columns) or orders, from the data table (a list may
 * lag the newest writes by the stream), and writes one RFC 4180 file with formula neutralisation.
 */
@Injectable()
export class ExportRunner {
  constructor(
    private readonly commands: CommandService,
    private readonly files: JobFiles,
    private readonly products: ProductService,
    private readonly inventory: InventoryService,
    private readonly orders: OrderService,
  ) {}

  async run(message: JobMessage): Promise<void> {
    const step = await jobStep<ExportAttributes>(this.commands, EXPORT_ENTITY, message);
    if (!step || step.job.attributes.status !== 'running') return;
    const { ctx, job } = step;
    const { kind, filters } = job.attributes;
    let rows: CsvRow[];
    try {
      rows = kind === 'products' ? await this.productRows(ctx, filters) : await this.orderRows(ctx, filters);
      await this.files.write(exportFile(this.files, ctx, job.code), toCsv(rows, kind === 'products' ? PRODUCT_COLUMNS : ORDER_COLUMNS), 'text/csv');
    } catch (error) {
      await this.failedAttempt(ctx, job, error as Error);
      return;
    }
    await this.commands.publish(ctx, { type: EXPORT_ENTITY, code: job.code, attributes: { ...job.attributes, status: 'completed', rows: rows.length } }, { expectedVersion: job.version, holding: job });
  }

  /**
   * Counts the failed run on the job; rethrows (the queue delivers the step again) until the
   * last run, which ends the job `failed` with the reason instead.
   */
  private async failedAttempt(ctx: TenantContext, job: CommandItem<ExportAttributes>, error: Error): Promise<void> {
    const attempts = (job.attributes.attempts ?? 0) + 1;
    const last = attempts >= EXPORT_ATTEMPTS;
    logger.warn('export run failed', { tenant: ctx.tenantCode, exportId: job.code, attempts, error: error.message });
    const end: Partial<ExportAttributes> = last ? { status: 'failed', error: `failed ${attempts} times; the last time: ${error.message}` } : {};
    await this.commands.publish(ctx, { type: EXPORT_ENTITY, code: job.code, attributes: { ...job.attributes, attempts, ...end } }, { expectedVersion: job.version, holding: job });
    if (!last) throw error;
  }

  private async productRows(ctx: TenantContext, filters: ExportFilters): Promise<CsvRow[]> {
    const rows: CsvRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.products.list(ctx, { limit: PAGE, cursor }, filters.active);
      for (const product of page.items) {
        const stock = new Map<string, Record<string, number>>();
        await Promise.all(
          product.attributes.variants.map(async (v) => {
            const { warehouses } = await this.inventory.levels(ctx, v.sku);
            if (warehouses.length) stock.set(v.sku, Object.fromEntries(warehouses.map((w) => [w.warehouse, w.onHand])));
          }),
        );
        rows.push(...productRows(product.code, product.name ?? product.code, product.attributes, stock));
      }
      cursor = page.cursor;
    } while (cursor);
    return rows;
  }

  private async orderRows(ctx: TenantContext, filters: ExportFilters): Promise<CsvRow[]> {
    const rows: CsvRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.orders.list(ctx, { limit: PAGE, cursor, ...(filters.status ? { status: filters.status as never } : {}) });
      for (const { code, attributes: o } of page.items) {
        if ((filters.placedFrom && o.placedAt < filters.placedFrom) || (filters.placedTo && o.placedAt >= filters.placedTo)) continue;
        rows.push({
          order_code: code,
          status: o.status,
          placed_at: o.placedAt,
          customer_email: o.customerEmail ?? '',
          currency: o.currency,
          subtotal: o.subtotal.amount,
          tax: o.tax.amount,
          total: o.total.amount,
          lines: o.items.length,
          items: o.items.map((l) => `${l.sku}=${l.quantity}`).join('|'),
        });
      }
      cursor = page.cursor;
    } while (cursor);
    return rows;
  }
}
