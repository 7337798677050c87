import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { CoreModule } from './core/core.module';
import { HealthController } from './http/health.controller';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { CatalogModule } from './modules/catalog/catalog.module';
import { InventoryModule } from './modules/inventory/inventory.module';
import { NotificationModule } from './modules/notification/notification.module';
import { OrderModule } from './modules/order/order.module';
import { TenantModule } from './modules/tenant/tenant.module';

/** Every bounded context; the API Lambda serves their controllers, the stream Lambda runs their sync handlers. */
@Module({
  imports: [CoreModule, TenantModule, CatalogModule, InventoryModule, OrderModule, NotificationModule],
  controllers: [HealthController],
  providers: [TokenVerifier, { provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class AppModule {}
