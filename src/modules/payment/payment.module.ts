import { Module } from '@nestjs/common';
import { config } from '../../config';
import { TenantItemStore } from '../../core/tenant-item.store';
import { OrderModule } from '../order/order.module';
import { TenantModule } from '../tenant/tenant.module';
import { OfflinePayments } from './offline-payments';
import { PAYMENT_PROVIDER_LIST, PaymentProviders } from './payment-providers';
import { PaymentReconcileSweep } from './payment-reconcile.sweep';
import { PaymentProvider } from './payment.provider';
import { OrderPaymentSyncHandler, PaymentOrderSyncHandler, PaymentSagaServices, ReturnRefundSyncHandler } from './payment.saga';
import { PaymentService } from './payment.service';
import { stripeCredentialSource } from './stripe/stripe-credentials';
import { StripePaymentProvider } from './stripe/stripe-payment.provider';
import { TestPaymentProvider } from './test-payment.provider';

/** The providers this deployment offers: Stripe (per-shop credentials), and the local test PSP unless `PAYMENT_TEST_PROVIDER=off`. */
export function offeredPaymentProviders(items: TenantItemStore): PaymentProvider[] {
  return [...(config().paymentTestProvider ? [new TestPaymentProvider(items)] : []), new StripePaymentProvider(stripeCredentialSource())];
}

@Module({
  imports: [OrderModule, TenantModule],
  providers: [
    { provide: PAYMENT_PROVIDER_LIST, useFactory: offeredPaymentProviders, inject: [TenantItemStore] },
    PaymentProviders,
    PaymentService,
    OfflinePayments,
    PaymentReconcileSweep,
    // The payment saga (payment.saga.ts): one handler per trigger of its table.
    PaymentSagaServices,
    PaymentOrderSyncHandler,
    OrderPaymentSyncHandler,
    ReturnRefundSyncHandler,
  ],
  exports: [PaymentService, PaymentProviders, OfflinePayments],
})
export class PaymentModule {}
