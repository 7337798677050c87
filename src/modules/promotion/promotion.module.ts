import { Module } from '@nestjs/common';
import { TenantModule } from '../tenant/tenant.module';
import { CouponBook } from './coupon.book';
import { CouponRedemptions } from './coupon.redemptions';
import { CouponService } from './coupon.service';

@Module({
  imports: [TenantModule],
  providers: [CouponService, CouponBook, CouponRedemptions],
  exports: [CouponService, CouponBook, CouponRedemptions],
})
export class PromotionModule {}
