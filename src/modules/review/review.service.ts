import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { CommandItem } from '../../core/entity';
import { ConflictError, ValidationFailedError } from '../../core/errors';
import { isStaff, TenantContext } from '../../core/tenant-context';
import { readModel, TenantScope } from '../../read-model/read-model';
import { ProductService } from '../catalog';
import { CreateReviewDto, ModerateReviewDto } from './dto/review.dto';
import { reviewListPage, ReviewListRequest } from './review-list';
import { REVIEW_ENTITY, ReviewAttributes, reviewCode, ReviewSummary } from './review.model';

/** Order statuses after which the buyer may review what the order held. */
const REVIEWABLE = ['delivered', 'completed'];

/**
 * Reviews: written as versioned entities (one per customer and product, so "once" is the
 * version-0 condition of the write), read from the read model with their summary. Who may
 * write one is read from the read model too (their orders' newest versions): it may lag the
 * delivery by moments, which refuses a review too early, never allows one too many.
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly commands: CommandService,
    private readonly products: ProductService,
  ) {}

  async create(ctx: TenantContext, productCode: string, dto: CreateReviewDto): Promise<CommandItem<ReviewAttributes>> {
    await this.products.get(ctx, productCode);
    const bought = await (await readModel()).forTenant(ctx.tenantCode, (scope) =>
      scope.query(`SELECT 1 FROM purchase WHERE tenant = $1 AND customer = $2 AND status = ANY($3::text[]) AND $4 = ANY(product_codes) LIMIT 1`, [scope.tenant, ctx.userId, REVIEWABLE, productCode]),
    );
    if (!bought.length) throw new ConflictError(`a review of ${productCode} needs a delivered order of yours containing it`, { limit: 'delivered_order' });
    const attributes: ReviewAttributes = { productCode, customerId: ctx.userId, rating: dto.rating, title: dto.title, body: dto.body, hidden: false };
    try {
      return await this.commands.publish(ctx, { type: REVIEW_ENTITY, code: reviewCode(productCode, ctx.userId), attributes }, { expectedVersion: 0 });
    } catch (error) {
      if ((error as { status?: number }).status === 409) throw new ConflictError(`you have reviewed ${productCode} already`, { currentVersion: 1 });
      throw error;
    }
  }

  async moderate(ctx: TenantContext, code: string, dto: ModerateReviewDto): Promise<CommandItem<ReviewAttributes>> {
    return this.commands.update<ReviewAttributes>(ctx, REVIEW_ENTITY, code, dto.expectedVersion, (current) => ({ attributes: { ...current.attributes, hidden: dto.hidden } }));
  }

  /** Every review of the shop for staff to moderate, newest first, filtered (review-list.ts). */
  async list(ctx: TenantContext, request: ReviewListRequest) {
    return (await readModel()).forTenant(ctx.tenantCode, (scope) => reviewListPage(scope, request));
  }

  async ofProduct(ctx: TenantContext, productCode: string, page: { limit: number; cursor?: string }) {
    await this.products.get(ctx, productCode);
    const admin = isStaff(ctx);
    const after = page.cursor !== undefined ? decodeCursor(page.cursor) : undefined;
    return (await readModel()).forTenant(ctx.tenantCode, async (scope) => {
      const rows = await scope.query<{ code: string; version: number; rating: number; title: string; body: string; hidden: boolean; created_at: Date }>(
        `SELECT code, version, rating, title, body, hidden, created_at FROM review
          WHERE tenant = $1 AND product_code = $2 AND ($3::boolean OR NOT hidden)
            AND ($4::timestamptz IS NULL OR (created_at, code) < ($4::timestamptz, $5::text))
          ORDER BY created_at DESC, code DESC LIMIT $6`,
        [scope.tenant, productCode, admin, after?.at ?? null, after?.code ?? '', page.limit + 1],
      );
      const items = rows.slice(0, page.limit);
      const last = items[items.length - 1];
      return {
        summary: await reviewSummary(scope, productCode),
        items: items.map((r) => ({
          code: r.code,
          version: r.version,
          rating: r.rating,
          title: r.title,
          body: r.body,
          createdAt: new Date(r.created_at).toISOString(),
          ...(admin ? { hidden: r.hidden } : {}),
        })),
        ...(rows.length > page.limit && last ? { cursor: Buffer.from(JSON.stringify({ at: new Date(last.created_at).toISOString(), code: last.code })).toString('base64url') } : {}),
      };
    });
  }
}

/** Average, count and distribution of a product's visible reviews. */
export async function reviewSummary(scope: TenantScope, productCode: string): Promise<ReviewSummary> {
  const rows = await scope.query<{ rating: number; n: number }>(
    'SELECT rating, count(*)::int AS n FROM review WHERE tenant = $1 AND product_code = $2 AND NOT hidden GROUP BY rating',
    [scope.tenant, productCode],
  );
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const row of rows) distribution[String(row.rating) as keyof typeof distribution] = row.n;
  const count = rows.reduce((sum, r) => sum + r.n, 0);
  const average = count ? Math.round((rows.reduce((sum, r) => sum + r.rating * r.n, 0) / count) * 100) / 100 : null;
  return { average, count, distribution };
}

function decodeCursor(raw: string): { at: string; code: string } {
  try {
    const cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { at: string; code: string };
    if (typeof cursor.at === 'string' && !Number.isNaN(Date.parse(cursor.at)) && typeof cursor.code === 'string') return cursor;
  } catch {
    // refused below
  }
  throw new ValidationFailedError([{ field: 'cursor', problem: 'is not a cursor of these reviews' }]);
}

