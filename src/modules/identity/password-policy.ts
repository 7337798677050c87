import { IDENTITY_POOL } from './identity-pool';

/**
 * IDENTITY_POOL.passwordPolicy, checked by our routes (Cognito checks it in AWS; the emulator
 * does not): the first rule `password` breaks, for the 400, or undefined.
 */
export function passwordProblem(password: string): string | undefined {
  const policy = IDENTITY_POOL.passwordPolicy;
  if (password.length < policy.minLength) return `must be at least ${policy.minLength} characters long`;
  if (password.length > 256) return 'must be at most 256 characters long';
  if (policy.requireLowercase && !/[a-z]/.test(password)) return 'must contain a lower-case letter';
  if (policy.requireUppercase && !/[A-Z]/.test(password)) return 'must contain an upper-case letter';
  if (policy.requireDigits && !/[0-9]/.test(password)) return 'must contain a digit';
  if (policy.requireSymbols && !/[^A-Za-z0-9]/.test(password)) return 'must contain a symbol';
  return undefined;
}
