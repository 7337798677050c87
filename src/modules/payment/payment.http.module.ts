import { Module } from '@nestjs/common';
import { CartModule } from '../cart/cart.module';
import { CheckoutModule } from '../checkout/checkout.module';
import { OrderModule } from '../order/order.module';
import { TenantModule } from '../tenant/tenant.module';
import { OfflinePaymentController } from './offline-payment.controller';
import { OrderPaymentController } from './order-payment.controller';
import { PaymentController } from './payment.controller';
import { PaymentModule } from './payment.module';
import { RefundController } from './refund.controller';
import { WebhookController } from './webhook.controller';

/** The payment context's HTTP routes: paying for an order, and the providers' webhooks. */
@Module({
  imports: [PaymentModule, CartModule, CheckoutModule, OrderModule, TenantModule],
  controllers: [PaymentController, OrderPaymentController, WebhookController, RefundController, OfflinePaymentController],
})
export class PaymentHttpModule {}
