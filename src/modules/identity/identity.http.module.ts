import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { IdentityModule } from './identity.module';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';

/** The identity context's HTTP routes: /auth (public, per shop), the owner's staff management and invitations. */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController, StaffController],
  providers: [StaffService],
})
export class IdentityHttpModule {}
