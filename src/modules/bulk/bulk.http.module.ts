import { Module } from '@nestjs/common';
import { BulkModule } from './bulk.module';
import { ExportController } from './export.controller';
import { ImportController } from './import.controller';

/** The bulk context's HTTP routes; the jobs run on the jobs consumer (handlers/bulk-jobs.ts), which loads BulkModule without HTTP. */
@Module({
  imports: [BulkModule],
  controllers: [ImportController, ExportController],
})
export class BulkHttpModule {}
