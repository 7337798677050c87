import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { MoneyDto } from '../../../http/money.dto';
import { SingleLineText } from '../../../http/plain-text';

/** POST /orders/:code/offline-payment: the money that arrived outside shopstream. */
export class RecordOfflinePaymentDto {
  @ApiProperty({ type: MoneyDto, description: "what arrived, in the order's currency; at least the order's total (400 naming the field otherwise)" })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiPropertyOptional({ example: 'SEPA 2026-12-01 ORD-000042', description: "the bank's reference of the transfer, kept in the payment ledger" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @SingleLineText()
  reference?: string;
}
