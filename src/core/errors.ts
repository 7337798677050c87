import { ErrorReason } from './error-reasons';

/**
 * Every domain error extends ShopstreamError; the HTTP layer maps `status` to the response,
 * so services never import HTTP exceptions. (A context's own Error subclasses are internal
 * control flow that its code catches before any response; each says so.)
 */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** What an error tells the caller beside its message (spread into the body); `reason` only from the documented list. */
export type ErrorDetails = Record<string, unknown> & { reason?: ErrorReason };

export class ShopstreamError extends Error {
  readonly status: number = 500;
  readonly details?: ErrorDetails;
  constructor(message: string, details?: ErrorDetails) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class ValidationFailedError extends ShopstreamError {
  override readonly status = 400;
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.problem}`).join('; '), { fields: problems });
  }
}

export class NotFoundError extends ShopstreamError {
  override readonly status = 404;
  constructor(what: string, code: string, details?: ErrorDetails) {
    super(`${what} ${code} not found`, details);
  }
}

/** Who wrote an entity's current version and when (its command's `issuedBy`, `issuedAt`). */
export interface VersionStamp {
  updatedBy?: string;
  updatedAt?: string;
}

/**
 * A stale expected version: the caller gets the version it should have sent and, where the
 * writer knows it, who wrote that version and when, so a person can tell whose change they met
 * (the HTTP layer keeps `updatedBy` for staff, as on an entity's view).
 */
export class VersionConflictError extends ShopstreamError {
  override readonly status = 409;
  /** `what` names the entity for people (`order ORD-000001`), never by its keys. */
  constructor(readonly what: string, readonly expectedVersion: number, readonly currentVersion: number, current: VersionStamp = {}) {
    super(`${what} is at version ${currentVersion}, not ${expectedVersion}`, {
      currentVersion,
      expectedVersion,
      ...(current.updatedBy !== undefined ? { updatedBy: current.updatedBy } : {}),
      ...(current.updatedAt !== undefined ? { updatedAt: current.updatedAt } : {}),
    });
  }
}

export class ConflictError extends ShopstreamError {
  override readonly status = 409;
}

export class ForbiddenError extends ShopstreamError {
  override readonly status = 403;
}

export class UnauthorizedError extends ShopstreamError {
  override readonly status = 401;
}

/** Too many actions of one caller in a window; `limit` names the setting, `retryAfterSeconds` says when. */
export class TooManyRequestsError extends ShopstreamError {
  override readonly status = 429;
}

/** A request body that is not JSON (another content type, or a charset the parser does not read). */
export class UnsupportedMediaTypeError extends ShopstreamError {
  override readonly status = 415;
}

/** A payment provider refused or failed a call: nothing changed here; the caller may try again. */
export class ProviderFailedError extends ShopstreamError {
  override readonly status = 502;
  constructor(provider: string) {
    super(`the payment provider ${provider} refused or failed the call; nothing was changed`, { reason: 'provider_failed' });
  }
}
