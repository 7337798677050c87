import { Logger } from '@aws-lambda-powertools/logger';

/** The one structured JSON logger. Child loggers carry the tenant and request of their work. */
export const logger = new Logger({
  serviceName: 'shopstream',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'DEBUG' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
});
