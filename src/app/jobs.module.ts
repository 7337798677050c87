import { Module } from '@nestjs/common';
import { CoreModule } from '../core/core.module';
import { BulkModule } from '../modules/bulk/bulk.module';

/**
 * The jobs consumer (handlers/bulk-jobs.ts): bulk imports and exports, apart from the order
 * path's stream consumer so that a shop's 10,000-row import never makes its orders wait. No HTTP.
 */
@Module({
  imports: [CoreModule, BulkModule],
})
export class JobsModule {}
