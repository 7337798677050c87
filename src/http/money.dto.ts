import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { CURRENCY_CODES, CURRENCY_MESSAGE, MAX_MONEY_AMOUNT, Money } from '../core/money';

/** Money in a request body: an integer count of minor units and an ISO 4217 currency. */
export class MoneyDto implements Money {
  @ApiProperty({ example: 1999, description: 'minor units (cents), integer' })
  @IsInt()
  @Min(0)
  @Max(MAX_MONEY_AMOUNT)
  amount!: number;

  @ApiProperty({ example: 'USD', description: 'ISO 4217 code; must be the shop currency' })
  @IsIn(CURRENCY_CODES, { message: CURRENCY_MESSAGE })
  currency!: string;
}
