import { Injectable } from '@nestjs/common';
import { ulid } from 'ulid';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { cancellationReasons } from '../../core/dynamo';
import { CommandItem, EntityRecord, Page } from '../../core/entity';
import { ConflictError, NotFoundError, VersionConflictError } from '../../core/errors';
import { sendJob } from '../../core/job-queue';
import { PageRequest } from '../../core/pagination';
import { logger } from '../../core/logger';
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
 * How long the shop's import lock holds without a new version of its import. Every version that
 * does not end the job renews it (a step stays well inside a Lambda's 15 minutes), so only a job
 * nobody moves any more (a crashed consumer, a dead-lettered step, an upload never made) lets it
 * lapse; then the next import takes the lock over instead of the shop being blocked for ever.
 */
export const IMPORT_LEASE_SECONDS = 30 * 60;

interface ImportLock {
  importId: string;
  since: string;
  /** Absent on locks written before leases: those lapse a lease after `since`. */
  leaseUntil?: string;
}

const leaseUntil = (now: number) => new Date(now + IMPORT_LEASE_SECONDS * 1000).toISOString();

/**
 * Staff's side of imports: ask for one (an upload form), start it once the file is up, follow,
 * cancel, read its report. The work itself runs on the jobs consumer (ImportRunner). One import
 * at a time per shop: the lock item is put with version 1, renewed by every later version and
 * removed with the version that ends the job, each in the same transaction as the version.
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
    // Reason: one import at a time per shop, unless the previous one's lease lapsed.
    const now = Date.now();
    const previous = await this.items.get<ImportLock>(ctx, importLockKey());
    const lock: TenantWrite = {
      put: { sk: importLockKey(), importId: id, since: new Date(now).toISOString(), leaseUntil: leaseUntil(now) },
      condition: 'attribute_not_exists(pk) OR leaseUntil < :now OR (attribute_not_exists(leaseUntil) AND since < :staleSince)',
      values: { ':now': new Date(now).toISOString(), ':staleSince': new Date(now - IMPORT_LEASE_SECONDS * 1000).toISOString() },
    };
    let job: CommandItem<ImportAttributes>;
    try {
      job = await this.commands.publish(ctx, { type: IMPORT_ENTITY, code: id, attributes }, { expectedVersion: 0, alsoWrite: [lock] });
    } catch (error) {
      if (cancellationReasons(error)?.[1] !== 'ConditionalCheckFailed') throw error;
      const running = await this.items.get<ImportLock>(ctx, importLockKey());
      throw new ConflictError(`import ${running?.importId ?? '?'} is not finished: one import at a time (cancel it or wait)`, { reason: 'import_running', jobId: running?.importId });
    }
    if (previous) await this.abandon(ctx, previous.importId, id);
    return { job, upload: await this.files.uploadForm(importFiles(this.files, ctx, id).upload, maxImportFileBytes) };
  }

  /**
   * The import whose lapsed lease `takenBy` took over ends (failed, or cancelled when it never
   * started), so it neither shows as running nor goes on writing: its next version would find
   * the lock another's and fail.
   */
  private async abandon(ctx: TenantContext, id: string, takenBy: string): Promise<void> {
    await retryOnConflict({ ...OWNER_EDIT, retryOn: (e) => e instanceof VersionConflictError }, async () => {
      const job = await this.commands.getLatest<ImportAttributes>(ctx, IMPORT_ENTITY, id);
      if (!job || IMPORT_MACHINE.targetsOf(job.attributes.status).length === 0) return;
      const to = IMPORT_MACHINE.canMove(job.attributes.status, 'failed') ? 'failed' : 'cancelled';
      const error = `nothing moved it for ${IMPORT_LEASE_SECONDS / 60} minutes: its lease on the shop's import slot lapsed and import ${takenBy} took the slot over`;
      logger.warn('import lease lapsed', { tenant: ctx.tenantCode, importId: id, takenBy });
      await this.move(ctx, job, to, { error });
    });
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
   * The next version of the job in `to`. A version that does not end it renews the job's lease on
   * the shop's import lock (and fails if another import took the lapsed lock over); the one that
   * ends it gives the lock back if it still holds it, in the same transaction. 409 when `job` is
   * not the newest version.
   */
  async move(ctx: TenantContext, job: CommandItem<ImportAttributes>, to: ImportStatus, changes: Partial<ImportAttributes>): Promise<CommandItem<ImportAttributes>> {
    if (job.attributes.status !== to && !IMPORT_MACHINE.canMove(job.attributes.status, to)) {
      throw new ConflictError(`import ${job.code}: cannot go from ${job.attributes.status} to ${to}`, { status: job.attributes.status });
    }
    const mine = { ':id': job.code };
    let lock: TenantWrite[] = [];
    if (IMPORT_MACHINE.targetsOf(to).length > 0) {
      lock = [{ update: importLockKey(), set: 'SET leaseUntil = :until', condition: 'importId = :id', values: { ...mine, ':until': leaseUntil(Date.now()) } }];
    } else if (job.attributes.status !== to && (await this.items.get<ImportLock>(ctx, importLockKey()))?.importId === job.code) {
      // Only the move into an end gives the lock back, and only its own: a later version of an
      // ended job (its report), or one whose lapsed lock was taken over, leaves the newer import's alone.
      lock = [{ remove: importLockKey(), condition: 'importId = :id', values: mine }];
    }
    return this.commands.publish(
      ctx,
      { type: IMPORT_ENTITY, code: job.code, attributes: { ...job.attributes, ...changes, status: to } },
      { expectedVersion: job.version, holding: job, alsoWrite: lock },
    );
  }
}
