import { Injectable } from '@nestjs/common';
import { ulid } from 'ulid';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { cancellationReasons } from '../../core/dynamo';
import { CommandItem, EntityRecord, Page } from '../../core/entity';
import { ConflictError, NotFoundError, VersionConflictError } from '../../core/errors';
import { sendJob } from '../../core/job-queue';
import { PageRequest } from '../../core/pagination';
import { OWNER_EDIT, retryOnConflict } from '../../core/retry';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { ShopSettingsService } from '../tenant';
import { importLockKey, IMPORT_ENTITY } from './bulk.keys';
import { EMPTY_COUNTS, ImportAttributes, ImportKind, IMPORT_MACHINE, ImportStatus } from './bulk.model';
import { JobFiles, UploadForm } from './job-files';

/** A job's files: the upload, the validation's plan and outcomes, each batch's outcomes, the report. */
export const importFiles = (files: JobFiles, ctx: TenantContext, id: string) => ({
  upload: files.key(ctx, 'imports', id, 'upload.csv'),
  plan: files.key(ctx, 'imports', id, 'plan.json'),
  batch: (n: number | 'validation') => files.key(ctx, 'imports', id, `outcomes-${n}.json`),
  report: files.key(ctx, 'imports', id, 'report.csv'),
});

/**
 * Staff's side of imports: ask for one (an upload form), start it once the file is up, follow,
 * cancel, read its report. The work itself runs on the jobs consumer (ImportRunner). One import
 * at a time per shop: the lock item is put with version 1 and removed with the version that ends
 * the job, both in the same transaction as the version.
 */
@Injectable()
export class ImportJobs {
  constructor(
    private readonly commands: CommandService,
    private readonly data: DataService,
    private readonly items: TenantItemStore,
    private readonly settings: ShopSettingsService,
    private readonly files: JobFiles,
  ) {}

  async create(ctx: TenantContext, kind: ImportKind, dryRun: boolean): Promise<{ job: CommandItem<ImportAttributes>; upload: UploadForm }> {
    const id = ulid();
    const { maxImportFileBytes } = await this.settings.current(ctx);
    const attributes: ImportAttributes = { kind, dryRun, status: 'awaiting_upload', maxBytes: maxImportFileBytes, counts: { ...EMPTY_COUNTS }, reportReady: false };
    // Reason: one import at a time per shop.
    const lock: TenantWrite = { put: { sk: importLockKey(), importId: id, since: new Date().toISOString() }, condition: 'attribute_not_exists(pk)' };
    let job: CommandItem<ImportAttributes>;
    try {
      job = await this.commands.publish(ctx, { type: IMPORT_ENTITY, code: id, attributes }, { expectedVersion: 0, alsoWrite: [lock] });
    } catch (error) {
      if (cancellationReasons(error)?.[1] !== 'ConditionalCheckFailed') throw error;
      const running = await this.items.get<{ importId: string }>(ctx, importLockKey());
      throw new ConflictError(`import ${running?.importId ?? '?'} is not finished: one import at a time (cancel it or wait)`, { reason: 'import_running', jobId: running?.importId });
    }
    return { job, upload: await this.files.uploadForm(importFiles(this.files, ctx, id).upload, maxImportFileBytes) };
  }

  async get(ctx: TenantContext, id: string): Promise<CommandItem<ImportAttributes>> {
    const job = await this.commands.getLatest<ImportAttributes>(ctx, IMPORT_ENTITY, id);
    if (!job) throw new NotFoundError('import', id);
    return job;
  }

  /** Newest first would need an index; ULIDs sort by creation, so the page is oldest first. Lags the stream. */
  async list(ctx: TenantContext, page: PageRequest): Promise<Page<EntityRecord<ImportAttributes>>> {
    return this.data.list<ImportAttributes>(ctx, IMPORT_ENTITY, page);
  }

  /**
   * After the upload: `validating`, and the validation step on the jobs queue. Again on a job that
   * is validating sends the step again (a lost message); on one further along, changes nothing.
   */
  async start(ctx: TenantContext, id: string): Promise<CommandItem<ImportAttributes>> {
    const job = await this.get(ctx, id);
    if (job.attributes.status === 'awaiting_upload') {
      if ((await this.files.size(importFiles(this.files, ctx, id).upload)) === undefined) {
        throw new ConflictError(`import ${id} has no file yet: upload it with the form of POST /imports first`, { reason: 'import_not_uploaded', status: job.attributes.status });
      }
      const moved = await this.move(ctx, job, 'validating', {});
      await sendJob({ kind: 'import', tenantCode: ctx.tenantCode, jobId: id, step: 'validate' });
      return moved;
    }
    if (job.attributes.status === 'validating') await sendJob({ kind: 'import', tenantCode: ctx.tenantCode, jobId: id, step: 'validate' });
    return job;
  }

  /**
   * Stops the job where it is: rows applied stay applied (each was a whole product), the rest is
   * not written. Raced by the consumer's own version of the job, it tries again on the newest.
   * Again on a cancelled job answers it; on a finished one, 409.
   */
  async cancel(ctx: TenantContext, id: string): Promise<CommandItem<ImportAttributes>> {
    return retryOnConflict({ ...OWNER_EDIT, retryOn: (e) => e instanceof VersionConflictError }, async () => {
      const job = await this.get(ctx, id);
      if (job.attributes.status === 'cancelled') return job;
      if (!IMPORT_MACHINE.canMove(job.attributes.status, 'cancelled')) {
        throw new ConflictError(`import ${id} is ${job.attributes.status}: it can no longer be cancelled`, { status: job.attributes.status });
      }
      return this.move(ctx, job, 'cancelled', {});
    });
  }

  /** The per-row report as CSV, once the validation (dry run) or the last batch wrote it. */
  async report(ctx: TenantContext, id: string): Promise<string> {
    const job = await this.get(ctx, id);
    if (!job.attributes.reportReady) {
      throw new ConflictError(`import ${id} is ${job.attributes.status}: its report is written when it is validated, completed or cancelled`, { status: job.attributes.status });
    }
    return this.files.read(importFiles(this.files, ctx, id).report);
  }

  /**
   * The next version of the job in `to`; a version that ends it gives back the shop's import
   * lock in the same transaction. 409 when `job` is not the newest version.
   */
  async move(ctx: TenantContext, job: CommandItem<ImportAttributes>, to: ImportStatus, changes: Partial<ImportAttributes>): Promise<CommandItem<ImportAttributes>> {
    if (job.attributes.status !== to && !IMPORT_MACHINE.canMove(job.attributes.status, to)) {
      throw new ConflictError(`import ${job.code}: cannot go from ${job.attributes.status} to ${to}`, { status: job.attributes.status });
    }
    // Only the move into an end gives the lock back: a later version of an ended job (its report) must not touch a newer import's lock.
    const ends = job.attributes.status !== to && IMPORT_MACHINE.targetsOf(to).length === 0;
    const release: TenantWrite[] = ends
      ? [{ remove: importLockKey(), condition: 'attribute_not_exists(pk) OR importId = :id', values: { ':id': job.code } }]
      : [];
    return this.commands.publish(
      ctx,
      { type: IMPORT_ENTITY, code: job.code, attributes: { ...job.attributes, ...changes, status: to } },
      { expectedVersion: job.version, holding: job, alsoWrite: release },
    );
  }
}
