/**
 * The API's error answers as typed errors, so a page handles a 409 or a 400 by kind rather than by
 * parsing text: a ConflictError carries the version the entity is at now; a 400's `fields` become
 * a map from form field to problem (react-hook-form's setError takes it as is).
 */
import type { components } from './schema';

export type ErrorBody = Partial<components['schemas']['ErrorResponse']>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** The stable reason the API gave (`invalid_credentials`, `prices_changed`, ...), when it gave one. */
  get reason(): string | undefined {
    return (this.body as { reason?: string }).reason;
  }

  static from(status: number, body: ErrorBody | undefined): ApiError {
    const error = body && typeof body === 'object' ? body : {};
    return status === 409 ? new ConflictError(error) : new ApiError(status, error);
  }
}

/** 409: someone changed the entity since it was read (or the state does not allow the move). */
export class ConflictError extends ApiError {
  constructor(body: ErrorBody) {
    super(409, body);
    this.name = 'ConflictError';
  }

  /** The version the entity is at now (a stale expectedVersion), to read again or re-apply on. */
  get currentVersion(): number | undefined {
    return this.body.currentVersion;
  }

  /** Who wrote the current version (staff see it) and when, where the API knows them. */
  get changed(): { by?: string; at?: string } {
    return { by: this.body.updatedBy, at: this.body.updatedAt };
  }
}

/**
 * A 400's `fields` by field path (`items.0.quantity`), the first problem of each; empty for any
 * other error. A page maps them onto its inputs, and shows the rest in its error summary.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const fields: Record<string, string> = {};
  for (const { field, problem } of error.body.fields ?? []) if (!(field in fields)) fields[field] = problem;
  return fields;
}
