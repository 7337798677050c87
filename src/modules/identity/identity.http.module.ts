import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { IdentityModule } from './identity.module';
import { MeEmailController } from './me-email.controller';
import { MfaController, MfaEnrolmentController } from './mfa.controller';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';
import { TenantOwnerController } from './tenant-owner.controller';

/** The identity context's HTTP routes: /auth (public, per shop), the owner's staff management and invitations, your own TOTP (/me/mfa/totp) and change of email (/me/email); a tenant's owner invited by the system admin. */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController, StaffController, MfaController, MfaEnrolmentController, MeEmailController, TenantOwnerController],
  providers: [StaffService],
})
export class IdentityHttpModule {}
