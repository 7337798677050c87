import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class WishDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'mail me when it is back in stock' })
  @IsOptional()
  @IsBoolean()
  notify?: boolean;
}

@ApiSchema({ name: 'Wish' })
export class WishResponse {
  @ApiProperty({ type: String }) sku!: string;
  @ApiProperty({ type: Boolean }) notify!: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) addedAt!: string;
}

@ApiSchema({ name: 'Wishlist' })
export class WishlistResponse {
  @ApiProperty({ type: 'integer', description: '0 before the first change' }) version!: number;
  @ApiProperty({ type: [WishResponse] }) items!: WishResponse[];
}
