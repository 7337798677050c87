import { ApiProperty, ApiPropertyOptional, ApiSchema, IntersectionType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../../http/page-query.dto';
import { MoneyDto } from '../../../http/money.dto';
import { EmailAddress, MultiLineText, SingleLineText } from '../../../http/plain-text';
import { AddressDto, ReturnResponse } from '../../order/http';
import { CONSENT_SOURCES, CUSTOMER_STATUSES, MAX_ADDRESSES } from '../customer.model';
import { CUSTOMER_SORTS } from '../customer-directory';
import { ORDER_STATUSES } from '../../order';

const PHONE_PATTERN = /^\+[1-9][0-9]{6,14}$/;

export class MarketingConsentDto {
  @ApiProperty({ description: 'true: the customer agrees to marketing mails; false withdraws it' })
  @IsBoolean()
  granted!: boolean;

  @ApiProperty({ enum: CONSENT_SOURCES, description: 'where the customer said so; the time is the server’s' })
  @IsIn(CONSENT_SOURCES)
  source!: (typeof CONSENT_SOURCES)[number];
}

export class UpdateMeDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'the version you last read (0: the profile is not written yet, this creates it); 409 when stale' })
  @IsInt()
  @Min(0)
  expectedVersion!: number;

  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'ada@example.com', description: 'only when your token carries no verified email (then it is kept unverified); with one, 400' })
  @IsOptional()
  @EmailAddress()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+4930123456', description: 'E.164: a plus, the country code and the number, digits only' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'must be an E.164 phone number such as +4930123456' })
  phone?: string;

  @ApiPropertyOptional({ type: MarketingConsentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MarketingConsentDto)
  marketingConsent?: MarketingConsentDto;
}

/** The defaults an address change may move: true makes it this address, false clears it when it was this one. */
class AddressDefaultsDto {
  @ApiPropertyOptional({ description: 'make it (true) or stop it being (false) the default shipping address' })
  @IsOptional()
  @IsBoolean()
  defaultShipping?: boolean;

  @ApiPropertyOptional({ description: 'make it (true) or stop it being (false) the default billing address' })
  @IsOptional()
  @IsBoolean()
  defaultBilling?: boolean;
}

export class CreateBookAddressDto extends IntersectionType(AddressDto, AddressDefaultsDto) {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'the profile version you last read (0: not written yet); 409 when stale' })
  @IsInt()
  @Min(0)
  expectedVersion!: number;
}

export class UpdateBookAddressDto extends IntersectionType(PartialType(AddressDto), AddressDefaultsDto) {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'the profile version you last read; 409 when stale' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;
}

export class ProfileVersionQueryDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'the profile version you last read; 409 when stale' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  expectedVersion!: number;
}

export class StaffUpdateCustomerDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'the version you last read; 409 when stale' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional({ description: 'staff notes, never shown to the customer' })
  @IsOptional()
  @IsString()
  @MultiLineText()
  @MaxLength(2000)
  notes?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_STATUSES, description: "also the customer's account status: a disabled customer is refused on their next request (a customer without an account, never signed up, has only the profile's)" })
  @IsOptional()
  @IsIn(CUSTOMER_STATUSES)
  status?: (typeof CUSTOMER_STATUSES)[number];
}

@ApiSchema({ name: 'MarketingConsent' })
export class MarketingConsentResponse {
  @ApiProperty({ type: Boolean }) granted!: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ enum: CONSENT_SOURCES }) source!: string;
}

@ApiSchema({ name: 'BookAddress' })
export class BookAddressResponse {
  @ApiProperty({ type: String, description: 'stable while the address is edited' }) id!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) line1!: string;
  @ApiPropertyOptional({ type: String }) line2?: string;
  @ApiProperty({ type: String }) city!: string;
  @ApiProperty({ type: String }) postalCode!: string;
  @ApiProperty({ type: String }) country!: string;
  @ApiPropertyOptional({ type: String }) region?: string;
}

@ApiSchema({ name: 'AddressBook' })
export class AddressBookResponse {
  @ApiProperty({ type: 'integer', description: 'the profile version (0: not written yet)' }) version!: number;
  @ApiProperty({ type: [BookAddressResponse], maxItems: MAX_ADDRESSES }) items!: BookAddressResponse[];
  @ApiPropertyOptional({ type: String }) defaultShippingId?: string;
  @ApiPropertyOptional({ type: String }) defaultBillingId?: string;
}

@ApiSchema({ name: 'MyProfile' })
export class MeResponse extends AddressBookResponse {
  @ApiProperty({ type: String, description: 'the customer id staff use in /customers/{id}' }) id!: string;
  @ApiPropertyOptional({ type: String }) name?: string;
  @ApiPropertyOptional({ type: String }) email?: string;
  @ApiProperty({ type: Boolean, description: "true only when the email is the token's verified claim" }) emailVerified!: boolean;
  @ApiPropertyOptional({ type: String }) phone?: string;
  @ApiPropertyOptional({ type: MarketingConsentResponse }) marketingConsent?: MarketingConsentResponse;
  @ApiProperty({ enum: CUSTOMER_STATUSES }) status!: string;
}

@ApiSchema({ name: 'Customer' })
export class CustomerResponse extends MeResponse {
  @ApiPropertyOptional({ type: String, description: 'staff notes' }) notes?: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}

/** `limit` (1-100, default 20) and `cursor` (of the previous page, same query and sort) from PageQueryDto. */
export class ListCustomersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'ada', description: 'part of the name or email, any case (at least 2 characters)' })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @Length(2, 100)
  q?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_STATUSES })
  @IsOptional()
  @IsIn(CUSTOMER_STATUSES)
  status?: (typeof CUSTOMER_STATUSES)[number];

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: customers with at least one order; false: none' })
  @IsOptional()
  @IsIn(['true', 'false'])
  hasOrders?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'whether they granted marketing consent' })
  @IsOptional()
  @IsIn(['true', 'false'])
  marketingConsent?: 'true' | 'false';

  @ApiPropertyOptional({ enum: CUSTOMER_SORTS, default: 'createdAt', description: 'newest (or highest) first; ties by id' })
  @IsOptional()
  @IsIn(CUSTOMER_SORTS)
  sort?: (typeof CUSTOMER_SORTS)[number];

}

@ApiSchema({ name: 'CustomerLastOrder' })
export class CustomerLastOrderResponse {
  @ApiProperty({ type: String, example: 'ORD-000042' }) code!: string;
  @ApiProperty({ type: String, format: 'date-time' }) placedAt!: string;
}

/** The order facts of the read model: they lag the feed by its delay, as reports do. */
class CustomerOrderFactsResponse {
  @ApiProperty({ type: 'integer', description: 'orders placed (any status), from the read model' }) ordersCount!: number;
  @ApiProperty({ type: [MoneyDto], description: 'per currency, minor units: orders past confirmation and not cancelled (as the sales report counts them)' }) lifetimeValue!: MoneyDto[];
  @ApiPropertyOptional({ type: CustomerLastOrderResponse, description: 'the newest order placed' }) lastOrder?: CustomerLastOrderResponse;
}

@ApiSchema({ name: 'CustomerListItem' })
export class CustomerListItemResponse extends CustomerOrderFactsResponse {
  @ApiProperty({ type: String, description: 'the id of GET /customers/{id}' }) id!: string;
  @ApiProperty({ type: Boolean, description: 'false: known from orders placed while signed in, no profile yet (GET /customers/{id} is 404 until they write one)' }) hasProfile!: boolean;
  @ApiPropertyOptional({ type: String }) name?: string;
  @ApiPropertyOptional({ type: String }) email?: string;
  @ApiProperty({ enum: CUSTOMER_STATUSES }) status!: string;
  @ApiProperty({ type: Boolean }) marketingConsent!: boolean;
  @ApiProperty({ type: String, format: 'date-time', description: 'the profile was made, or (no profile) the first order placed' }) createdAt!: string;
}

@ApiSchema({ name: 'CustomerPage' })
export class CustomerPageResponse {
  @ApiProperty({ type: [CustomerListItemResponse] }) items!: CustomerListItemResponse[];
  @ApiPropertyOptional({ type: String, description: 'absent on the last page' }) cursor?: string;
}

@ApiSchema({ name: 'CustomerOrderSummary' })
export class CustomerOrderSummaryResponse {
  @ApiProperty({ type: String, example: 'ORD-000042' }) code!: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status!: string;
  @ApiProperty({ type: MoneyDto }) total!: MoneyDto;
  @ApiProperty({ type: String, format: 'date-time' }) placedAt!: string;
}

@ApiSchema({ name: 'CustomerDetail' })
export class CustomerDetailResponse extends IntersectionType(CustomerResponse, CustomerOrderFactsResponse) {
  @ApiProperty({ type: [CustomerOrderSummaryResponse], maxItems: 10, description: 'the 10 newest orders (claimed guest orders included), from the order index' }) recentOrders!: CustomerOrderSummaryResponse[];
  @ApiProperty({ type: [ReturnResponse], description: 'the returns of the orders in recentOrders (newest order first, each order\'s returns oldest first), as GET /orders/{code}/returns shows them' }) returns!: ReturnResponse[];
}
