import { Injectable } from '@nestjs/common';
import { ulid } from 'ulid';
import { CommandService } from '../../core/command.service';
import { CommandItem } from '../../core/entity';
import { NotFoundError, ValidationFailedError } from '../../core/errors';
import { sendJob } from '../../core/job-queue';
import { TenantContext } from '../../core/tenant-context';
import { EXPORT_ENTITY } from './bulk.keys';
import { ExportAttributes, ExportFilters, ExportKind } from './bulk.model';
import { JobFiles } from './job-files';

export const exportFile = (files: JobFiles, ctx: TenantContext, id: string) => files.key(ctx, 'exports', `${id}.csv`);

/** Which filters each kind takes. */
const FILTERS: Record<ExportKind, (keyof ExportFilters)[]> = { products: ['active'], orders: ['status', 'placedFrom', 'placedTo'] };

/** Staff's side of exports: ask for one (it runs on the jobs consumer), then read it with a download link that expires. */
@Injectable()
export class ExportJobs {
  constructor(
    private readonly commands: CommandService,
    private readonly files: JobFiles,
  ) {}

  async create(ctx: TenantContext, kind: ExportKind, filters: ExportFilters = {}): Promise<CommandItem<ExportAttributes>> {
    const problems = Object.keys(filters)
      .filter((f) => filters[f as keyof ExportFilters] !== undefined && !FILTERS[kind].includes(f as keyof ExportFilters))
      .map((f) => ({ field: `filters.${f}`, problem: `is not a filter of ${kind} exports (${FILTERS[kind].join(', ')})` }));
    if (filters.placedFrom && filters.placedTo && filters.placedFrom > filters.placedTo) problems.push({ field: 'filters.placedTo', problem: 'must not be before placedFrom' });
    if (problems.length) throw new ValidationFailedError(problems);
    const job = await this.commands.publish(ctx, { type: EXPORT_ENTITY, code: ulid(), attributes: { kind, filters, status: 'running' } satisfies ExportAttributes }, { expectedVersion: 0 });
    await sendJob({ kind: 'export', tenantCode: ctx.tenantCode, jobId: job.code, step: 'export' });
    return job;
  }

  /** The job, with a fresh download link once it completed. */
  async get(ctx: TenantContext, id: string): Promise<{ job: CommandItem<ExportAttributes>; download?: { url: string; validUntil: string } }> {
    const job = await this.commands.getLatest<ExportAttributes>(ctx, EXPORT_ENTITY, id);
    if (!job) throw new NotFoundError('export', id);
    if (job.attributes.status !== 'completed') return { job };
    return { job, download: await this.files.downloadLink(exportFile(this.files, ctx, id), `${job.attributes.kind}-${id}.csv`) };
  }
}
