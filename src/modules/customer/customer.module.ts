import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { CustomerService } from './customer.service';

@Module({
  imports: [IdentityModule],
  providers: [CustomerService],
  exports: [CustomerService],
})
export class CustomerModule {}
