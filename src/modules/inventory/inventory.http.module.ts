import { Module } from '@nestjs/common';
import { InventoryController } from './inventory.controller';
import { InventoryModule } from './inventory.module';

/** The inventory context's HTTP routes; its services live in InventoryModule, which the stream and schedule Lambdas load without HTTP. */
@Module({
  imports: [InventoryModule],
  controllers: [InventoryController],
})
export class InventoryHttpModule {}
