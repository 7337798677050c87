import { Module } from '@nestjs/common';
import { TenantModule } from '../tenant/tenant.module';
import { ReportService } from './report.service';

@Module({ imports: [TenantModule], providers: [ReportService], exports: [ReportService] })
export class ReportModule {}
