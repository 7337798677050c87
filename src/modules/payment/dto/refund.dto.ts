import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { SingleLineText } from '../../../http/plain-text';

export class CreateRefundDto {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1200, description: "minor units of the order's currency; at most what is still refundable (captured - refunded)" })
  @IsInt()
  @Min(1)
  @Max(1_000_000_00)
  amount!: number;

  @ApiProperty({ example: 'damaged in transit', description: 'kept in the payment ledger' })
  @IsString()
  @SingleLineText()
  @Length(1, 200)
  reason!: string;
}
