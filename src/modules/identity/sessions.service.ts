import { Injectable } from '@nestjs/common';
import { AppClientName, config } from '../../config';
import { TenantContext } from '../../core/tenant-context';
import { AccountService } from './account.service';
import { AuthLimits } from './auth-limits';
import { InvalidCredentialsError, MfaEnrolmentRequiredError, MfaRequiredError } from './auth.errors';
import { claimsOf, CognitoAdapter, PoolRefusal, PoolTokens } from './cognito.adapter';
import { EmailOwners } from './email-owners';
import { MFA_ENROLMENT_SECONDS, MfaEnrolmentTickets } from './mfa-enrolment-tickets';
import { TotpEnrolments } from './totp-enrolments';

/** What sign-in and refresh answer: `idToken` is the bearer token the API accepts. */
export interface SignedIn {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

/**
 * Sign-in, refresh and sign-out through Cognito's password flow, for the app client named.
 * Cognito checks the password; the ACCOUNT decides the rest (the emulator ignores a disabled
 * user, and an unverified customer has a password already): only an `active` account gets
 * tokens, and a customer never gets the admin dashboard's. Every refusal is the same 401.
 * A person with TOTP enrolled also needs a fresh `mfaCode` at sign-in (Cognito's own MFA is
 * pool-wide and its tokens say nothing of it, so the check is ours); a refresh needs none.
 * Where staff must have TOTP (`STAFF_MFA_REQUIRED`), staff without it get no tokens at all, only
 * an enrolment ticket: a token would open every route before the second factor exists.
 */
@Injectable()
export class Sessions {
  constructor(
    private readonly cognito: CognitoAdapter,
    private readonly accounts: AccountService,
    private readonly limits: AuthLimits,
    private readonly totp: TotpEnrolments,
    private readonly enrolments: MfaEnrolmentTickets,
    private readonly owners: EmailOwners,
  ) {}

  async signIn(ctx: TenantContext, input: { email: string; password: string; client: AppClientName; mfaCode?: string }): Promise<SignedIn> {
    await this.limits.consume(ctx, 'signIn', input.email);
    const username = await this.usernameOf(ctx, input.email);
    const tokens = await this.refusedAsCredentials(() => this.cognito.signIn(input.client, username, input.password));
    return this.admitted(ctx, input.client, tokens, { mfaCode: input.mfaCode });
  }

  /** New ID and access tokens for a refresh token, while the account is still active. */
  async refresh(ctx: TenantContext, input: { email: string; refreshToken: string; client: AppClientName }): Promise<SignedIn> {
    await this.limits.consume(ctx, 'signIn', input.email);
    const username = await this.usernameOf(ctx, input.email);
    const tokens = await this.refusedAsCredentials(() => this.cognito.refresh(input.client, username, input.refreshToken));
    return this.admitted(ctx, input.client, { ...tokens, refreshToken: undefined });
  }

  /** Revokes the refresh token: refresh is refused afterwards (ID tokens live out their hour; the guard's account check is what bites at once). */
  async signOut(_ctx: TenantContext, input: { refreshToken: string; client: AppClientName }): Promise<void> {
    await this.cognito.revoke(input.client, input.refreshToken);
  }

  /** `second`: the sign-in's second factor, when it is a sign-in (a refresh token proves one was given). */
  private async admitted(ctx: TenantContext, client: AppClientName, tokens: PoolTokens, second?: { mfaCode?: string }): Promise<SignedIn> {
    const claims = claimsOf(tokens.idToken);
    const userId = typeof claims.sub === 'string' && claims['custom:tenant'] === ctx.tenantCode ? claims.sub : undefined;
    const account = userId ? await this.accounts.get(ctx, userId) : undefined;
    // Customers never at the admin client; the platform's operators only there.
    const kind = account?.attributes.kind;
    const admitted = account?.attributes.status === 'active' && !(client === 'admin' && kind === 'customer') && !(client === 'storefront' && kind === 'system');
    if (!admitted) {
      if (tokens.refreshToken) await this.cognito.revoke(client, tokens.refreshToken);
      throw new InvalidCredentialsError();
    }
    const factor = second ? await this.totp.check(ctx, userId!, second.mfaCode) : 'passed';
    // The platform's operators (kind `system`) hold every shop's keys: the rule for staff is theirs too.
    if (factor === 'failed' || (factor === 'not_enrolled' && (kind === 'staff' || kind === 'system') && config().staffMfaRequired)) {
      if (tokens.refreshToken) await this.cognito.revoke(client, tokens.refreshToken);
      if (factor === 'failed') throw new MfaRequiredError();
      throw new MfaEnrolmentRequiredError(await this.enrolments.issue(ctx, userId!), MFA_ENROLMENT_SECONDS);
    }
    return {
      idToken: tokens.idToken,
      accessToken: tokens.accessToken,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      expiresIn: tokens.expiresIn,
      tokenType: 'Bearer',
    };
  }

  /** The username `email` signs in as; an address its person moved away from signs in no more (the same 401). */
  private async usernameOf(ctx: TenantContext, email: string): Promise<string> {
    const address = await this.owners.resolve(ctx, email);
    if (address.retired) throw new InvalidCredentialsError();
    return address.username;
  }

  private async refusedAsCredentials(flow: () => Promise<PoolTokens>): Promise<PoolTokens> {
    try {
      return await flow();
    } catch (error) {
      if (error instanceof PoolRefusal) throw new InvalidCredentialsError();
      throw error;
    }
  }
}
