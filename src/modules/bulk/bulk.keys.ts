import { sortKey } from '../../core/keys';

/** A bulk import job (versioned: every status change and batch is a version); its code is a ULID. */
export const IMPORT_ENTITY = 'IMPORT';

/** A bulk export job (versioned); its code is a ULID. */
export const EXPORT_ENTITY = 'EXPORT';

/**
 * The tenant's one running import: `{importId, since, leaseUntil}`, put with the job's version 1 only if absent (or its lease lapsed),
 * renewed by every later version and removed with the version that ends the job, so two imports never run at once.
 */
export const importLockKey = () => sortKey('IMPORTLOCK');
