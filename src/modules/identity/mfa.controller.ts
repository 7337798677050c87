import { Body, Controller, Delete, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public, Roles, Tenant } from '../../auth/auth.decorators';
import { ROLES, TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiErrorsDescribed, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import type { Request } from 'express';
import { AuthContexts } from './auth.context';
import { MfaEnrolmentConfirmDto, MfaEnrolmentDto, TotpCodeDto, TotpSetupResponse } from './dto/auth.dto';
import { MfaEnrolmentTickets } from './mfa-enrolment-tickets';
import { TotpEnrolments } from './totp-enrolments';

const TOTP_400 = 'A field is invalid (`fields`), or `reason: invalid_code`: not a code of the secret now (±30 s), or used already';
const TOTP_429 = 'Too many code checks of this account, or from this network address, this hour (`limit`: codeChecksPerAddressPerHour 10, codeChecksPerClientPerHour 60; `retryAfterSeconds`)';

/**
 * Your own TOTP second factor (any signed-in person: staff, and customers who want it). Once
 * enrolled, POST /auth/sign-in needs `mfaCode`.
 */
@ApiTags('me')
@ApiBearerAuth()
// Every person with a token (never a guest): staff, customers and system admins alike.
@Roles(...ROLES)
@Controller('me/mfa/totp')
export class MfaController {
  constructor(private readonly totp: TotpEnrolments) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Start TOTP enrolment: a new secret and its otpauth URI; enrolled only by POST /me/mfa/totp/confirm (a new start replaces an unconfirmed secret)' })
  @ApiResponse({ status: 201, type: TotpSetupResponse, description: 'The secret to confirm', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrorsDescribed({ 409: 'TOTP is enrolled already (remove it first), or the token is not of an account signed in through /auth' })
  @ApiErrors(400, 401, 403, 413, 422, 504)
  start(@Tenant() ctx: TenantContext): Promise<TotpSetupResponse> {
    return this.totp.start(ctx);
  }

  @Post('confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'Enrol the started secret with a code of it: from now on sign-in needs `mfaCode`' })
  @ApiResponse({ status: 204, description: 'Enrolled (a retry with a code of the enrolled secret answers the same)', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrorsDescribed({ 400: TOTP_400, 429: TOTP_429 })
  @ApiErrors(401, 403, 413, 422, 504)
  async confirm(@Tenant() ctx: TenantContext, @Body() dto: TotpCodeDto): Promise<void> {
    await this.totp.confirm(ctx, dto.code);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove TOTP with a code of it: sign-in needs no `mfaCode` any more' })
  @ApiResponse({ status: 204, description: 'Removed (also when none is enrolled)', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrorsDescribed({ 400: TOTP_400, 429: TOTP_429 })
  @ApiErrors(401, 403, 413, 422, 504)
  async remove(@Tenant() ctx: TenantContext, @Body() dto: TotpCodeDto): Promise<void> {
    await this.totp.remove(ctx, dto.code);
  }
}

const TICKET_401 = '`reason: invalid_credentials`: the enrolmentToken is unknown or expired (sign in again for a new one)';

/**
 * TOTP enrolment of staff who must have it (`STAFF_MFA_REQUIRED`) and cannot sign in yet: the
 * sign-in's `enrolmentToken` stands for the password just given and opens only these two routes.
 * Then they sign in with `mfaCode`. The platform's operators (tenant `system`) enrol here too:
 * they sign in at the admin client like staff and are held to the same rule.
 */
@ApiTags('auth')
@Public()
@Controller('auth/mfa-enrolment')
export class MfaEnrolmentController {
  constructor(
    private readonly contexts: AuthContexts,
    private readonly tickets: MfaEnrolmentTickets,
    private readonly totp: TotpEnrolments,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Start TOTP enrolment with the enrolmentToken of a 403 mfa_enrolment_required sign-in (as POST /me/mfa/totp)' })
  @ApiResponse({ status: 201, type: TotpSetupResponse, description: 'The secret to confirm' })
  @ApiErrorsDescribed({ 400: '`tenant` is neither an open shop nor `system`, or a field is invalid (`fields` names each)', 401: TICKET_401, 409: 'TOTP is enrolled already: sign in with `mfaCode`' })
  @ApiErrors(413, 503, 504)
  async start(@Req() request: Request, @Body() { tenant, enrolmentToken }: MfaEnrolmentDto): Promise<TotpSetupResponse> {
    return this.totp.start(await this.tickets.holder(await this.contexts.of(request, tenant, { platform: true }), enrolmentToken));
  }

  @Post('confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'Enrol the started secret with a code of it: then sign in with `mfaCode`' })
  @ApiResponse({ status: 204, description: 'Enrolled (a retry with a code of the enrolled secret answers the same)' })
  @ApiErrorsDescribed({ 400: TOTP_400, 401: TICKET_401, 429: TOTP_429 })
  @ApiErrors(413, 503, 504)
  async confirm(@Req() request: Request, @Body() { tenant, enrolmentToken, code }: MfaEnrolmentConfirmDto): Promise<void> {
    await this.totp.confirm(await this.tickets.holder(await this.contexts.of(request, tenant, { platform: true }), enrolmentToken), code);
  }
}
