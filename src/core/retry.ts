import { cancellationReasons, isConditionFailure } from './dynamo';
import { VersionConflictError } from './errors';

/**
 * The one retry loop for optimistic writes. Every context that reads, decides and writes
 * conditionally loses some races; it tries again after a full-jitter pause so that contending
 * writers spread out instead of colliding again, and gives up after `attempts`.
 */
export interface RetryPolicy {
  /** How many times the work runs at most (the first try included). */
  attempts: number;
  /** Which failures are worth another try; anything else is thrown at once. */
  retryOn?: (error: unknown) => boolean;
  /** The upper bound of the pause before try n is `min(maxPauseMs, basePauseMs * 2^n)`; 0 pauses not at all. */
  basePauseMs?: number;
  maxPauseMs?: number;
  /** What to throw when every try lost a race (by default the last failure itself). */
  exhausted?: (lastError: unknown) => Error;
}

/** A lost race: a stale version, a failed condition, or a transaction cancelled by either or by a concurrent one. */
export function isWriteConflict(error: unknown): boolean {
  if (error instanceof VersionConflictError || isConditionFailure(error)) return true;
  const reasons = cancellationReasons(error);
  return !!reasons && reasons.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict');
}

export async function retryOnConflict<T>(policy: RetryPolicy, work: (attempt: number) => Promise<T>): Promise<T> {
  const retryOn = policy.retryOn ?? isWriteConflict;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (!retryOn(error)) throw error;
      if (attempt >= policy.attempts) throw policy.exhausted ? policy.exhausted(error) : error;
      await pause(attempt, policy.basePauseMs ?? 5, policy.maxPauseMs ?? 200);
    }
  }
}

/** Full jitter (a random pause below a growing ceiling). */
export function pause(attempt: number, basePauseMs = 5, maxPauseMs = 200): Promise<void> {
  const ceiling = Math.min(maxPauseMs, basePauseMs * 2 ** attempt);
  return ceiling <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
