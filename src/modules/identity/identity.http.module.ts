import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { IdentityModule } from './identity.module';
import { MeEmailController } from './me-email.controller';
import { MfaController, MfaEnrolmentController } from './mfa.controller';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';

/** The identity context's HTTP routes: /auth (public, per shop), the owner's staff management and invitations, your own TOTP (/me/mfa/totp) and change of email (/me/email). */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController, StaffController, MfaController, MfaEnrolmentController, MeEmailController],
  providers: [StaffService],
})
export class IdentityHttpModule {}
