import { Injectable } from '@nestjs/common';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../config';
import { dynamo } from '../dynamo';
import { CommandItem } from '../entity';
import { sortKey } from '../keys';
import { TTL_ATTRIBUTE } from '../tables';

const ATTEMPTS_KEPT_SECONDS = 7 * 24 * 3600;

/**
 * Counts failed tries per command, so the bound on retries holds however the stream is
 * delivered (Lambda's event source mapping in AWS, serverless-offline locally).
 */
@Injectable()
export class SyncAttempts {
  async recordFailure(command: CommandItem): Promise<number> {
    const result = await dynamo().send(
      new UpdateCommand({
        TableName: config().tables.data,
        Key: { pk: command.pk, sk: sortKey('SYNCATTEMPT', command.type, command.code, String(command.version)) },
        UpdateExpression: 'ADD attempts :one SET #ttl = :ttl',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':ttl': Math.floor(Date.now() / 1000) + ATTEMPTS_KEPT_SECONDS },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return result.Attributes?.attempts as number;
  }
}
