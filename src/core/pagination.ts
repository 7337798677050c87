import { QueryCommand, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './dynamo';
import { ValidationFailedError } from './errors';
import { Page } from './entity';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  limit?: number;
  cursor?: string;
  /** Equality filters on attribute paths, e.g. `{ 'attributes.status': 'pending' }`. */
  where?: Record<string, string | number | boolean>;
  /** A strongly consistent read, where a decision depends on the newest values. */
  consistent?: boolean;
}

/** The cursor holds only the sort key: the partition comes from the caller's tenant again. */
function encodeCursor(sk: string): string {
  return Buffer.from(JSON.stringify({ sk }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, prefix: string): string {
  try {
    const { sk } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { sk?: unknown };
    if (typeof sk === 'string' && sk.startsWith(prefix)) return sk;
  } catch {
    // fall through to the field error
  }
  throw new ValidationFailedError([{ field: 'cursor', problem: 'is not a cursor returned by this list' }]);
}

function filterExpression(where: PageRequest['where']): Partial<QueryCommandInput> {
  const entries = Object.entries(where ?? {});
  if (entries.length === 0) return {};
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const clauses = entries.map(([path, value], i) => {
    const placeholders = path.split('.').map((segment, j) => {
      names[`#f${i}_${j}`] = segment;
      return `#f${i}_${j}`;
    });
    values[`:f${i}`] = value;
    return `${placeholders.join('.')} = :f${i}`;
  });
  return { FilterExpression: clauses.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

/**
 * One page of a partition's items under a sort-key prefix. Filtered queries keep reading until
 * the page is full, so a page is never empty while more items match.
 */
export async function queryPage<T>(table: string, pk: string, prefix: string, request: PageRequest): Promise<Page<T>> {
  const limit = Math.min(Math.max(request.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const filter = filterExpression(request.where);
  let startSk = request.cursor ? decodeCursor(request.cursor, prefix) : undefined;
  const items: T[] = [];
  for (;;) {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ...filter,
        ExpressionAttributeNames: filter.ExpressionAttributeNames,
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix, ...filter.ExpressionAttributeValues },
        ExclusiveStartKey: startSk ? { pk, sk: startSk } : undefined,
        Limit: limit - items.length,
        ConsistentRead: request.consistent,
      }),
    );
    items.push(...((result.Items ?? []) as T[]));
    const last = result.LastEvaluatedKey?.sk as string | undefined;
    if (!last) return { items };
    if (items.length >= limit) return { items, cursor: encodeCursor(last) };
    startSk = last;
  }
}
