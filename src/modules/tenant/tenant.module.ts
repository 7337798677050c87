import { Module } from '@nestjs/common';
import { TenantDirectory } from './tenant.directory';
import { TenantService } from './tenant.service';
import { TenantSweepRunner } from './tenant-sweep.runner';

@Module({
  providers: [TenantService, TenantDirectory, TenantSweepRunner],
  exports: [TenantService, TenantDirectory, TenantSweepRunner],
})
export class TenantModule {}
