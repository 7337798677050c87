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
import { PaymentWebhooks } from './payment-webhooks';
import { TestPspCheckout } from './test-psp.checkout';
import { TestPspController } from './test-psp.controller';

/** The payment context's HTTP routes: paying for an order, the providers' webhooks, the local test PSP's hosted page. */
@Module({
  imports: [PaymentModule, CartModule, CheckoutModule, OrderModule, TenantModule],
  controllers: [PaymentController, OrderPaymentController, WebhookController, RefundController, OfflinePaymentController, TestPspController],
  providers: [PaymentWebhooks, TestPspCheckout],
})
export class PaymentHttpModule {}
