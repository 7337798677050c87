import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CreatePublishableKeyDto {
  @ApiProperty({ example: 'web storefront', description: 'what the key is for' })
  @IsString()
  @Length(1, 100)
  label!: string;
}

@ApiSchema({ name: 'PublishableKey' })
export class PublishableKeyResponse {
  @ApiProperty({ type: String, description: 'revoke with DELETE /publishable-keys/:id' }) id!: string;
  @ApiProperty({ type: String }) label!: string;
  @ApiProperty({ type: String, description: "the key's last four characters" }) last4!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String }) createdBy!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) revokedAt?: string;
}

@ApiSchema({ name: 'NewPublishableKey' })
export class NewPublishableKeyResponse extends PublishableKeyResponse {
  @ApiProperty({ type: String, example: 'pk_demo_5f0c...', description: 'shown this once: storefronts send it as x-publishable-key' }) key!: string;
}

@ApiSchema({ name: 'PublishableKeyList' })
export class PublishableKeyListResponse {
  @ApiProperty({ type: [PublishableKeyResponse] }) items!: PublishableKeyResponse[];
}
