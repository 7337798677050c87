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

/** How many items one filtered page may look at: the bound on its cost, whatever matches. */
export const FILTERED_PAGE_BUDGET = 100;

/**
 * One page of a partition's items under a sort-key prefix, in exactly one Query. A filtered
 * page looks at no more than FILTERED_PAGE_BUDGET items: it may hold fewer than `limit` items,
 * even none, and still carry a cursor, so its cost never grows with what the filter skips.
 */
export async function queryPage<T>(table: string, pk: string, prefix: string, request: PageRequest): Promise<Page<T>> {
  const limit = Math.min(Math.max(request.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const filter = filterExpression(request.where);
  const filtered = filter.FilterExpression !== undefined;
  const startSk = request.cursor ? decodeCursor(request.cursor, prefix) : undefined;
  const result = await dynamo().send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ...filter,
      ExpressionAttributeNames: filter.ExpressionAttributeNames,
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix, ...filter.ExpressionAttributeValues },
      ExclusiveStartKey: startSk ? { pk, sk: startSk } : undefined,
      Limit: filtered ? Math.max(limit, FILTERED_PAGE_BUDGET) : limit,
      ConsistentRead: request.consistent,
    }),
  );
  const matched = (result.Items ?? []) as (T & { sk?: string })[];
  if (matched.length > limit) {
    // More matched than asked for: go on after the last one handed out.
    const items = matched.slice(0, limit);
    return { items, cursor: encodeCursor(items[items.length - 1].sk as string) };
  }
  const last = result.LastEvaluatedKey?.sk as string | undefined;
  return last ? { items: matched, cursor: encodeCursor(last) } : { items: matched };
}
