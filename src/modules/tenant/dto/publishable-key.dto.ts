import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { SingleLineText } from '../../../http/plain-text';

export class CreatePublishableKeyDto {
  @ApiProperty({ example: 'web storefront', minLength: 1, maxLength: 100, description: 'what the key is for, so an admin can tell keys apart' })
  @IsString()
  @SingleLineText()
  @Length(1, 100)
  @Matches(/\S/, { message: 'label must not be blank' })
  label!: string;
}
