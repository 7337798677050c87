import { Module } from '@nestjs/common';
import { TaxRateService } from './tax-rate.service';
import { TaxRules } from './tax.rules';

@Module({
  providers: [TaxRateService, TaxRules],
  exports: [TaxRateService, TaxRules],
})
export class TaxModule {}
