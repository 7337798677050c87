import { StateMachine } from '../../core/state-machine';

export const IMPORT_KINDS = ['products'] as const;
export const EXPORT_KINDS = ['products', 'orders'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const IMPORT_STATUSES = ['awaiting_upload', 'validating', 'validated', 'applying', 'completed', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Where an import may go: a dry run ends `validated`; a real one goes on to `applying`. */
export const IMPORT_MACHINE = new StateMachine<ImportStatus>({
  name: 'import',
  states: IMPORT_STATUSES,
  initial: 'awaiting_upload',
  transitions: {
    awaiting_upload: ['validating', 'cancelled'],
    // Straight to completed when no row changes anything (the same file again).
    validating: ['validated', 'applying', 'completed', 'failed', 'cancelled'],
    validated: [],
    applying: ['completed', 'failed', 'cancelled'],
    completed: [],
    failed: [],
    cancelled: [],
  },
  terminal: ['validated', 'completed', 'failed', 'cancelled'],
});

export const ROW_OUTCOMES = ['created', 'updated', 'unchanged', 'failed'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];
export type OutcomeCounts = Record<RowOutcome, number>;

export interface ImportAttributes {
  kind: ImportKind;
  dryRun: boolean;
  status: ImportStatus;
  /** The largest file accepted (the shop's `maxImportFileBytes` when the job was made). */
  maxBytes: number;
  /** Data rows of the file (after validation). */
  rows?: number;
  /** Rows by outcome so far: of the validation for a dry run (what would happen), else of the applied batches. */
  counts: OutcomeCounts;
  /** Categories the file's `category_path` column creates (a dry run: would create); listed in the report. */
  categoriesCreated?: number;
  /** Product batches of the apply step, and how many are done. */
  batches?: number;
  batchesDone?: number;
  /** Why a `failed` import failed as a whole (a file too large or not CSV, a missing column). */
  error?: string;
  /** Whether the per-row report can be downloaded (`GET /imports/{id}/report`). */
  reportReady: boolean;
}

export const EXPORT_STATUSES = ['running', 'completed', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export interface ExportFilters {
  /** products: only active or only inactive ones. */
  active?: boolean;
  /** orders: only this status. */
  status?: string;
  /** orders: placed at or after / before these instants (ISO 8601). */
  placedFrom?: string;
  placedTo?: string;
}

export interface ExportAttributes {
  kind: ExportKind;
  filters: ExportFilters;
  status: ExportStatus;
  rows?: number;
  /** Runs that failed so far (the step is delivered again); the last allowed one ends the job `failed`. */
  attempts?: number;
  /** Why a `failed` export failed. */
  error?: string;
}

export const EMPTY_COUNTS: Readonly<OutcomeCounts> = { created: 0, updated: 0, unchanged: 0, failed: 0 };
