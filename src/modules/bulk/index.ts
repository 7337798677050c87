/**
 * The public surface of `bulk` (CSV import and export jobs): what other folders may import from
 * it (everything else in this folder is internal; .dependency-cruiser.cjs and
 * test/infra/import-rules.spec.ts check it).
 */
export { BulkJobs } from './bulk-jobs';
export { EXPORT_ENTITY, IMPORT_ENTITY } from './bulk.keys';
export type { ExportAttributes, ImportAttributes } from './bulk.model';
