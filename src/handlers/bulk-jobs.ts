import 'reflect-metadata';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JobsModule } from '../app/jobs.module';
import { mapBundleStacks } from '../core/bundle-stacks';
import type { JobEvent, JobMessage } from '../core/job-queue';
import { logger } from '../core/logger';
import { BulkJobs } from '../modules/bulk';

mapBundleStacks(__filename);

let context: Promise<INestApplicationContext> | undefined;
function jobsApp(): Promise<INestApplicationContext> {
  context ??= NestFactory.createApplicationContext(JobsModule, {
    logger: { log: () => undefined, warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  return context;
}

/**
 * The jobs consumer: SQS in AWS (batches of 1: a step is minutes of work), the local queue's
 * drain in `npm start`, the tests and the bench, with the same message. A step that throws is
 * reported as a failed item and redelivered; every step is safe to run again.
 */
export const handler = async (event: SQSEvent | JobEvent): Promise<SQSBatchResponse> => {
  const jobs = (await jobsApp()).get(BulkJobs);
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const message = JSON.parse(record.body) as JobMessage;
    try {
      await jobs.run(message);
    } catch (error) {
      logger.error('job step failed', { ...message, error: (error as Error).message });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
