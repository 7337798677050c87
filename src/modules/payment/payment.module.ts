import { Module } from '@nestjs/common';
import { OrderModule } from '../order/order.module';
import { PaymentOrderSyncHandler } from './payment-order.sync-handler';
import { PaymentReconcileSweep } from './payment-reconcile.sweep';
import { PaymentVoidSyncHandler } from './payment-void.sync-handler';
import { PaymentService } from './payment.service';

@Module({
  imports: [OrderModule],
  providers: [PaymentService, PaymentOrderSyncHandler, PaymentVoidSyncHandler, PaymentReconcileSweep],
  exports: [PaymentService],
})
export class PaymentModule {}
