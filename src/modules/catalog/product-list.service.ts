import { Injectable } from '@nestjs/common';
import { DataService } from '../../core/data.service';
import { EntityRecord, Page } from '../../core/entity';
import { ValidationFailedError } from '../../core/errors';
import { DEFAULT_PAGE_SIZE } from '../../core/pagination';
import { isStaff, TenantContext } from '../../core/tenant-context';
import { readModel } from '../../read-model/read-model';
import { ListProductsQueryDto } from './dto/product.dto';
import { productListPage } from './product-list';
import { PRODUCT_ENTITY } from './product.keys';
import { ProductAttributes, withVariants } from './product.model';
import { ProductService } from './product.service';

/** The parameters only the staff's list takes (served by the read model). */
const STAFF_FILTERS = ['q', 'category', 'stock', 'sort'] as const;

/**
 * `GET /products`: today's list (code order, `active` at most) from the data table, as before;
 * the staff's searched, filtered or sorted list from the read model. Lives with the HTTP module:
 * the stream and schedule Lambdas, which load CatalogModule, never open the read model.
 */
@Injectable()
export class ProductListService {
  constructor(
    private readonly products: ProductService,
    private readonly data: DataService,
  ) {}

  async list(ctx: TenantContext, query: ListProductsQueryDto): Promise<Page<EntityRecord<ProductAttributes>>> {
    const { active, limit, cursor } = query;
    const activeOnly = active === undefined ? undefined : active === 'true';
    const filters = STAFF_FILTERS.filter((name) => query[name] !== undefined);
    if (!filters.length) return this.products.list(ctx, { limit, cursor }, activeOnly);
    if (!isStaff(ctx)) throw new ValidationFailedError(filters.map((field) => ({ field, problem: "filters the staff's product list only; shoppers search with GET /search/products" })));
    const request = {
      ...(query.q !== undefined ? { q: query.q } : {}),
      ...(query.category !== undefined ? { category: query.category } : {}),
      ...(activeOnly !== undefined ? { active: activeOnly } : {}),
      ...(query.stock !== undefined ? { stock: query.stock } : {}),
      sort: query.sort ?? 'name',
      limit: limit ?? DEFAULT_PAGE_SIZE,
      ...(cursor !== undefined ? { cursor } : {}),
    };
    const page = await (await readModel()).forTenant(ctx.tenantCode, (scope) => productListPage(scope, request));
    // The newest applied version of each: the list's row may lag it by the feed's delay.
    const found = await this.data.getMany<ProductAttributes>(ctx, PRODUCT_ENTITY, page.codes);
    const items = page.codes.flatMap((code) => found.get(code) ?? []).map((p) => ({ ...p, attributes: withVariants(p.attributes) }));
    return { items, ...(page.cursor ? { cursor: page.cursor } : {}) };
  }
}
