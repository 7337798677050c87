import { Module } from '@nestjs/common';
import { CustomerController } from './customer.controller';
import { OrderModule } from '../order/order.module';
import { CustomerModule } from './customer.module';
import { MeController } from './me.controller';

/** The customer context's HTTP routes (`/me` for customers, `/customers` for staff); its service lives in CustomerModule. */
@Module({
  imports: [CustomerModule, OrderModule],
  controllers: [MeController, CustomerController],
})
export class CustomerHttpModule {}
