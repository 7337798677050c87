import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { AddressDto } from '../../order/http';
import { EmailAddress, SingleLineText } from '../../../http/plain-text';
import { CODE_MESSAGE, CODE_PATTERN, COUPON_CODE_MESSAGE, COUPON_CODE_PATTERN } from '../../../http/codes';

const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Every cart change may name the version it was made from: 409 with the current one when stale. Without it, the change applies to the newest version. */
export class CartChangeDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'the cart version you last read; 409 with the current version when it is not the newest' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class AddCartLineDto extends CartChangeDto {
  @ApiProperty({ example: 'TEE-RED-M', description: 'the variant SKU' })
  @Matches(SKU_PATTERN, { message: CODE_MESSAGE })
  sku!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 2, description: "added to the line of the same SKU if there is one; the cart must stay within the shop's order limits (maxLineQuantity a line, maxOrderUnits in all, 25 lines): else 400 naming quantity (sku for a 26th line)" })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity!: number;
}

export class ChangeCartLineDto extends CartChangeDto {
  @ApiProperty({ type: 'integer', minimum: 1, example: 3, description: "the line's new quantity (remove a line with DELETE), within the shop's maxLineQuantity and maxOrderUnits (else 400 naming quantity)" })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity!: number;
}

export class SetCartEmailDto extends CartChangeDto {
  @ApiProperty({ example: 'guest@example.com', description: "where a guest's order mails go" })
  @EmailAddress()
  @MaxLength(254)
  email!: string;
}

export class SetCartAddressesDto extends CartChangeDto {
  @ApiPropertyOptional({ type: AddressDto, description: 'required unless shippingAddressId names one of your address book (not both)' })
  @ValidateIf((dto: SetCartAddressesDto) => dto.shippingAddressId === undefined)
  @ValidateNested()
  @Type(() => AddressDto)
  shippingAddress?: AddressDto;

  @ApiPropertyOptional({ example: '01jf3q5d8x9v2k7m4n6p0r1s2t', description: 'a signed-in customer: the `id` of an address of GET /me/addresses, used instead of shippingAddress (unknown: 400 naming it)' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  shippingAddressId?: string;

  @ApiPropertyOptional({ type: AddressDto, description: 'defaults to the shipping address' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  billingAddress?: AddressDto;

  @ApiPropertyOptional({ example: '01jf3q5d8x9v2k7m4n6p0r1s2t', description: 'a signed-in customer: the `id` of an address of GET /me/addresses as the billing address, instead of billingAddress (unknown: 400 naming it)' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  billingAddressId?: string;

  @ApiPropertyOptional({ example: 'DE123456789', description: "an EU VAT id, checked against the billing (else shipping) country's format; with it, an EU buyer in another EU country than the shop's pays no VAT (reverse charge)" })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @Length(4, 20)
  vatId?: string;
}

export class SetShippingMethodDto extends CartChangeDto {
  @ApiProperty({ example: 'standard', description: 'one of GET /carts/:id/shipping-options' })
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  methodCode!: string;
}

export class ApplyCouponDto extends CartChangeDto {
  @ApiProperty({ example: 'WELCOME10', description: 'case does not matter' })
  @Matches(COUPON_CODE_PATTERN, { message: COUPON_CODE_MESSAGE })
  code!: string;
}

export class MergeCartDto extends CartChangeDto {
  @ApiProperty({ example: '01JD0000000000000000000000', description: 'the guest cart to fold into this one' })
  @Matches(/^[A-Za-z0-9]{10,40}$/, { message: 'must be a cart id' })
  guestCartId!: string;

  @ApiProperty({ description: "the guest cart's token (from its creation)" })
  @IsString()
  @SingleLineText()
  @Length(1, 200)
  guestCartToken!: string;
}

export class CartVersionQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'the cart version you last read; 409 when stale' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
