import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { IdentityModule } from './identity.module';
import { StaffController } from './staff.controller';

/** The identity context's HTTP routes: /auth (public, per shop) and the staff invitations. */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController, StaffController],
})
export class IdentityHttpModule {}
