import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { monotonicFactory } from 'ulid';
import { config } from '../config';

/**
 * One step of a background job (a bulk import's validation, one batch of its rows, an export):
 * the message the jobs consumer (`handlers/bulk-jobs.ts`) takes, whoever carries it. Never the
 * order path's stream: a shop's import must not hold up its orders.
 */
export interface JobMessage {
  kind: string;
  tenantCode: string;
  jobId: string;
  step: string;
  batch?: number;
}

/**
 * Sends job steps: to SQS in AWS (`JOBS_QUEUE_URL`), else to a local queue of files, one per
 * message (ElasticMQ is not available here), which `drainLocalJobs` empties by calling the same
 * handler with the same SQS-shaped event: `npm start` polls it, the tests and the bench drain it.
 */
let sqs: SQSClient | undefined;
const nextId = monotonicFactory();

export async function sendJob(message: JobMessage): Promise<void> {
  const { queueUrl, queueDir } = config().jobs;
  if (queueUrl) {
    sqs ??= new SQSClient({ region: config().region });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
    return;
  }
  mkdirSync(queueDir, { recursive: true });
  const id = nextId();
  // Written aside, then renamed: a poller never reads half a message.
  writeFileSync(join(queueDir, `${id}.tmp`), JSON.stringify(message));
  renameSync(join(queueDir, `${id}.tmp`), join(queueDir, `${id}.json`));
}

/** The SQS event the jobs handler takes (the fields it reads). */
export interface JobEvent {
  Records: { messageId: string; body: string }[];
}

/**
 * Hands the local queue's messages, oldest first, one per event, to `handler` until the queue is
 * empty or `maxSteps` ran; returns how many ran. A message the handler reports failed (or throws
 * on) stays, and the drain stops: the next drain tries it again (SQS redelivers too).
 */
export async function drainLocalJobs(handler: (event: JobEvent) => Promise<{ batchItemFailures: unknown[] }>, maxSteps = Infinity): Promise<number> {
  const dir = config().jobs.queueDir;
  let ran = 0;
  while (ran < maxSteps) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
    } catch {
      return ran;
    }
    if (!names.length) return ran;
    const path = join(dir, names[0]);
    const { batchItemFailures } = await handler({ Records: [{ messageId: names[0], body: readFileSync(path, 'utf8') }] });
    if (batchItemFailures.length) return ran;
    rmSync(path, { force: true });
    ran++;
  }
  return ran;
}
