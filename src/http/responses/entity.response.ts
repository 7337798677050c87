import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * What every entity route returns (src/core/entity-view.ts): code, version and the entity's
 * attributes, never storage keys; each module's `*.response.ts` extends it with its typed
 * `attributes`.
 */
export abstract class EntityResponse {
  @ApiProperty({ type: String, example: 'PRD-001' })
  code!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 1, description: 'send it back as expectedVersion to change the entity' })
  version!: number;

  @ApiPropertyOptional({ type: String, example: 'Espresso cup' })
  name?: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'when this version was written' })
  updatedAt!: string;

  @ApiPropertyOptional({ type: String, description: 'staff only (shop staff and system admins): the user (token subject) who wrote this version; never sent to guests or customers' })
  updatedBy?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'when version 1 was written (present when read from a list)' })
  createdAt?: string;
}
