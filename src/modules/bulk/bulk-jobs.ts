import { Injectable } from '@nestjs/common';
import { JobMessage } from '../../core/job-queue';
import { ExportRunner } from './export.runner';
import { ImportRunner } from './import.runner';

/** The one entry of the jobs consumer: a step of an import or an export, by its message. */
@Injectable()
export class BulkJobs {
  constructor(
    private readonly imports: ImportRunner,
    private readonly exports: ExportRunner,
  ) {}

  async run(message: JobMessage): Promise<void> {
    if (message.kind === 'import') return this.imports.run(message);
    if (message.kind === 'export') return this.exports.run(message);
    throw new Error(`unknown job kind ${message.kind}`);
  }
}
