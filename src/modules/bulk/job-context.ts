import { CommandService } from '../../core/command.service';
import { CommandItem } from '../../core/entity';
import { JobMessage } from '../../core/job-queue';
import { TenantContext } from '../../core/tenant-context';

/**
 * A job step's newest job version and the context it acts in: the message's tenant, and the staff
 * member who asked for the job as the author of what it writes (request id `<kind>:<job id>`, which
 * a rerun step recognises its own versions by). Undefined when the job does not exist.
 */
export async function jobStep<A>(commands: CommandService, type: string, message: JobMessage): Promise<{ ctx: TenantContext; job: CommandItem<A> } | undefined> {
  const base: TenantContext = { tenantCode: message.tenantCode, userId: 'shopstream', roles: ['tenant-admin'], requestId: `${message.kind}:${message.jobId}`, source: `job:${message.kind}` };
  const job = await commands.getLatest<A>(base, type, message.jobId);
  return job && { job, ctx: { ...base, userId: job.createdBy ?? base.userId } };
}
