import { Injectable } from '@nestjs/common';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { config } from '../../config';
import { dynamo } from '../dynamo';
import { CommandItem } from '../entity';
import { sortKey, tenantPk } from '../keys';
import { SyncSubject } from './sync-attempts';

export interface DeadLetter {
  /** Whose record and which: the dead-letter table keeps the letter under it. */
  subject: SyncSubject;
  /** The consumer that gave up, when it is not the command sync (`read-model`). */
  consumer?: string;
  /** The command the record carried. */
  command?: CommandItem;
  /** What a record that is not a command carried (the read model's stock levels). */
  item?: Record<string, unknown>;
  error: string;
  attempts: number;
  failedAt: string;
}

/**
 * Where a stream consumer puts a record it gave up on, so an operator can read and redrive it.
 * AWS: an SQS queue (each consumer its own). Locally: the dead-letter table (no SQS emulator installs here).
 */
export interface DeadLetterSink {
  send(letter: DeadLetter): Promise<void>;
}

/** The SQS client loads on the first dead letter, not at cold start: most containers never need it. */
export class SqsDeadLetterSink implements DeadLetterSink {
  private sqs?: Promise<{ client: SQSClient; SendMessageCommand: typeof import('@aws-sdk/client-sqs').SendMessageCommand }>;
  constructor(private readonly queueUrl: string) {}
  async send(letter: DeadLetter): Promise<void> {
    this.sqs ??= import('@aws-sdk/client-sqs').then(({ SQSClient, SendMessageCommand }) => ({ client: new SQSClient({ region: config().region }), SendMessageCommand }));
    const { client, SendMessageCommand } = await this.sqs;
    await client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(letter) }));
  }
}

export class TableDeadLetterSink implements DeadLetterSink {
  async send(letter: DeadLetter): Promise<void> {
    const { tenant, parts } = letter.subject;
    await dynamo().send(
      new PutCommand({ TableName: config().tables.deadLetter, Item: { pk: tenantPk({ tenantCode: tenant }), sk: sortKey('DEADLETTER', ...parts), ...letter } }),
    );
  }
}

/** The queue of this function's `DEAD_LETTER_QUEUE_URL` (AWS), else the table. */
export function deadLetterSink(): DeadLetterSink {
  const queueUrl = config().deadLetterQueueUrl;
  return queueUrl ? new SqsDeadLetterSink(queueUrl) : new TableDeadLetterSink();
}

@Injectable()
export class DeadLetterSinkProvider {
  readonly sink: DeadLetterSink = deadLetterSink();
}

/** An error as a dead letter and the logs name it. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
