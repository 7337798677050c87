import { Injectable } from '@nestjs/common';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
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

export class SqsDeadLetterSink implements DeadLetterSink {
  private readonly sqs = new SQSClient({ region: config().region });
  constructor(private readonly queueUrl: string) {}
  async send(letter: DeadLetter): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(letter) }));
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
