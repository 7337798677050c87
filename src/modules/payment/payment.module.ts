import { Module } from '@nestjs/common';
import { OrderModule } from '../order/order.module';
import { PaymentOrderSyncHandler } from './payment-order.sync-handler';
import { PaymentReconcileSweep } from './payment-reconcile.sweep';
import { OrderPaymentSyncHandler } from './order-payment.sync-handler';
import { PaymentService } from './payment.service';

@Module({
  imports: [OrderModule],
  providers: [PaymentService, PaymentOrderSyncHandler, OrderPaymentSyncHandler, PaymentReconcileSweep],
  exports: [PaymentService],
})
export class PaymentModule {}
