import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'PublishableKey', description: 'A publishable key as admins see it: never the key itself' })
export class PublishableKeyResponse {
  @ApiProperty({ type: String, example: '3f9a0c1be27d45a8c0d1e2f3', description: 'what DELETE /publishable-keys/{id} takes' })
  id!: string;

  @ApiProperty({ type: String, example: 'web storefront' })
  label!: string;

  @ApiProperty({ type: String, example: 'x9Qz', description: 'the last 4 characters of the key' })
  last4!: string;

  @ApiProperty({ type: Boolean, description: 'false once revoked: the key is refused (401)' })
  active!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, description: 'the admin who created it' })
  createdBy!: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  revokedAt?: string;

  @ApiPropertyOptional({ type: String, description: 'the admin who revoked it' })
  revokedBy?: string;
}

@ApiSchema({ name: 'CreatedPublishableKey', description: 'The new key, shown in full this once' })
export class CreatedPublishableKeyResponse extends PublishableKeyResponse {
  @ApiProperty({
    type: String,
    example: 'pk_shop-a_4mZ0qK8vB2nR7tY1wX5cL9dF3gH6jP0s',
    description: 'send it as `x-publishable-key` from the storefront; only its hash is kept, so it cannot be shown again',
  })
  key!: string;
}

@ApiSchema({ name: 'PublishableKeyPage' })
export class PublishableKeyPageResponse {
  @ApiProperty({ type: [PublishableKeyResponse] })
  items!: PublishableKeyResponse[];

  @ApiPropertyOptional({ type: String, description: 'opaque; pass it as `cursor` for the next page; absent on the last page' })
  cursor?: string;
}
