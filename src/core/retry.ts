import { cancellationReasons, isConditionFailure } from './dynamo';
import { VersionConflictError } from './errors';

/**
 * The one retry loop for optimistic writes. Every context that reads, decides and writes
 * conditionally loses some races; it tries again after a full-jitter pause so that contending
 * writers spread out instead of colliding again, and gives up after `attempts`.
 *
 * A loop whose refusal can also mean "done" (a replay found its own earlier write) or "refused
 * for good" (a limit) catches the failure inside `work`, answers that, and rethrows only what is
 * worth another try.
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

/**
 * The policies, by how contended the written item is, instead of a number per loop. Spread one
 * and add `retryOn` / `exhausted` where a loop needs its own.
 */
/** Many writers on one item: a SKU's stock level under a sale (reserve, release, deduct, admin sets). Paused, many tries. */
export const HOT_ITEM: RetryPolicy = { attempts: 12, basePauseMs: 5, maxPauseMs: 200 };
/** A few independent writers on one entity: a payment (the shopper, the provider's webhooks, staff, the saga). Paused. */
export const CONTENDED_WRITE: RetryPolicy = { attempts: 8, basePauseMs: 5, maxPauseMs: 200 };
/**
 * One owner's entity (a cart, a wishlist), raced by the same person's other tab or by a merge:
 * the loser re-applies its change to the version that won at once (the read already moved it
 * forward, so a pause would only slow the person down), a few times.
 */
export const OWNER_EDIT: RetryPolicy = { attempts: 4, basePauseMs: 0 };

/** A lost race: a stale version, a failed condition, or a transaction cancelled by either or by a concurrent one. */
export function isWriteConflict(error: unknown): boolean {
  if (error instanceof VersionConflictError || isConditionFailure(error)) return true;
  const reasons = cancellationReasons(error);
  return !!reasons && reasons.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict');
}

/**
 * Any refused write, whatever the cancellation reason (throttling included): for loops that
 * decide again from a fresh read after every refusal, so that another try is always safe.
 */
export function isRefusedWrite(error: unknown): boolean {
  return error instanceof VersionConflictError || isConditionFailure(error) || isCancelledTransaction(error);
}

/** A TransactWriteItems cancelled, whatever the reason: the lock-free stock steps retry exactly these. */
export function isCancelledTransaction(error: unknown): boolean {
  return cancellationReasons(error) !== undefined;
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
