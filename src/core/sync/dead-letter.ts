import { Injectable } from '@nestjs/common';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { config } from '../../config';
import { dynamo } from '../dynamo';
import { CommandItem } from '../entity';
import { sortKey } from '../keys';

export interface DeadLetter {
  command: CommandItem;
  error: string;
  attempts: number;
  failedAt: string;
}

/**
 * Where the stream sync puts a command it gave up on, so an operator can read and redrive it.
 * AWS: the SQS queue. Locally: the dead-letter table (no SQS emulator installs here).
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
    const { command } = letter;
    await dynamo().send(
      new PutCommand({
        TableName: config().tables.deadLetter,
        Item: { pk: command.pk, sk: sortKey('DEADLETTER', command.type, command.code, String(command.version)), ...letter },
      }),
    );
  }
}

@Injectable()
export class DeadLetterSinkProvider {
  readonly sink: DeadLetterSink = config().deadLetterQueueUrl
    ? new SqsDeadLetterSink(config().deadLetterQueueUrl!)
    : new TableDeadLetterSink();
}
