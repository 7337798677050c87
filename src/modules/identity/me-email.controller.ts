import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiErrorsDescribed, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { ChangeEmailDto, ConfirmEmailChangeDto, EmailChangeAcceptedResponse } from './dto/auth.dto';
import { EmailChange } from './email-change.service';

const NO_ACCOUNT_409 = 'the token is not of a customer who signs in through /auth (no email to change)';

/** A customer's change of sign-in address: a code to the new address, then the code moves it. */
@ApiTags('me')
@ApiBearerAuth()
@Roles('customer')
@Controller('me/email')
export class MeEmailController {
  constructor(private readonly change: EmailChange) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask to change your sign-in email: mails a code to the new address (an address that is the sign-in of another account of the shop gets a mail saying so instead); the same answer for every address' })
  @ApiResponse({ status: 202, type: EmailChangeAcceptedResponse, description: 'Mail sent (always this answer)', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrorsDescribed({
    400: 'A field is invalid (`fields`): `newEmail` is not an address or is your current one, or `password` is not your current password',
    409: NO_ACCOUNT_409,
    429: 'Too many tries (`limit`: signInsPerAddressPerHour 10 or signInsPerClientPerHour 100 for the password check, signUpsPerAddressPerHour 5 or signUpsPerClientPerHour 30 for the new address; `retryAfterSeconds`)',
  })
  @ApiErrors(401, 403, 413, 422, 503, 504)
  async request(@Tenant() ctx: TenantContext, @Body() dto: ChangeEmailDto): Promise<EmailChangeAcceptedResponse> {
    await this.change.request(ctx, dto);
    return { status: 'code_sent' };
  }

  @Post('confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'The code from the mail to the new address: it becomes your sign-in and the email of GET /me; the old address gets a notice and signs in no more' })
  @ApiResponse({ status: 204, description: 'Changed (a retry with the same code answers the same)', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrorsDescribed({
    400: 'A field is invalid (`fields`), or `reason: invalid_code`: the code is wrong, expired, used up by 5 wrong tries, or no change was asked',
    409: `\`reason: email_taken\` (with \`currentVersion\` of your account): the new address became the sign-in of another account of the shop since the code was sent, nothing changed; or ${NO_ACCOUNT_409}`,
    429: 'Too many code checks of this account, or from this network address, this hour (`limit`: codeChecksPerAddressPerHour 10, codeChecksPerClientPerHour 60; `retryAfterSeconds`)',
  })
  @ApiErrors(401, 403, 413, 422, 503, 504)
  async confirm(@Tenant() ctx: TenantContext, @Body() dto: ConfirmEmailChangeDto): Promise<void> {
    await this.change.confirm(ctx, dto);
  }
}
