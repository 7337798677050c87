import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { MOVEMENT_TYPES, MovementType } from '../inventory.model';

@ApiSchema({ name: 'StockLevel', description: 'Stock of one SKU in one warehouse (src/modules/inventory/inventory.model.ts); available = onHand - reserved' })
export class StockLevelResponse {
  @ApiProperty({ type: String, example: 'CUP-ESP-WHT' })
  sku!: string;

  @ApiProperty({ type: String, example: 'PRD-001' })
  productCode!: string;

  @ApiProperty({ type: String, example: 'main' })
  warehouse!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  onHand!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  reserved!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  available!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  lowStockThreshold!: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'counts admin changes only; send it back as expectedVersion' })
  version!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'counts every change of the level (admin edits, reservations, releases, sales, returns); absent on levels written before it existed' })
  changes?: number;
}

@ApiSchema({ name: 'InventoryLevels' })
export class InventoryLevelsResponse {
  @ApiProperty({ type: String, example: 'PRD-001' })
  productCode!: string;

  @ApiProperty({ type: String, example: 'CUP-ESP-WHT' })
  sku!: string;

  @ApiProperty({ type: [StockLevelResponse], description: 'one per warehouse that has a stock level' })
  warehouses!: StockLevelResponse[];
}

@ApiSchema({ name: 'StockMovement', description: 'One line of the ledger: onHandDelta sums to on-hand, reservedDelta to reserved' })
export class StockMovementResponse {
  @ApiProperty({ type: String })
  sku!: string;

  @ApiProperty({ type: String })
  productCode!: string;

  @ApiProperty({ type: String })
  warehouse!: string;

  @ApiProperty({ type: String, example: 'admin.v1' })
  movementId!: string;

  @ApiProperty({ enum: MOVEMENT_TYPES })
  type!: MovementType;

  @ApiProperty({ type: 'integer' })
  onHandDelta!: number;

  @ApiProperty({ type: 'integer' })
  reservedDelta!: number;

  @ApiProperty({ type: String, example: 'restock' })
  reason!: string;

  @ApiPropertyOptional({ type: String, example: 'ORD-000001', description: 'the order of a reserve, release or sale' })
  orderCode?: string;

  @ApiProperty({ type: String })
  by!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;
}

@ApiSchema({ name: 'StockMovementPage' })
export class StockMovementPageResponse {
  @ApiProperty({ type: [StockMovementResponse] })
  items!: StockMovementResponse[];

  @ApiPropertyOptional({ type: String, description: 'opaque; pass it as `cursor` for the next page; absent on the last page' })
  cursor?: string;
}
