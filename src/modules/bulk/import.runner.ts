import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { CommandItem } from '../../core/entity';
import { FieldProblem, ShopstreamError, ValidationFailedError, VersionConflictError } from '../../core/errors';
import { csvLine } from '../../core/csv';
import { JobMessage, sendJob } from '../../core/job-queue';
import { logger } from '../../core/logger';
import { Money } from '../../core/money';
import { TenantContext } from '../../core/tenant-context';
import { CategoryService, PRODUCT_ENTITY, ProductAttributes, ProductService, withVariants } from '../catalog';
import { InventoryService, StockLevel } from '../inventory';
import { TenantDirectory } from '../tenant';
import { IMPORT_ENTITY } from './bulk.keys';
import { EMPTY_COUNTS, ImportAttributes, OutcomeCounts, RowOutcome } from './bulk.model';
import { importFiles, ImportJobs } from './import.jobs';
import { jobStep } from './job-context';
import { JobFiles } from './job-files';
import { CategoryPaths, NewCategory, pathText } from './category-paths';
import { FileProblem, parseProducts, ProductRows, RowProblem, VariantRow } from './product-csv';

/** Products applied per step of the job (one queue message each): a step stays well inside a Lambda's time. */
export const IMPORT_BATCH_PRODUCTS = 200;
/** Products read or written side by side within a step. */
const PARALLEL = 8;

export interface RowOutcomeLine {
  row: number;
  productCode: string;
  sku: string;
  outcome: RowOutcome;
  column?: string;
  reason?: string;
  /** A line about a category the file creates, not about a row's product (not counted in `counts`). */
  category?: true;
}

interface StockTarget {
  warehouse: string;
  onHand: number;
  /** The level's version when validated (0: none yet). */
  expectedVersion: number;
}

/** One product to write, as validated: the version the file was checked against, and the stock to set. */
interface PlannedProduct {
  code: string;
  expectedVersion: number;
  /** False when only stock changes. */
  writeProduct: boolean;
  product: ProductRows;
  stock: { row: number; sku: string; targets: StockTarget[] }[];
}

export const REPORT_COLUMNS = ['row', 'product_code', 'sku', 'outcome', 'column', 'reason'];

/**
 * The background side of a products import, on the jobs consumer. `validate` reads the file,
 * checks every row against the file's rules and the shop (currency, categories, SKUs of other
 * products), compares each product with its newest version, and writes the plan; a dry run ends
 * there with the report of what would happen. Each `apply` step writes one batch through the
 * catalog's and inventory's own services, with the versions the file was checked against: an
 * admin's edit since then wins and the product's rows fail with the 409.
 */
@Injectable()
export class ImportRunner {
  constructor(
    private readonly commands: CommandService,
    private readonly jobs: ImportJobs,
    private readonly files: JobFiles,
    private readonly products: ProductService,
    private readonly categories: CategoryService,
    private readonly categoryPaths: CategoryPaths,
    private readonly inventory: InventoryService,
    private readonly tenants: TenantDirectory,
  ) {}

  async run(message: JobMessage): Promise<void> {
    const step = await jobStep<ImportAttributes>(this.commands, IMPORT_ENTITY, message);
    if (!step) return;
    const { ctx, job } = step;
    if (message.step === 'validate') return this.validate(ctx, job);
    if (message.step === 'apply') return this.apply(ctx, job, message.batch ?? 0);
  }

  private async validate(ctx: TenantContext, job: CommandItem<ImportAttributes>): Promise<void> {
    if (job.attributes.status !== 'validating') return;
    const paths = importFiles(this.files, ctx, job.code);
    const size = await this.files.size(paths.upload);
    if (size === undefined || size > job.attributes.maxBytes) {
      await this.fail(ctx, job, size === undefined ? 'nothing was uploaded' : `the file has ${size} bytes; at most ${job.attributes.maxBytes} (maxImportFileBytes)`);
      return;
    }
    let parsed: ReturnType<typeof parseProducts>;
    try {
      parsed = parseProducts(await this.files.read(paths.upload));
    } catch (error) {
      if (!(error instanceof FileProblem)) throw error;
      await this.fail(ctx, job, error.message);
      return;
    }
    const outcomes: RowOutcomeLine[] = parsed.problems.map((p) => this.failedRow(parsed.identities, p));
    const plan: PlannedProduct[] = [];
    const currency = (await this.tenants.find(ctx.tenantCode))?.attributes.currency;
    const missingCategories = await this.missingCategories(ctx, parsed.products);
    const named = await this.categoryPaths.resolve(ctx, uniquePaths(parsed.products));
    await inParallel(parsed.products, PARALLEL, async (product) => {
      const problems = this.shopProblems(product, currency, missingCategories, named.problems);
      // The categories named by path join those named by code.
      product.categoryCodes = [...new Set([...product.categoryCodes, ...product.categoryPaths.map((names) => named.codes.get(pathText(names))!)])];
      const existing = await this.products.get(ctx, product.code).catch((error) => (error instanceof ShopstreamError && error.status === 404 ? undefined : Promise.reject(error)));
      const mine = new Set(existing ? withVariants(existing.attributes).variants.map((v) => v.sku) : []);
      for (const variant of product.variants.filter((v) => !mine.has(v.sku))) {
        const owner = await this.products.productOfSku(ctx, variant.sku);
        if (owner && owner !== product.code) problems.push({ row: variant.row, column: 'sku', reason: `belongs to product ${owner}` });
      }
      if (problems.length) {
        outcomes.push(...this.refuseProduct(product, problems));
        return;
      }
      const writeProduct = !existing || !sameProduct(product, existing);
      const stock = await Promise.all(product.variants.map(async (v) => ({ row: v.row, sku: v.sku, targets: existing ? await this.stockTargets(ctx, v) : newStock(v) })));
      const outcome: RowOutcome = !existing ? 'created' : writeProduct ? 'updated' : 'unchanged';
      for (const v of product.variants) {
        const stockChanges = stock.find((s) => s.row === v.row)!.targets.length > 0;
        outcomes.push({ row: v.row, productCode: product.code, sku: v.sku, outcome: outcome === 'unchanged' && stockChanges ? 'updated' : outcome });
      }
      if (writeProduct || stock.some((s) => s.targets.length)) plan.push({ code: product.code, expectedVersion: existing?.version ?? 0, writeProduct, product, stock });
    });
    const created = this.categoriesOf(plan, named.created);
    outcomes.push(...created.map(({ category, by }) => ({ row: by.product.variants[0].row, productCode: by.code, sku: '', outcome: 'created' as const, column: 'category_path', reason: `category ${category.code} (${category.path})`, category: true as const })));
    outcomes.sort(byRow);
    const counts = countOf(outcomes);
    const categoriesCreated = created.length;
    const latest = await this.commands.getLatest<ImportAttributes>(ctx, IMPORT_ENTITY, job.code);
    if (!latest || latest.attributes.status !== 'validating') return;
    if (job.attributes.dryRun || !plan.length) {
      await this.files.write(paths.report, reportCsv(outcomes), 'text/csv');
      await this.jobs.move(ctx, latest, job.attributes.dryRun ? 'validated' : 'completed', { rows: parsed.rows, counts, categoriesCreated, reportReady: true, batches: 0, batchesDone: 0 });
      return;
    }
    // Before any product names them; a step run again finds them by name and creates nothing.
    await this.categoryPaths.create(ctx, created.map((c) => c.category));
    // What the apply steps will not touch is final now: failed and unchanged rows, and the categories.
    const settled = outcomes.filter((o) => o.category || o.outcome === 'failed' || !plan.some((p) => p.code === o.productCode));
    await this.files.write(paths.batch('validation'), JSON.stringify(settled), 'application/json');
    await this.files.write(paths.plan, JSON.stringify(plan), 'application/json');
    const batches = Math.ceil(plan.length / IMPORT_BATCH_PRODUCTS);
    await this.jobs.move(ctx, latest, 'applying', { rows: parsed.rows, counts: countOf(settled), categoriesCreated, batches, batchesDone: 0 });
    await sendJob({ kind: 'import', tenantCode: ctx.tenantCode, jobId: job.code, step: 'apply', batch: 0 });
  }

  private async apply(ctx: TenantContext, job: CommandItem<ImportAttributes>, batch: number): Promise<void> {
    const paths = importFiles(this.files, ctx, job.code);
    if (job.attributes.status === 'cancelled' && !job.attributes.reportReady) {
      await this.writeReport(ctx, job, batch);
      await this.jobs.move(ctx, job, 'cancelled', { reportReady: true });
      return;
    }
    // A redelivered step, or one of a job that ended meanwhile: done already.
    if (job.attributes.status !== 'applying' || (job.attributes.batchesDone ?? 0) !== batch) return;
    const plan = JSON.parse(await this.files.read(paths.plan)) as PlannedProduct[];
    const slice = plan.slice(batch * IMPORT_BATCH_PRODUCTS, (batch + 1) * IMPORT_BATCH_PRODUCTS);
    const outcomes: RowOutcomeLine[] = [];
    await inParallel(slice, PARALLEL, async (planned) => {
      outcomes.push(...(await this.applyProduct(ctx, planned)));
    });
    outcomes.sort((a, b) => a.row - b.row);
    await this.files.write(paths.batch(batch), JSON.stringify(outcomes), 'application/json');
    const done = batch + 1;
    const counts = addCounts(job.attributes.counts, countOf(outcomes));
    try {
      if (done < (job.attributes.batches ?? 0)) {
        await this.jobs.move(ctx, job, 'applying', { counts, batchesDone: done });
        await sendJob({ kind: 'import', tenantCode: ctx.tenantCode, jobId: job.code, step: 'apply', batch: done });
        return;
      }
      await this.writeReport(ctx, job, done);
      await this.jobs.move(ctx, job, 'completed', { counts, batchesDone: done, reportReady: true });
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      // Cancelled meanwhile: the report says what was applied before the cancel.
      const latest = await this.commands.getLatest<ImportAttributes>(ctx, IMPORT_ENTITY, job.code);
      if (latest?.attributes.status !== 'cancelled') throw error;
      await this.writeReport(ctx, latest, done);
      await this.jobs.move(ctx, latest, 'cancelled', { counts, reportReady: true });
    }
  }

  /** The product through ProductService (create or update at the validated version), then its stock through InventoryService. */
  private async applyProduct(ctx: TenantContext, planned: PlannedProduct): Promise<RowOutcomeLine[]> {
    const { product } = planned;
    const line = (v: VariantRow, outcome: RowOutcome, column?: string, reason?: string): RowOutcomeLine => ({
      row: v.row,
      productCode: product.code,
      sku: v.sku,
      outcome,
      ...(column ? { column, reason } : {}),
    });
    if (planned.writeProduct) {
      try {
        await this.writeProduct(ctx, planned);
      } catch (error) {
        if (!(error instanceof ShopstreamError) || error.status >= 500) throw error;
        const problems = error instanceof ValidationFailedError ? error.problems : [];
        return product.variants.map((v, i) => {
          const problem = problems.find((p) => rowOfField(p, i) !== undefined) ?? problems[0];
          return line(v, 'failed', problem ? columnOf(problem.field) : 'product_code', problem ? problem.problem : error.message);
        });
      }
    }
    const created = planned.expectedVersion === 0;
    const lines: RowOutcomeLine[] = [];
    for (const v of product.variants) {
      const targets = planned.stock.find((s) => s.row === v.row)?.targets ?? [];
      let failure: string | undefined;
      for (const target of targets) {
        try {
          await this.setStock(ctx, v.sku, target);
        } catch (error) {
          if (!(error instanceof ShopstreamError) || error.status >= 500) throw error;
          failure = `${target.warehouse}: ${error.message}`;
        }
      }
      if (failure) lines.push(line(v, 'failed', 'stock', failure));
      else lines.push(line(v, created ? 'created' : planned.writeProduct || targets.length ? 'updated' : 'unchanged'));
    }
    return lines;
  }

  /**
   * Create (version 0) or update at the version validated. A step run again after a crash finds
   * its own version already written (same request id): that is success, not a conflict.
   */
  private async writeProduct(ctx: TenantContext, planned: PlannedProduct): Promise<void> {
    const { product } = planned;
    const price = product.variants[0].price;
    const fields = {
      name: product.name,
      ...(product.description ? { description: product.description } : {}),
      categoryCodes: product.categoryCodes,
      active: product.active,
      price,
      options: product.optionNames.map((name) => ({ name, values: [...new Set(product.variants.map((v) => v.options[name]))] })),
      variants: product.variants.map((v) => ({
        sku: v.sku,
        options: v.options,
        ...(samePrice(v.price, price) ? {} : { price: v.price }),
        ...(v.compareAtPrice ? { compareAtPrice: v.compareAtPrice } : {}),
        weightGrams: v.weightGrams,
        taxClass: v.taxClass,
        active: v.active,
      })),
    };
    try {
      if (planned.expectedVersion === 0) await this.products.create(ctx, { code: product.code, ...fields });
      else await this.products.update(ctx, product.code, { expectedVersion: planned.expectedVersion, ...fields, ...(product.description ? {} : { description: undefined }) });
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      const mine = await this.commands.getVersion(ctx, PRODUCT_ENTITY, product.code, planned.expectedVersion + 1);
      if (mine?.requestId !== ctx.requestId) throw error;
    }
  }

  /** Sets on-hand at the level's validated version; a rerun that finds it set already is done. */
  private async setStock(ctx: TenantContext, sku: string, target: StockTarget): Promise<void> {
    try {
      await this.inventory.change(ctx, sku, { warehouse: target.warehouse, expectedVersion: target.expectedVersion, onHand: target.onHand, reason: 'count', note: `import ${ctx.requestId.slice('import:'.length)}` });
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      const now = (await this.inventory.levels(ctx, sku)).warehouses.find((w) => w.warehouse === target.warehouse);
      if (!(now && now.version === target.expectedVersion + 1 && now.onHand === target.onHand)) throw error;
    }
  }

  /** The stock the file sets that differs from the levels now (with their versions). */
  private async stockTargets(ctx: TenantContext, variant: VariantRow): Promise<StockTarget[]> {
    if (!variant.stock) return [];
    const levels = await this.inventory.levels(ctx, variant.sku).catch((error) => (error instanceof ShopstreamError && error.status === 404 ? { warehouses: [] as StockLevel[] } : Promise.reject(error)));
    return Object.entries(variant.stock).flatMap(([warehouse, onHand]) => {
      const level = levels.warehouses.find((w) => w.warehouse === warehouse);
      return level?.onHand === onHand ? [] : [{ warehouse, onHand, expectedVersion: level?.version ?? 0 }];
    });
  }

  private async missingCategories(ctx: TenantContext, products: ProductRows[]): Promise<Set<string>> {
    const codes = [...new Set(products.flatMap((p) => p.categoryCodes))];
    const missing = new Set<string>();
    await inParallel(codes, PARALLEL, async (code) => {
      const problems: FieldProblem[] = [];
      await this.categories.withAncestors(ctx, [code], problems);
      if (problems.length) missing.add(code);
    });
    return missing;
  }

  /** The new categories planned products name (each once, by the first product naming it), parents first. */
  private categoriesOf(plan: PlannedProduct[], created: NewCategory[]): { category: NewCategory; by: PlannedProduct }[] {
    const firstFirst = [...plan].sort((a, b) => a.product.variants[0].row - b.product.variants[0].row);
    return created.flatMap((category) => {
      const depth = category.path.split(' > ').length;
      const by = firstFirst.find((p) => p.product.categoryPaths.some((names) => names.length >= depth && pathText(names.slice(0, depth)).toLowerCase() === category.path.toLowerCase()));
      return by ? [{ category, by }] : [];
    });
  }

  private shopProblems(product: ProductRows, currency: string | undefined, missingCategories: Set<string>, pathProblems: Map<string, string>): RowProblem[] {
    const first = product.variants[0].row;
    const problems: RowProblem[] = [];
    const missing = product.categoryCodes.filter((c) => missingCategories.has(c));
    if (missing.length) problems.push({ row: first, column: 'category_codes', reason: `no category ${missing.join(', ')}` });
    for (const names of product.categoryPaths) {
      const problem = pathProblems.get(pathText(names));
      if (problem) problems.push({ row: first, column: 'category_path', reason: problem });
    }
    for (const v of product.variants) {
      if (currency && v.price.currency !== currency) problems.push({ row: v.row, column: 'currency', reason: `must be the shop currency ${currency}` });
    }
    return problems;
  }

  /** Every row of a refused product fails: its own problems, or the row that refused it. */
  private refuseProduct(product: ProductRows, problems: RowProblem[]): RowOutcomeLine[] {
    const first = problems.reduce((a, b) => (a.row <= b.row ? a : b));
    return product.variants.flatMap((v) => {
      const own = problems.filter((p) => p.row === v.row);
      const reasons = own.length ? own : [{ row: v.row, column: 'product_code', reason: `product ${product.code} is refused: row ${first.row} is` }];
      return reasons.map((p) => ({ row: v.row, productCode: product.code, sku: v.sku, outcome: 'failed' as const, column: p.column, reason: p.reason }));
    });
  }

  private failedRow(identities: Map<number, { productCode: string; sku: string }>, problem: RowProblem): RowOutcomeLine {
    const id = identities.get(problem.row) ?? { productCode: '', sku: '' };
    return { row: problem.row, ...id, outcome: 'failed', column: problem.column, reason: problem.reason };
  }

  private async fail(ctx: TenantContext, job: CommandItem<ImportAttributes>, error: string): Promise<void> {
    logger.info('import refused', { tenant: ctx.tenantCode, importId: job.code, error });
    await this.jobs.move(ctx, job, 'failed', { error });
  }

  /** The report: the validation's settled rows and every batch's rows up to `batches`, by row. */
  private async writeReport(ctx: TenantContext, job: CommandItem<ImportAttributes>, batches: number): Promise<void> {
    const paths = importFiles(this.files, ctx, job.code);
    const parts = [paths.batch('validation'), ...Array.from({ length: batches }, (_, i) => paths.batch(i))];
    const outcomes = (await Promise.all(parts.map(async (key) => JSON.parse(await this.files.read(key).catch(() => '[]')) as RowOutcomeLine[]))).flat();
    outcomes.sort(byRow);
    await this.files.write(paths.report, reportCsv(outcomes), 'text/csv');
  }
}

function reportCsv(outcomes: RowOutcomeLine[]): string {
  return [REPORT_COLUMNS.join(','), ...outcomes.map((o) => csvLine([o.row, o.productCode, o.sku, o.outcome, o.column ?? '', o.reason ?? '']))].join('\r\n') + '\r\n';
}

function countOf(outcomes: RowOutcomeLine[]): OutcomeCounts {
  const counts = { ...EMPTY_COUNTS };
  const rows = outcomes.filter((o) => !o.category);
  // A row with several problems is one failed row.
  for (const row of new Set(rows.map((o) => o.row))) counts[rows.find((o) => o.row === row)!.outcome]++;
  return counts;
}

/** By row; a row's new categories before its own outcome. */
const byRow = (a: RowOutcomeLine, b: RowOutcomeLine) => a.row - b.row || Number(!!b.category) - Number(!!a.category);

/** Every path the products name, once. */
function uniquePaths(products: ProductRows[]): string[][] {
  const seen = new Map<string, string[]>();
  for (const names of products.flatMap((p) => p.categoryPaths)) seen.set(pathText(names), names);
  return [...seen.values()];
}

function addCounts(a: OutcomeCounts, b: OutcomeCounts): OutcomeCounts {
  return { created: a.created + b.created, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged, failed: a.failed + b.failed };
}

function newStock(variant: VariantRow): StockTarget[] {
  return Object.entries(variant.stock ?? {}).map(([warehouse, onHand]) => ({ warehouse, onHand, expectedVersion: 0 }));
}

const samePrice = (a: Money | undefined, b: Money | undefined) => a?.amount === b?.amount && a?.currency === b?.currency;

/** Whether the product's newest version already is what the rows say (prices compared as each variant sells). */
function sameProduct(rows: ProductRows, stored: CommandItem<ProductAttributes>): boolean {
  const p = withVariants(stored.attributes);
  const options = rows.optionNames.map((name) => ({ name, values: [...new Set(rows.variants.map((v) => v.options[name]))] }));
  return (
    (stored.name ?? stored.code) === rows.name &&
    (p.description ?? '') === rows.description &&
    p.categoryCodes.join('|') === rows.categoryCodes.join('|') &&
    p.active === rows.active &&
    JSON.stringify(p.options) === JSON.stringify(options) &&
    p.variants.length === rows.variants.length &&
    p.variants.every((v, i) => {
      const r = rows.variants[i];
      return (
        v.sku === r.sku &&
        JSON.stringify(rows.optionNames.map((n) => v.options[n])) === JSON.stringify(rows.optionNames.map((n) => r.options[n])) &&
        Object.keys(v.options).length === rows.optionNames.length &&
        samePrice(v.price ?? p.price, r.price) &&
        samePrice(v.compareAtPrice, r.compareAtPrice) &&
        v.weightGrams === r.weightGrams &&
        v.taxClass === r.taxClass &&
        v.active === r.active
      );
    })
  );
}

/** `variants.3.price` → 3: which variant (row of the product) a refused field is about. */
function rowOfField(problem: FieldProblem, index: number): number | undefined {
  const match = /^variants\.(\d+)\./.exec(problem.field);
  return match && Number(match[1]) === index ? index : undefined;
}

const FIELD_COLUMNS: [RegExp, string][] = [
  [/^code$/, 'product_code'],
  [/^name$/, 'product_name'],
  [/^description$/, 'description'],
  [/^categoryCodes/, 'category_codes'],
  [/^active$/, 'active'],
  [/options/, 'options'],
  [/\.sku$|^sku$/, 'sku'],
  [/compareAtPrice/, 'compare_at_price'],
  [/currency/, 'currency'],
  [/price/, 'price'],
  [/weightGrams/, 'weight_grams'],
  [/taxClass/, 'tax_class'],
  [/variants\.\d+\.active/, 'variant_active'],
];

/** The CSV column of a field the catalog refused. */
function columnOf(field: string): string {
  return FIELD_COLUMNS.find(([pattern]) => pattern.test(field))?.[1] ?? field;
}

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}
