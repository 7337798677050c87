import { Module } from '@nestjs/common';
import { CouponController } from './coupon.controller';
import { PromotionModule } from './promotion.module';

/** The promotion context's HTTP routes (tenant admins); its services live in PromotionModule. */
@Module({
  imports: [PromotionModule],
  controllers: [CouponController],
})
export class PromotionHttpModule {}
