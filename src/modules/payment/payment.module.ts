import { Module } from '@nestjs/common';
import { OrderModule } from '../order/order.module';
import { PaymentOrderSyncHandler } from './payment-order.sync-handler';
import { PaymentService } from './payment.service';

@Module({
  imports: [OrderModule],
  providers: [PaymentService, PaymentOrderSyncHandler],
  exports: [PaymentService],
})
export class PaymentModule {}
