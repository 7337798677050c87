import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { EntityResponse } from '../../../http/responses/entity.response';
import { TenantLimitsDto } from './tenant.dto';

@ApiSchema({ name: 'TenantAttributes', description: 'src/modules/tenant/tenant.model.ts; more properties may be added' })
export class TenantAttributesResponse {
  @ApiProperty({ type: Boolean, description: 'false: every call of the tenant is refused (403)' })
  enabled!: boolean;

  @ApiPropertyOptional({ type: String, example: 'owner@shop-a.example' })
  contactEmail?: string;

  @ApiProperty({ type: 'integer', example: 1000, description: 'sales tax in basis points (1000 = 10%)' })
  taxRateBps!: number;

  @ApiProperty({ type: String, example: 'USD', description: 'ISO 4217; every price of the shop is in it' })
  currency!: string;

  @ApiPropertyOptional({ type: TenantLimitsDto, description: 'the limits set; absent ones take the defaults' })
  limits?: TenantLimitsDto;
}

@ApiSchema({ name: 'Tenant' })
export class TenantResponse extends EntityResponse {
  @ApiProperty({ type: TenantAttributesResponse })
  attributes!: TenantAttributesResponse;
}

@ApiSchema({ name: 'TenantPage' })
export class TenantPageResponse {
  @ApiProperty({ type: [TenantResponse] })
  items!: TenantResponse[];

  @ApiPropertyOptional({ type: String, description: 'opaque; pass it as `cursor` for the next page; absent on the last page' })
  cursor?: string;
}
