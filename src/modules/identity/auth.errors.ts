import { ConflictError, ForbiddenError, ShopstreamError, UnauthorizedError, ValidationFailedError } from '../../core/errors';
import { passwordProblem } from './password-policy';

/** One answer for a wrong, expired, used-up or unknown code, and for an address without one. */
export class InvalidCodeError extends ShopstreamError {
  override readonly status = 400;
  constructor() {
    super('code: is wrong or expired', { reason: 'invalid_code', fields: [{ field: 'code', problem: 'is wrong or expired' }] });
  }
}

/** One answer for every refused sign-in or refresh, so nobody learns which addresses have accounts. */
export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super('wrong email or password', { reason: 'invalid_credentials' });
  }
}

/** 400 naming `field` and the rule of the password policy it breaks, before anything is done. */
export function assertPasswordPolicy(password: string, field = 'password'): void {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationFailedError([{ field, problem }]);
}

/** The password was right, and the account has TOTP: `mfaCode` was missing, wrong or used already. */
export class MfaRequiredError extends UnauthorizedError {
  constructor() {
    super('mfaCode: a fresh code of your authenticator app is required', { reason: 'mfa_required' });
  }
}

/**
 * The password was right, but staff must have TOTP (`STAFF_MFA_REQUIRED`) and this person has
 * none yet: no tokens, only a ticket that opens POST /auth/mfa-enrolment and its /confirm.
 */
export class MfaEnrolmentRequiredError extends ForbiddenError {
  constructor(enrolmentToken: string, enrolmentExpiresIn: number) {
    super('staff must enrol TOTP before signing in: POST /auth/mfa-enrolment with enrolmentToken, then /confirm with a code', { reason: 'mfa_enrolment_required', enrolmentToken, enrolmentExpiresIn });
  }
}

/** Told only to the owner of the session, at confirm: the request answered the same for every address. */
export class EmailTakenError extends ConflictError {
  constructor(version: number) {
    super('newEmail: is the sign-in of another account of this shop', { reason: 'email_taken', currentVersion: version });
  }
}
