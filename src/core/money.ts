import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min } from 'class-validator';

/** Money is an integer count of minor units (cents) and a currency; never a float. */
export interface Money {
  amount: number;
  currency: string;
}

export const MAX_MONEY_AMOUNT = 1_000_000_000_00;

export class MoneyDto implements Money {
  @ApiProperty({ example: 1999, description: 'minor units (cents), integer' })
  @IsInt()
  @Min(0)
  @Max(MAX_MONEY_AMOUNT)
  amount!: number;

  @ApiProperty({ example: 'USD', description: 'ISO 4217 code' })
  @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as USD' })
  currency!: string;
}

/** `amount * rateBps / 10000`, rounded half up to the minor unit, in integers only. */
export function applyRateHalfUp(amount: number, rateBps: number): number {
  return Math.floor((amount * rateBps + 5000) / 10000);
}
