import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../auth/auth.decorators';
import { ApiErrors, ApiErrorsDescribed } from '../../http/api-errors';
import { AuthContexts } from './auth.context';
import { AcceptInvitationDto, EmailInShopDto, CodeDto, PasswordResetAcceptedResponse, RefreshDto, ResetPasswordDto, SignInDto, SignUpAcceptedResponse, SignUpDto, TokensResponse } from './dto/auth.dto';
import { PasswordReset } from './password-reset.service';
import { Registration } from './registration.service';
import { Sessions } from './sessions.service';
import { StaffInvitations } from './staff-invitations.service';

const LIMITS_429 =
  'Too many tries of this address, or from this network address, in this shop this hour (`limit`: signInsPerAddressPerHour 10, signInsPerClientPerHour 100, signUpsPerAddressPerHour 5, signUpsPerClientPerHour 30, ' +
  'codeChecksPerAddressPerHour 10, codeChecksPerClientPerHour 60, passwordResetsPerAddressPerHour 5, passwordResetsPerClientPerHour 30; `retryAfterSeconds`)';
const SHOP_400 = '`tenant` is not an open shop, or a field is invalid (`fields` names each)';
const PASSWORD_400 = 'A field is invalid (`fields`), `tenant` is not an open shop, or the password breaks the policy (`fields` names it and the rule)';
const CODE_400 = 'A field is invalid (`fields`), or `reason: invalid_code`: the code is wrong, expired, used up by 5 wrong tries, or the address has none (one answer for all, and for an unknown address)';

/**
 * Sign-up, sign-in and passwords for the people of a shop, in front of the Cognito pool. Public
 * (nobody has a token yet); each body names its shop. Answers never tell whether an address has
 * an account.
 */
@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly contexts: AuthContexts,
    private readonly registration: Registration,
    private readonly sessions: Sessions,
    private readonly passwords: PasswordReset,
    private readonly invitations: StaffInvitations,
  ) {}

  @Post('sign-up')
  @HttpCode(202)
  @ApiOperation({ summary: "A customer's sign-up: mails a code to verify the address (an address with an account gets a mail saying so instead); the same answer for every address" })
  @ApiResponse({ status: 202, type: SignUpAcceptedResponse, description: 'Mail sent (always this answer)' })
  @ApiErrorsDescribed({ 400: PASSWORD_400, 429: LIMITS_429 })
  @ApiErrors(413, 503, 504)
  async signUp(@Req() request: Request, @Body() { tenant, ...input }: SignUpDto): Promise<SignUpAcceptedResponse> {
    await this.registration.signUp(await this.contexts.of(request, tenant), input);
    return { status: 'verification_sent' };
  }

  @Post('verify-email')
  @HttpCode(204)
  @ApiOperation({ summary: 'The code from the sign-up mail: the address is verified and the account can sign in' })
  @ApiResponse({ status: 204, description: 'Verified (a retry with the same code answers the same)' })
  @ApiErrorsDescribed({ 400: CODE_400, 429: LIMITS_429 })
  @ApiErrors(413, 503, 504)
  async verifyEmail(@Req() request: Request, @Body() { tenant, ...input }: CodeDto): Promise<void> {
    await this.registration.verifyEmail(await this.contexts.of(request, tenant), input);
  }

  @Post('sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password (and `mfaCode` once TOTP is enrolled) for the admin dashboard or the storefront: the `idToken` is the bearer token of this API' })
  @ApiResponse({ status: 200, type: TokensResponse, description: 'Signed in' })
  @ApiErrorsDescribed({
    400: SHOP_400,
    401:
      '`reason: invalid_credentials`, one answer for an unknown address, a wrong password, an address not verified yet, a disabled account, or a customer at the `admin` client; ' +
      '`reason: mfa_required`: the password is right and the account has TOTP enrolled, and `mfaCode` is missing, wrong or used already',
    403: '`reason: mfa_enrolment_required`: the password is right, but staff must have TOTP (`STAFF_MFA_REQUIRED`) and this person has none: no tokens; `enrolmentToken` opens POST /auth/mfa-enrolment and its /confirm',
    429: LIMITS_429,
  })
  @ApiErrors(413, 503, 504)
  signIn(@Req() request: Request, @Body() { tenant, ...input }: SignInDto): Promise<TokensResponse> {
    return this.contexts.of(request, tenant, { platform: true }).then((ctx) => this.sessions.signIn(ctx, input));
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'New ID and access tokens for the refresh token of a sign-in (no new refresh token)' })
  @ApiResponse({ status: 200, type: TokensResponse, description: 'Fresh tokens' })
  @ApiErrorsDescribed({ 400: SHOP_400, 401: '`reason: invalid_credentials`: the refresh token is revoked (signed out), expired or not this address’s, or the account is disabled', 429: LIMITS_429 })
  @ApiErrors(413, 503, 504)
  refresh(@Req() request: Request, @Body() { tenant, ...input }: RefreshDto): Promise<TokensResponse> {
    return this.contexts.of(request, tenant, { platform: true }).then((ctx) => this.sessions.refresh(ctx, input));
  }

  @Post('sign-out')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revokes the refresh token: refresh is refused afterwards (the ID token lives out its hour)' })
  @ApiResponse({ status: 204, description: 'Signed out (also for a token revoked already)' })
  @ApiErrorsDescribed({ 400: SHOP_400 })
  @ApiErrors(413, 503, 504)
  async signOut(@Req() request: Request, @Body() { tenant, ...input }: RefreshDto): Promise<void> {
    await this.sessions.signOut(await this.contexts.of(request, tenant, { platform: true }), input);
  }

  @Post('forgot-password')
  @HttpCode(202)
  @ApiOperation({ summary: 'Mails a code to reset the password, when the address has an active account; the same answer for every address' })
  @ApiResponse({ status: 202, type: PasswordResetAcceptedResponse, description: 'Accepted (always this answer)' })
  @ApiErrorsDescribed({ 400: SHOP_400, 429: LIMITS_429 })
  @ApiErrors(413, 503, 504)
  async forgot(@Req() request: Request, @Body() { tenant, ...input }: EmailInShopDto): Promise<PasswordResetAcceptedResponse> {
    await this.passwords.forgot(await this.contexts.of(request, tenant), input);
    return { status: 'accepted' };
  }

  @Post('reset-password')
  @HttpCode(204)
  @ApiOperation({ summary: 'The code from the reset mail and a new password' })
  @ApiResponse({ status: 204, description: 'The password is changed' })
  @ApiErrorsDescribed({ 400: `${CODE_400}; or \`newPassword\` breaks the policy`, 429: LIMITS_429 })
  @ApiErrors(413, 503, 504)
  async reset(@Req() request: Request, @Body() { tenant, ...input }: ResetPasswordDto): Promise<void> {
    await this.passwords.reset(await this.contexts.of(request, tenant), input);
  }

  @Post('accept-invitation')
  @HttpCode(204)
  @ApiOperation({ summary: 'Staff accept an invitation with its code and a password: the account becomes active with the invited roles' })
  @ApiResponse({ status: 204, description: 'Accepted: sign in with client `admin`' })
  @ApiErrorsDescribed({ 400: `${CODE_400}; or \`password\` breaks the policy`, 429: LIMITS_429 })
  @ApiErrors(413, 503, 504)
  async acceptInvitation(@Req() request: Request, @Body() { tenant, ...input }: AcceptInvitationDto): Promise<void> {
    await this.invitations.accept(await this.contexts.of(request, tenant), input);
  }
}
