import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RateLimit, RateLimits } from '../../core/rate-limits';
import { UNKNOWN_CLIENT } from '../../core/client-address';
import { TenantContext } from '../../core/tenant-context';

export type AuthAction = 'signIn' | 'signUp' | 'codeCheck' | 'passwordReset';

const HOUR = 3600;

/**
 * How often one address, and one client address, may try each flow in a shop per hour: enough
 * for a person who mistypes, too few to guess a password or a 6-digit code (5 tries per code),
 * or to mail-bomb an address. The 429 names the limit.
 */
export const AUTH_LIMITS: Record<AuthAction, { perAddress: RateLimit; perClient: RateLimit }> = {
  signIn: { perAddress: { name: 'signInsPerAddressPerHour', limit: 10, windowSeconds: HOUR }, perClient: { name: 'signInsPerClientPerHour', limit: 100, windowSeconds: HOUR } },
  signUp: { perAddress: { name: 'signUpsPerAddressPerHour', limit: 5, windowSeconds: HOUR }, perClient: { name: 'signUpsPerClientPerHour', limit: 30, windowSeconds: HOUR } },
  codeCheck: { perAddress: { name: 'codeChecksPerAddressPerHour', limit: 10, windowSeconds: HOUR }, perClient: { name: 'codeChecksPerClientPerHour', limit: 60, windowSeconds: HOUR } },
  passwordReset: { perAddress: { name: 'passwordResetsPerAddressPerHour', limit: 5, windowSeconds: HOUR }, perClient: { name: 'passwordResetsPerClientPerHour', limit: 30, windowSeconds: HOUR } },
};

/** An email address as a key part: a digest of its normalized form (addresses are not key parts, and stay out of keys). */
export function addressKeyPart(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
}

/** Counts one try of a sign-in flow against the address's and the client's limits, all or none (429 past either). */
@Injectable()
export class AuthLimits {
  constructor(private readonly rateLimits: RateLimits) {}

  async consume(ctx: TenantContext, action: AuthAction, email: string): Promise<void> {
    const rules = AUTH_LIMITS[action];
    await this.rateLimits.consumeAll(ctx, [
      { bucket: `auth.${action}.address.${addressKeyPart(email)}`, rule: rules.perAddress },
      { bucket: `auth.${action}.client.${ctx.client ?? UNKNOWN_CLIENT}`, rule: rules.perClient },
    ]);
  }
}
