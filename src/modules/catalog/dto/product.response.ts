import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { MoneyDto } from '../../../http/money.dto';
import { EntityResponse } from '../../../http/responses/entity.response';

@ApiSchema({ name: 'ProductAttributes', description: 'src/modules/catalog/product.model.ts; more properties may be added' })
export class ProductAttributesResponse {
  @ApiProperty({ type: String, example: 'CUP-ESP-WHT' })
  sku!: string;

  @ApiProperty({ type: MoneyDto })
  price!: MoneyDto;

  @ApiPropertyOptional({ type: String, example: 'kitchen' })
  categoryCode?: string;

  @ApiPropertyOptional({ type: String })
  description?: string;

  @ApiProperty({ type: [String] })
  images!: string[];

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
