import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { cancellationReasons } from '../../core/dynamo';
import { CommandItem, Page } from '../../core/entity';
import { ConflictError, FieldProblem, NotFoundError, ValidationFailedError } from '../../core/errors';
import { PageRequest } from '../../core/pagination';
import { isStaff, TenantContext } from '../../core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { CategoryAttributes } from './category.model';
import { CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';
import { CATEGORY_ENTITY, categoryProductPrefix, categorySlugKey } from './product.keys';

/** How deep a category tree may go (a product lists under at most this many ancestors per category). */
export const MAX_CATEGORY_DEPTH = 8;

export interface CategoryProduct {
  categoryCode: string;
  productCode: string;
  name: string;
  sku: string;
  price: { amount: number; currency: string };
}

/**
 * The category tree: versioned entities with a unique slug (a claim item moved with the
 * version) and a parent fixed at creation, so a product's listing under its categories'
 * ancestors, written with the product, never goes stale.
 */
@Injectable()
export class CategoryService {
  constructor(
    private readonly commands: CommandService,
    private readonly items: TenantItemStore,
  ) {}

  async create(ctx: TenantContext, dto: CreateCategoryDto): Promise<CommandItem<CategoryAttributes>> {
    const { code, name, ...rest } = dto;
    if (rest.parentCode) {
      const problems: FieldProblem[] = [];
      const chain = await this.withAncestors(ctx, [rest.parentCode], problems, 'parentCode');
      if (problems.length) throw new ValidationFailedError(problems);
      if (chain.length >= MAX_CATEGORY_DEPTH) throw new ValidationFailedError([{ field: 'parentCode', problem: `a category tree is at most ${MAX_CATEGORY_DEPTH} deep` }]);
    }
    const attributes: CategoryAttributes = { ...rest, position: rest.position ?? 0, active: rest.active ?? true };
    return this.write(ctx, code, name, attributes);
  }

  async update(ctx: TenantContext, code: string, dto: UpdateCategoryDto): Promise<CommandItem<CategoryAttributes>> {
    const { expectedVersion, name, ...changes } = dto;
    let slug: string | undefined;
    return this.slugTaken(ctx, () => slug, () =>
      this.commands.update<CategoryAttributes>(ctx, CATEGORY_ENTITY, code, expectedVersion, (current) => {
        const attributes = { ...current.attributes, ...changes };
        const moved = attributes.slug !== current.attributes.slug;
        if (moved) slug = attributes.slug;
        return { name: name ?? current.name, attributes, alsoWrite: moved ? this.slugWrites(code, attributes.slug, current.attributes.slug) : [] };
      }),
    );
  }

  async get(ctx: TenantContext, code: string): Promise<CommandItem<CategoryAttributes>> {
    const category = await this.commands.getLatest<CategoryAttributes>(ctx, CATEGORY_ENTITY, code);
    if (!category || (!category.attributes.active && !isStaff(ctx))) throw new NotFoundError('category', code);
    return category;
  }

  /** The whole tree, newest versions, by parent then position (shoppers: active ones). */
  async list(ctx: TenantContext): Promise<CommandItem<CategoryAttributes>[]> {
    const all = await this.commands.latestOfType<CategoryAttributes>(ctx, CATEGORY_ENTITY, 2000);
    return all
      .filter((c) => isStaff(ctx) || c.attributes.active)
      .sort((a, b) => (a.attributes.parentCode ?? '').localeCompare(b.attributes.parentCode ?? '') || a.attributes.position - b.attributes.position || a.code.localeCompare(b.code));
  }

  /** Active products of the category and every descendant: one Query per page of its listing. */
  async products(ctx: TenantContext, code: string, page: PageRequest): Promise<Page<CategoryProduct>> {
    await this.get(ctx, code);
    return this.items.list<CategoryProduct>(ctx, categoryProductPrefix(code), page);
  }

  /**
   * The given categories each followed by its ancestors (newest versions), without repeats.
   * An unknown category is a problem of `field`.
   */
  async withAncestors(ctx: TenantContext, codes: readonly string[], problems: FieldProblem[], field = 'categoryCodes'): Promise<string[]> {
    const out: string[] = [];
    for (const [i, code] of codes.entries()) {
      let next: string | undefined = code;
      for (let depth = 0; next && depth <= MAX_CATEGORY_DEPTH; depth++) {
        const category: CommandItem<CategoryAttributes> | undefined = await this.commands.getLatest<CategoryAttributes>(ctx, CATEGORY_ENTITY, next);
        if (!category) {
          problems.push({ field: field === 'categoryCodes' ? `categoryCodes.${i}` : field, problem: `no category ${next}` });
          break;
        }
        if (!out.includes(next)) out.push(next);
        next = category.attributes.parentCode;
      }
    }
    return out;
  }

  private async write(ctx: TenantContext, code: string, name: string | undefined, attributes: CategoryAttributes) {
    return this.slugTaken(ctx, () => attributes.slug, () =>
      this.commands.publish(ctx, { type: CATEGORY_ENTITY, code, name, attributes }, { expectedVersion: 0, alsoWrite: this.slugWrites(code, attributes.slug) }),
    );
  }

  /** Reason: a slug names one category of the shop; a moved slug frees the old one. */
  private slugWrites(code: string, slug: string, previous?: string): TenantWrite[] {
    return [
      { put: { sk: categorySlugKey(slug), categoryCode: code }, condition: 'attribute_not_exists(pk) OR categoryCode = :code', values: { ':code': code } },
      ...(previous ? [{ remove: categorySlugKey(previous), condition: 'categoryCode = :code', values: { ':code': code } }] : []),
    ];
  }

  /** Runs a publish whose transaction puts a slug claim right after the version: a slug another category holds is a 409 naming it. */
  private async slugTaken<T>(ctx: TenantContext, slug: () => string | undefined, publish: () => Promise<T>): Promise<T> {
    try {
      return await publish();
    } catch (error) {
      const claimed = slug();
      if (!claimed || cancellationReasons(error)?.[1] !== 'ConditionalCheckFailed') throw error;
      const holder = await this.items.get<{ categoryCode: string }>(ctx, categorySlugKey(claimed));
      throw new ConflictError(`slug ${claimed} belongs to category ${holder?.categoryCode ?? '?'}`, { field: 'slug' });
    }
  }
}
