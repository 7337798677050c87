import { Module } from '@nestjs/common';
import { ShippingRules } from './shipping.rules';
import { ShippingService } from './shipping.service';

@Module({
  providers: [ShippingService, ShippingRules],
  exports: [ShippingService, ShippingRules],
})
export class ShippingModule {}
