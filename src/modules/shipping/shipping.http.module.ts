import { Module } from '@nestjs/common';
import { ShippingMethodController, ShippingZoneController } from './shipping.controller';
import { ShippingModule } from './shipping.module';

/** The shipping context's HTTP routes (tenant admins); its services live in ShippingModule. */
@Module({
  imports: [ShippingModule],
  controllers: [ShippingZoneController, ShippingMethodController],
})
export class ShippingHttpModule {}
