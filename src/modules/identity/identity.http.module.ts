import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { IdentityModule } from './identity.module';
import { MfaController } from './mfa.controller';
import { StaffController } from './staff.controller';

/** The identity context's HTTP routes: /auth (public, per shop), the staff invitations and your own TOTP (/me/mfa/totp). */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController, StaffController, MfaController],
})
export class IdentityHttpModule {}
