import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { CustomerDirectory } from './customer-directory';
import { CustomerService } from './customer.service';

@Module({
  imports: [IdentityModule],
  providers: [CustomerService, CustomerDirectory],
  exports: [CustomerService, CustomerDirectory],
})
export class CustomerModule {}
