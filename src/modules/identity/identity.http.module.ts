import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { IdentityModule } from './identity.module';
import { MfaController, MfaEnrolmentController } from './mfa.controller';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';

/** The identity context's HTTP routes: /auth (public, per shop), the owner's staff management and invitations, and your own TOTP (/me/mfa/totp). */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController, StaffController, MfaController, MfaEnrolmentController],
  providers: [StaffService],
})
export class IdentityHttpModule {}
