import { Module } from '@nestjs/common';
import { TenantModule } from '../tenant/tenant.module';
import { AccountActivation } from './account-activation';
import { AccountService } from './account.service';
import { AuthCodes } from './auth-codes';
import { AuthContexts } from './auth.context';
import { AuthLimits } from './auth-limits';
import { CognitoAdapter } from './cognito.adapter';
import { PasswordReset } from './password-reset.service';
import { PoolPeople } from './pool-people';
import { Registration } from './registration.service';
import { Sessions } from './sessions.service';
import { StaffInvitations } from './staff-invitations.service';
import { MfaEnrolmentTickets } from './mfa-enrolment-tickets';
import { TotpEnrolments } from './totp-enrolments';
import { EmailChange } from './email-change.service';
import { EmailOwners } from './email-owners';
import { TenantOwnerInvitations } from './tenant-owner-invitations';

@Module({
  imports: [TenantModule],
  providers: [AccountService, AccountActivation, CognitoAdapter, AuthCodes, AuthLimits, AuthContexts, PoolPeople, Registration, Sessions, PasswordReset, StaffInvitations, TotpEnrolments, MfaEnrolmentTickets, EmailOwners, EmailChange, TenantOwnerInvitations],
  exports: [AccountService, AuthContexts, Registration, Sessions, PasswordReset, StaffInvitations, TotpEnrolments, MfaEnrolmentTickets, EmailChange, TenantOwnerInvitations],
})
export class IdentityModule {}
