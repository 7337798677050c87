import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, MaxLength, Min, ValidateNested } from 'class-validator';
import { MoneyDto } from '../../../http/money.dto';
import { EntityResponse } from '../../../http/responses/entity.response';
import { RETURN_STATES } from '../return.model';
import { OrderUnitsDto } from './order.dto';
import { OrderUnitsResponse } from './order.response';
import { MultiLineText, SingleLineText } from '../../../http/plain-text';

export class CreateReturnDto {
  @ApiProperty({ type: [OrderUnitsDto], description: 'the delivered units to send back' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderUnitsDto)
  lines!: OrderUnitsDto[];

  @ApiProperty({ example: 'too small' })
  @IsString()
  @SingleLineText()
  @Length(1, 200)
  reason!: string;
}

export class ReceivedUnitsDto extends OrderUnitsDto {
  @ApiProperty({ enum: ['restock', 'damaged'], description: 'restock: back to on-hand and available; damaged: written off' })
  @IsIn(['restock', 'damaged'])
  condition!: 'restock' | 'damaged';
}

export class ChangeReturnDto {
  @ApiProperty({ enum: ['accepted', 'rejected', 'received'] })
  @IsIn(['accepted', 'rejected', 'received'])
  state!: 'accepted' | 'rejected' | 'received';

  @ApiProperty({ example: 1, description: 'the return version you last read; 409 if it is not the latest' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional({ type: [ReceivedUnitsDto], description: 'received: what arrived (at most what was asked to return); absent: every unit asked for, restocked' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ReceivedUnitsDto)
  lines?: ReceivedUnitsDto[];

  @ApiPropertyOptional({ description: "received: also give back the order's shipping (once per order)" })
  @IsOptional()
  @IsBoolean()
  refundShipping?: boolean;

  @ApiPropertyOptional({ example: 'worn', description: 'a note kept in the return' })
  @IsOptional()
  @IsString()
  @MultiLineText()
  @MaxLength(200)
  note?: string;
}

@ApiSchema({ name: 'ReceivedUnits' })
export class ReceivedUnitsResponse extends OrderUnitsResponse {
  @ApiProperty({ enum: ['restock', 'damaged'] }) condition!: string;
}

@ApiSchema({ name: 'ReturnChange' })
export class ReturnChangeResponse {
  @ApiPropertyOptional({ enum: RETURN_STATES }) from?: string;
  @ApiProperty({ enum: RETURN_STATES }) to!: string;
  @ApiPropertyOptional({ type: String }) note?: string;
  @ApiProperty({ type: String }) by!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

@ApiSchema({ name: 'ReturnAttributes' })
export class ReturnAttributesResponse {
  @ApiProperty({ type: String }) orderCode!: string;
  @ApiProperty({ type: String, description: 'the order\'s customer when the return was asked for (who had claimed a guest\'s order by then); `guest` for a guest\'s' }) customerId!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'when it was asked for (absent on returns asked before this field existed)' }) requestedAt?: string;
  @ApiProperty({ type: [OrderUnitsResponse] }) lines!: OrderUnitsResponse[];
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ enum: RETURN_STATES }) state!: string;
  @ApiPropertyOptional({ type: [ReceivedUnitsResponse] }) received?: ReceivedUnitsResponse[];
  @ApiPropertyOptional({ type: MoneyDto, description: "the received units' share of the order total (plus shipping when given back)" }) refundAmount?: MoneyDto;
  @ApiPropertyOptional({ type: Boolean }) refundShipping?: boolean;
  @ApiPropertyOptional({ type: MoneyDto, description: 'what the payment gave back (never more than was refundable)' }) refunded?: MoneyDto;
  @ApiProperty({ type: ReturnChangeResponse }) change!: ReturnChangeResponse;
}

@ApiSchema({ name: 'Return' })
export class ReturnResponse extends EntityResponse {
  @ApiProperty({ type: ReturnAttributesResponse }) attributes!: ReturnAttributesResponse;
}

@ApiSchema({ name: 'ReturnList' })
export class ReturnListResponse {
  @ApiProperty({ type: [ReturnResponse], description: 'oldest first' }) items!: ReturnResponse[];
}

@ApiSchema({ name: 'ReturnPage' })
export class ReturnPageResponse {
  @ApiProperty({ type: [ReturnResponse], description: 'newest first (by when each was asked for)' }) items!: ReturnResponse[];
  @ApiPropertyOptional({ type: String, description: 'opaque; pass it as `cursor` for the next page; absent on the last page' }) cursor?: string;
}
