import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { ProductPageResponse, ProductResponse } from './dto/product.response';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { CodeParam } from '../../http/code-param.pipe';
import { pageView } from '../../http/page-view';
import { CreateProductDto, ListProductsQueryDto, UpdateProductDto } from './dto/product.dto';
import { ProductService } from './product.service';
import { ProductListService } from './product-list.service';
import { ProductAttributes, withVariants } from './product.model';
import { CommandItem } from '../../core/entity';
import { MediaLibrary } from '../media';
import { VariantStockStates } from './variant-stock';

/** The product's variants (a product made with one plain `sku` is one default variant). */
const variantsOf = (product: CommandItem<ProductAttributes>) => withVariants(product.attributes).variants;

@ApiTags('products')
@ApiBearerAuth()
@Controller('products')
export class ProductController {
  constructor(
    private readonly products: ProductService,
    private readonly productList: ProductListService,
    private readonly media: MediaLibrary,
    private readonly stock: VariantStockStates,
  ) {}

  @Post()
  @Allow('catalog.write')
  @ApiOperation({ summary: 'Create a product (version 1)' })
  @ApiResponse({ status: 201, description: 'The product, version 1', type: ProductResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 409, 413, 422, 504)
  async create(@Tenant() ctx: TenantContext, @Body() dto: CreateProductDto) {
    return entityView(await this.products.create(ctx, dto));
  }

  @Patch(':code')
  @Allow('catalog.write')
  @ApiOperation({ summary: 'Change a product, with the version you last read' })
  @ApiResponse({ status: 200, description: 'The product at its new version', type: ProductResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async update(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: UpdateProductDto) {
    return entityView(await this.products.update(ctx, code, dto));
  }

  @Get()
  @Allow('catalog.read')
  @Roles('customer', 'guest')
  @ApiOperation({
    summary: 'List products; customers see active ones only',
    description:
      'With `active`, `limit` and `cursor` only: read from the products themselves, in code order. Staff with `q`, `category`, `stock` or `sort`: ' +
      "served by the read model, which follows the catalog and stock within moments (the feed's delay): a page may miss the newest change; GET /products/{code} is always current. " +
      'Each page costs one read-model statement and one batch read of its products. A cursor works only with the query (shop, filters, sort) it came from. A shopper giving a staff filter: 400 naming it.',
  })
  @ApiResponse({ status: 200, description: 'A page of products', type: ProductPageResponse })
  @ApiErrors(400, 401, 403, 503, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: ListProductsQueryDto) {
    return pageView(await this.productList.list(ctx, query));
  }

  @Get(':code')
  @Allow('catalog.read')
  @Roles('customer', 'guest')
  @ApiOperation({ summary: 'Read one product' })
  @ApiResponse({ status: 200, description: "The product (newest version), with its images (`attributes.media`) and each variant's `stockState`", type: ProductResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async get(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    const product = await this.products.get(ctx, code);
    // The images are entities of their own, joined at read time: an upload never bumps the product's version.
    const [media, states] = await Promise.all([this.media.list(ctx, { kind: 'product', code }), this.stock.of(ctx, variantsOf(product).map((v) => v.sku))]);
    const view = entityView(product);
    const variants = variantsOf(product).map((v) => ({ ...v, stockState: states.get(v.sku) }));
    return { ...view, attributes: { ...view.attributes, variants, media } };
  }
}
