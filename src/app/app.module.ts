import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthGuard } from '../auth/auth.guard';
import { AccountStandings, GuestKeys, OrderTokens, TenantStatus } from '../auth/caller-directory';
import { TokenVerifier } from '../auth/token-verifier';
import { CoreModule } from '../core/core.module';
import { HealthController } from './health.controller';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { StaffOnlyFieldsInterceptor } from '../http/staff-only-fields.interceptor';
import { BulkHttpModule } from '../modules/bulk/http';
import { CartHttpModule } from '../modules/cart/http';
import { CatalogHttpModule } from '../modules/catalog/http';
import { CheckoutHttpModule } from '../modules/checkout/http';
import { InventoryHttpModule } from '../modules/inventory/http';
import { NotificationHttpModule } from '../modules/notification/http';
import { OrderAccessTokens } from '../modules/order';
import { OrderHttpModule } from '../modules/order/http';
import { OrderModule } from '../modules/order/order.module';
import { PaymentHttpModule } from '../modules/payment/http';
import { PromotionHttpModule } from '../modules/promotion/http';
import { ReportHttpModule } from '../modules/report/http';
import { ReviewHttpModule } from '../modules/review/http';
import { WishlistHttpModule } from '../modules/wishlist/http';
import { CustomerHttpModule } from '../modules/customer/http';
import { AccountService } from '../modules/identity';
import { IdentityModule } from '../modules/identity/identity.module';
import { IdentityHttpModule } from '../modules/identity/http';
import { SearchHttpModule } from '../modules/search/http';
import { ShippingHttpModule } from '../modules/shipping/http';
import { TaxHttpModule } from '../modules/tax/http';
import { PublishableKeyService, TenantDirectory } from '../modules/tenant';
import { TenantModule } from '../modules/tenant/tenant.module';
import { TenantHttpModule } from '../modules/tenant/http';

/** The API Lambda: every bounded context's routes, behind JWT verification and idempotency keys. */
@Module({
  // TenantModule, OrderModule and IdentityModule themselves for the guard's ports, which they implement.
  imports: [CoreModule, TenantModule, OrderModule, IdentityModule, IdentityHttpModule, TenantHttpModule, CatalogHttpModule, InventoryHttpModule, OrderHttpModule, NotificationHttpModule, CartHttpModule, CheckoutHttpModule, ShippingHttpModule, TaxHttpModule, PromotionHttpModule, PaymentHttpModule, SearchHttpModule, ReviewHttpModule, ReportHttpModule, WishlistHttpModule, CustomerHttpModule, BulkHttpModule],
  controllers: [HealthController],
  // Interceptors run in this order, each inside the one before (see StaffOnlyFieldsInterceptor).
  providers: [
    TokenVerifier,
    { provide: TenantStatus, useExisting: TenantDirectory },
    { provide: GuestKeys, useExisting: PublishableKeyService },
    { provide: OrderTokens, useExisting: OrderAccessTokens },
    { provide: AccountStandings, useExisting: AccountService },
    { provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }, { provide: APP_INTERCEPTOR, useClass: StaffOnlyFieldsInterceptor }],
})
export class AppModule {}
