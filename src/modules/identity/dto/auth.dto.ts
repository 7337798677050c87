import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { EmailAddress, SingleLineText } from '../../../http/plain-text';
import { CommandItem } from '../../../core/entity';
import { ACCOUNT_STATUSES, AccountAttributes } from '../account.model';
import { STAFF_ROLES, StaffRole } from '../staff-invitations.service';

const CLIENTS = ['admin', 'storefront'] as const;
const TENANT_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;
const CODE_PATTERN = /^[0-9]{6}$/;
const POLICY = 'at least 12 characters with a lower-case and an upper-case letter, a digit and a symbol';

/** Every /auth body names the shop: the person is one of that shop's. */
export class ShopDto {
  @ApiProperty({ example: 'demo', description: "the shop's code (the same address in two shops is two people); `system` for the platform's operators, on sign-in, refresh and sign-out only" })
  @Matches(TENANT_PATTERN, { message: 'must be a shop code' })
  tenant!: string;
}

export class EmailInShopDto extends ShopDto {
  @ApiProperty({ example: 'ada@example.com' })
  @EmailAddress()
  @MaxLength(254)
  email!: string;
}

export class SignUpDto extends EmailInShopDto {
  @ApiProperty({ example: 'Correct-horse-9', description: `the new password: ${POLICY}` })
  @IsString()
  @SingleLineText()
  @MaxLength(256)
  password!: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @Length(1, 200)
  name?: string;
}

export class CodeDto extends EmailInShopDto {
  @ApiProperty({ example: '123456', description: 'the six digits from the mail' })
  @Matches(CODE_PATTERN, { message: 'must be the six digits from the mail' })
  code!: string;
}

export class SignInDto extends EmailInShopDto {
  @ApiProperty({ example: 'Correct-horse-9' })
  @IsString()
  @SingleLineText()
  @MaxLength(256)
  password!: string;

  @ApiProperty({ enum: CLIENTS, description: '`admin`: the dashboard (staff only); `storefront`: the shop (customers, and staff)' })
  @IsIn(CLIENTS)
  client!: (typeof CLIENTS)[number];

  @ApiPropertyOptional({ example: '123456', description: 'the six digits of your authenticator app: required once TOTP is enrolled (POST /me/mfa/totp), each code once' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'must be the six digits of your authenticator app' })
  mfaCode?: string;
}

export class RefreshDto extends EmailInShopDto {
  @ApiProperty({ description: 'the refreshToken of the sign-in' })
  @IsString()
  @SingleLineText()
  @Length(1, 8192)
  refreshToken!: string;

  @ApiProperty({ enum: CLIENTS, description: 'the client of the sign-in' })
  @IsIn(CLIENTS)
  client!: (typeof CLIENTS)[number];
}

export class ResetPasswordDto extends CodeDto {
  @ApiProperty({ example: 'Correct-horse-10', description: `the new password: ${POLICY}` })
  @IsString()
  @SingleLineText()
  @MaxLength(256)
  newPassword!: string;
}

export class AcceptInvitationDto extends CodeDto {
  @ApiProperty({ example: 'Correct-horse-9', description: `the password to sign in with: ${POLICY}` })
  @IsString()
  @SingleLineText()
  @MaxLength(256)
  password!: string;
}

export class InviteStaffDto {
  @ApiProperty({ example: 'sam@example.com' })
  @EmailAddress()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: STAFF_ROLES, isArray: true, example: ['fulfilment'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(STAFF_ROLES.length)
  @IsIn(STAFF_ROLES, { each: true })
  roles!: StaffRole[];
}

/** POST /tenants/{code}/owner-invitations: the role is always owner. */
export class InviteOwnerDto {
  @ApiProperty({ example: 'owner@shop-a.example' })
  @EmailAddress()
  @MaxLength(254)
  email!: string;
}

@ApiSchema({ name: 'SignUpAccepted' })
export class SignUpAcceptedResponse {
  @ApiProperty({ enum: ['verification_sent'], description: 'the same for every address: a new one gets a code, a taken one a mail saying so' })
  status!: 'verification_sent';
}

@ApiSchema({ name: 'PasswordResetAccepted' })
export class PasswordResetAcceptedResponse {
  @ApiProperty({ enum: ['accepted'], description: 'the same for every address: an active account gets a mail with a code, others nothing' })
  status!: 'accepted';
}

@ApiSchema({ name: 'Tokens' })
export class TokensResponse {
  @ApiProperty({ description: "the bearer token this API accepts (`Authorization: Bearer <idToken>`): it carries `custom:tenant`, `email` and `cognito:groups`" })
  idToken!: string;

  @ApiProperty({ description: "Cognito's access token (not accepted by this API)" })
  accessToken!: string;

  @ApiPropertyOptional({ description: 'sign-in only: send it to /auth/refresh for new tokens, and to /auth/sign-out' })
  refreshToken?: string;

  @ApiProperty({ type: 'integer', example: 3600, description: 'seconds the idToken lives' })
  expiresIn!: number;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';
}

@ApiSchema({ name: 'StaffInvitation' })
export class StaffInvitationResponse {
  @ApiProperty({ description: "the person's id (their tokens' `sub`)" })
  id!: string;

  @ApiProperty({ type: 'integer', example: 1, description: "the account's version" })
  version!: number;

  @ApiProperty({ example: 'sam@example.com' })
  email!: string;

  @ApiProperty({ enum: ACCOUNT_STATUSES, example: 'invited', description: '`invited` until the invitation is accepted' })
  status!: string;

  @ApiProperty({ enum: STAFF_ROLES, isArray: true })
  roles!: string[];
}

/** What an invitation answers, from the invited account. */
export function staffInvitationView({ id, account }: { id: string; account: CommandItem<AccountAttributes> }): StaffInvitationResponse {
  return { id, version: account.version, email: account.attributes.email, status: account.attributes.status, roles: account.attributes.roles };
}

/** A code of the authenticator app, for the TOTP routes of /me. */
export class TotpCodeDto {
  @ApiProperty({ example: '123456', description: 'the six digits your authenticator app shows now' })
  @Matches(CODE_PATTERN, { message: 'must be the six digits of your authenticator app' })
  code!: string;
}

/** The ticket of a 403 mfa_enrolment_required sign-in: staff enrol TOTP with it, holding no token yet. */
export class MfaEnrolmentDto extends ShopDto {
  @ApiProperty({ description: 'the `enrolmentToken` of the 403 `mfa_enrolment_required` answer of POST /auth/sign-in' })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'must be the enrolmentToken of the sign-in' })
  enrolmentToken!: string;
}

export class MfaEnrolmentConfirmDto extends MfaEnrolmentDto {
  @ApiProperty({ example: '123456', description: 'the six digits your authenticator app shows now, for the secret of POST /auth/mfa-enrolment' })
  @Matches(CODE_PATTERN, { message: 'must be the six digits of your authenticator app' })
  code!: string;
}

@ApiSchema({ name: 'TotpSetup' })
export class TotpSetupResponse {
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', description: 'the new secret, base32 (to type into an authenticator app); shown only here' })
  secret!: string;

  @ApiProperty({ example: 'otpauth://totp/shopstream%20demo%3Aada%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=shopstream%20demo&algorithm=SHA1&digits=6&period=30', description: 'the same secret as a URI for a QR code (SHA-1, 6 digits, 30 s)' })
  otpauthUri!: string;
}

/** A customer's new sign-in address, with the current password (re-checked as at sign-in). */
export class ChangeEmailDto {
  @ApiProperty({ example: 'ada.new@example.com', description: 'the new address: a code is mailed to it (or, when it is the sign-in of another account of the shop, a mail saying so)' })
  @EmailAddress()
  @MaxLength(254)
  newEmail!: string;

  @ApiProperty({ example: 'Correct-horse-9', description: 'your current password' })
  @IsString()
  @SingleLineText()
  @MaxLength(256)
  password!: string;
}

export class ConfirmEmailChangeDto {
  @ApiProperty({ example: '123456', description: 'the six digits from the mail to the new address' })
  @Matches(CODE_PATTERN, { message: 'must be the six digits from the mail' })
  code!: string;
}

@ApiSchema({ name: 'EmailChangeAccepted' })
export class EmailChangeAcceptedResponse {
  @ApiProperty({ enum: ['code_sent'], description: 'the same for every address: a free one gets a code, one that is the sign-in of another account a mail saying so' })
  status!: 'code_sent';
}
