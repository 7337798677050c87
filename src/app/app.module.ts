import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthGuard } from '../auth/auth.guard';
import { GuestKeys, TenantStatus } from '../auth/caller-directory';
import { TokenVerifier } from '../auth/token-verifier';
import { CoreModule } from '../core/core.module';
import { HealthController } from './health.controller';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { StaffOnlyFieldsInterceptor } from '../http/staff-only-fields.interceptor';
import { CartHttpModule } from '../modules/cart/cart.http.module';
import { CatalogHttpModule } from '../modules/catalog/catalog.http.module';
import { CheckoutHttpModule } from '../modules/checkout/checkout.http.module';
import { InventoryHttpModule } from '../modules/inventory/inventory.http.module';
import { NotificationHttpModule } from '../modules/notification/notification.http.module';
import { OrderHttpModule } from '../modules/order/order.http.module';
import { PaymentHttpModule } from '../modules/payment/payment.http.module';
import { PromotionHttpModule } from '../modules/promotion/promotion.http.module';
import { ReportHttpModule } from '../modules/report/report.http.module';
import { ReviewHttpModule } from '../modules/review/review.http.module';
import { WishlistHttpModule } from '../modules/wishlist/wishlist.http.module';
import { SearchHttpModule } from '../modules/search/search.http.module';
import { ShippingHttpModule } from '../modules/shipping/shipping.http.module';
import { TaxHttpModule } from '../modules/tax/tax.http.module';
import { TenantHttpModule } from '../modules/tenant/tenant.http.module';
import { PublishableKeyService } from '../modules/tenant/publishable-key.service';
import { TenantDirectory } from '../modules/tenant/tenant.directory';
import { TenantModule } from '../modules/tenant/tenant.module';

/** The API Lambda: every bounded context's routes, behind JWT verification and idempotency keys. */
@Module({
  // TenantModule itself for the guard's ports, which the tenant context implements.
  imports: [CoreModule, TenantModule, TenantHttpModule, CatalogHttpModule, InventoryHttpModule, OrderHttpModule, NotificationHttpModule, CartHttpModule, CheckoutHttpModule, ShippingHttpModule, TaxHttpModule, PromotionHttpModule, PaymentHttpModule, SearchHttpModule, ReviewHttpModule, ReportHttpModule, WishlistHttpModule],
  controllers: [HealthController],
  // Interceptors run in this order, each inside the one before (see StaffOnlyFieldsInterceptor).
  providers: [
    TokenVerifier,
    { provide: TenantStatus, useExisting: TenantDirectory },
    { provide: GuestKeys, useExisting: PublishableKeyService },
    { provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }, { provide: APP_INTERCEPTOR, useClass: StaffOnlyFieldsInterceptor }],
})
export class AppModule {}
