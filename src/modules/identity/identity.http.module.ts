import { Module } from '@nestjs/common';
import { IdentityModule } from './identity.module';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';

/** The identity context's HTTP routes: the owner's staff management. */
@Module({
  imports: [IdentityModule],
  controllers: [StaffController],
  providers: [StaffService],
})
export class IdentityHttpModule {}
