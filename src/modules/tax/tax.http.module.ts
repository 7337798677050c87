import { Module } from '@nestjs/common';
import { TaxRateController } from './tax-rate.controller';
import { TaxModule } from './tax.module';

/** The tax context's HTTP routes (tenant admins); its services live in TaxModule. */
@Module({
  imports: [TaxModule],
  controllers: [TaxRateController],
})
export class TaxHttpModule {}
