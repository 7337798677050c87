import { Module } from '@nestjs/common';
import { ReportController } from './report.controller';
import { ReportModule } from './report.module';

@Module({ imports: [ReportModule], controllers: [ReportController] })
export class ReportHttpModule {}
