import { Module } from '@nestjs/common';
import { GuestOrderClaimController } from './order-claim.controller';
import { OrderController } from './order.controller';
import { OrderModule } from './order.module';
import { OrderListService } from './order-list.service';
import { ReturnController } from './return.controller';

/** The order context's HTTP routes; its services live in OrderModule, which the stream and schedule Lambdas load without HTTP. */
@Module({
  imports: [OrderModule],
  controllers: [OrderController, ReturnController, GuestOrderClaimController],
  providers: [OrderListService],
})
export class OrderHttpModule {}
