import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { MoneyDto } from '../../../http/money.dto';
import { EntityResponse } from '../../../http/responses/entity.response';
import { MediaResponse } from './media.dto';
import { STOCK_STATES } from '../variant-stock';

@ApiSchema({ name: 'ProductOption' })
export class ProductOptionResponse {
  @ApiProperty({ type: String, example: 'Size' }) name!: string;
  @ApiProperty({ type: [String], example: ['S', 'M'] }) values!: string[];
}

@ApiSchema({ name: 'ProductVariant' })
export class ProductVariantResponse {
  @ApiProperty({ type: String }) sku!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) options!: Record<string, string>;
  @ApiPropertyOptional({ type: MoneyDto, description: "absent: the product's price" }) price?: MoneyDto;
  @ApiPropertyOptional({ type: MoneyDto }) compareAtPrice?: MoneyDto;
  @ApiProperty({ type: 'integer' }) weightGrams!: number;
  @ApiProperty({ type: String }) taxClass!: string;
  @ApiProperty({ type: Boolean }) active!: boolean;
  @ApiPropertyOptional({
    enum: STOCK_STATES,
    description:
      "GET /products/{code} only: for display. out_of_stock when no warehouse has any available, low when what is available is under the warehouses' lowStockThreshold added up, else in_stock. Read when the product is read from the stock levels (eventually consistent: it may miss the last second's sales); adding to a cart and completing check the stock again in their own writes",
  })
  stockState?: string;
}

@ApiSchema({ name: 'ProductAttributes', description: 'src/modules/catalog/product.model.ts; more properties may be added' })
export class ProductAttributesResponse {
  @ApiProperty({ type: String, example: 'CUP-ESP-WHT', description: 'the first variant (a product without variants: its SKU)' })
  sku!: string;

  @ApiProperty({ type: MoneyDto })
  price!: MoneyDto;

  @ApiProperty({ type: [ProductOptionResponse] })
  options!: ProductOptionResponse[];

  @ApiProperty({ type: [ProductVariantResponse], description: 'shoppers see the active ones only' })
  variants!: ProductVariantResponse[];

  @ApiProperty({ type: [String], example: ['kitchen'] })
  categoryCodes!: string[];

  @ApiPropertyOptional({ type: [String], example: ['kitchen', 'home'], description: "active products: the categories each followed by its ancestors, as when this version was written (a category's parent never changes)" })
  categoryPath?: string[];

  @ApiPropertyOptional({ type: String })
  description?: string;

  @ApiProperty({ type: [String], description: 'URLs hosted elsewhere, as given on create or change (kept as they are); images uploaded to the shop are `media`' })
  images!: string[];

  @ApiPropertyOptional({ type: [MediaResponse], description: 'GET /products/{code} only: the images uploaded through `POST /products/{code}/media`, by position, with rendition URLs, width and height (srcset-ready)' })
  media?: MediaResponse[];

  @ApiProperty({ type: Boolean, description: 'customers see active products only' })
  active!: boolean;
}

@ApiSchema({ name: 'Product' })
export class ProductResponse extends EntityResponse {
  @ApiProperty({ type: ProductAttributesResponse })
  attributes!: ProductAttributesResponse;
}

@ApiSchema({ name: 'ProductPage' })
export class ProductPageResponse {
  @ApiProperty({ type: [ProductResponse] })
  items!: ProductResponse[];

  @ApiPropertyOptional({ type: String, description: 'opaque; pass it as `cursor` for the next page; absent on the last page' })
  cursor?: string;
}
