import { Injectable } from '@nestjs/common';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../config';
import { dynamo } from '../dynamo';
import { CommandItem } from '../entity';
import { sortKey, tenantOfPk, tenantPk } from '../keys';
import { TTL_ATTRIBUTE } from '../tables';
import { SYSTEM_TENANT } from '../tenant-context';

const ATTEMPTS_KEPT_SECONDS = 7 * 24 * 3600;

/** One stream record as one consumer sees it: its tenant, and sort key parts unique to the record and consumer. */
export interface SyncSubject {
  tenant: string;
  parts: string[];
}

/** A command as the command sync counts it (`PRODUCT`, `P-1`, `3`). */
export function commandSubject(command: CommandItem): SyncSubject {
  return { tenant: tenantOfPk(command.pk), parts: [command.type, command.code, String(command.version)] };
}

/**
 * Counts failed tries per stream record, so the bound on retries holds however the stream is
 * delivered (Lambda's event source mapping in AWS, serverless-offline locally), and how many
 * records each consumer gave up on.
 */
@Injectable()
export class SyncAttempts {
  async recordFailure(subject: SyncSubject): Promise<number> {
    const result = await dynamo().send(
      new UpdateCommand({
        TableName: config().tables.data,
        Key: attemptsKey(subject),
        UpdateExpression: 'ADD attempts :one SET #ttl = :ttl',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':ttl': Math.floor(Date.now() / 1000) + ATTEMPTS_KEPT_SECONDS },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return result.Attributes?.attempts as number;
  }

  /**
   * Marks the record given up on and counts it for `consumer`, in one transaction: a record
   * redelivered after its dead letter was sent (a crash before the checkpoint) is counted once.
   */
  async recordGivenUp(subject: SyncSubject, consumer: string): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: config().tables.data,
                Key: attemptsKey(subject),
                UpdateExpression: 'SET givenUpAt = :now',
                ConditionExpression: 'attribute_not_exists(givenUpAt)',
                ExpressionAttributeValues: { ':now': new Date().toISOString() },
              },
            },
            { Update: { TableName: config().tables.data, Key: givenUpKey(consumer), UpdateExpression: 'ADD #count :one', ExpressionAttributeNames: { '#count': 'count' }, ExpressionAttributeValues: { ':one': 1 } } },
          ],
        }),
      );
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (reasons?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
    }
  }

  /** How many records `consumer` gave up on, over every tenant: a number, never whose. */
  async givenUp(consumer: string): Promise<number> {
    const result = await dynamo().send(new GetCommand({ TableName: config().tables.data, Key: givenUpKey(consumer), ConsistentRead: true }));
    return Number(result.Item?.count ?? 0);
  }
}

function attemptsKey(subject: SyncSubject) {
  return { pk: tenantPk({ tenantCode: subject.tenant }), sk: sortKey('SYNCATTEMPT', ...subject.parts) };
}

/** Platform-wide, so under the reserved tenant that also keeps the tenant registry. */
function givenUpKey(consumer: string) {
  return { pk: tenantPk({ tenantCode: SYSTEM_TENANT }), sk: sortKey('SYNCGIVENUP', consumer) };
}
