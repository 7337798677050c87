import { QueryCommand, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './dynamo';
import { ValidationFailedError } from './errors';
import { Page } from './entity';
import { DataIndex } from './tables';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  limit?: number;
  cursor?: string;
  /** Equality filters on attribute paths, e.g. `{ 'attributes.status': 'pending' }`. */
  where?: Record<string, string | number | boolean>;
  /** A strongly consistent read, where a decision depends on the newest values. */
  consistent?: boolean;
  /** Sort-key order reversed (the newest of a group keyed by a growing code first). */
  descending?: boolean;
}

/** Where a page of a secondary index continues: the item's table sort key and its index sort key. */
interface Position {
  sk: string;
  isk?: string;
}

/** The cursor holds only sort keys: the partitions come from the caller's tenant again. */
function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, accept: (position: Position) => boolean): Position {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Position;
    if (typeof position.sk === 'string' && (position.isk === undefined || typeof position.isk === 'string') && accept(position)) return position;
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
  const start = request.cursor ? decodeCursor(request.cursor, (p) => p.sk.startsWith(prefix) && p.isk === undefined) : undefined;
  return onePage<T>(
    {
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ExclusiveStartKey: start ? { pk, sk: start.sk } : undefined,
      ConsistentRead: request.consistent,
    },
    request,
    (item) => ({ sk: item.sk as string }),
  );
}

/** A page of an index group; `within` keeps it to index sort keys under a prefix (a group that holds more than one type, e.g. a customer's orders and returns). */
export interface IndexPageRequest extends PageRequest {
  within?: string;
}

/**
 * One page of one group of a data-table index (`index.pk = indexPk`), in index sort order.
 * Index reads are eventually consistent: they lag like the data table they index.
 */
export async function queryIndexPage<T>(table: string, index: DataIndex, tablePk: string, indexPk: string, request: IndexPageRequest): Promise<Page<T>> {
  const { within } = request;
  const start = request.cursor ? decodeCursor(request.cursor, (p) => p.isk !== undefined && (within === undefined || p.isk.startsWith(within))) : undefined;
  return onePage<T>(
    {
      TableName: table,
      IndexName: index.name,
      // Reason: the prefix is in the key condition, so a page never reads (nor is cut short by) the group's other types.
      KeyConditionExpression: within === undefined ? '#ipk = :ipk' : '#ipk = :ipk AND begins_with(#isk, :within)',
      ExpressionAttributeNames: { '#ipk': index.pk, ...(within === undefined ? {} : { '#isk': index.sk }) },
      ExpressionAttributeValues: { ':ipk': indexPk, ...(within === undefined ? {} : { ':within': within }) },
      ExclusiveStartKey: start ? { pk: tablePk, sk: start.sk, [index.pk]: indexPk, [index.sk]: start.isk } : undefined,
    },
    request,
    (item) => ({ sk: item.sk as string, isk: item[index.sk] as string }),
  );
}

/** Exactly one Query; a filtered one looks at no more than FILTERED_PAGE_BUDGET items. */
async function onePage<T>(query: QueryCommandInput, request: PageRequest, positionOf: (item: Record<string, unknown>) => Position): Promise<Page<T>> {
  const limit = Math.min(Math.max(request.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const filter = filterExpression(request.where);
  const filtered = filter.FilterExpression !== undefined;
  const names = { ...query.ExpressionAttributeNames, ...filter.ExpressionAttributeNames };
  const result = await dynamo().send(
    new QueryCommand({
      ...query,
      FilterExpression: filter.FilterExpression,
      // DynamoDB refuses an empty map here.
      ExpressionAttributeNames: Object.keys(names).length > 0 ? names : undefined,
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...filter.ExpressionAttributeValues },
      Limit: filtered ? Math.max(limit, FILTERED_PAGE_BUDGET) : limit,
      ...(request.descending ? { ScanIndexForward: false } : {}),
    }),
  );
  const matched = (result.Items ?? []) as Record<string, unknown>[];
  if (matched.length > limit) {
    // More matched than asked for: go on after the last one handed out.
    const items = matched.slice(0, limit);
    return { items: items as T[], cursor: encodeCursor(positionOf(items[items.length - 1])) };
  }
  const last = result.LastEvaluatedKey;
  return last ? { items: matched as T[], cursor: encodeCursor(positionOf(last)) } : { items: matched as T[] };
}

/** A cursor as JSON in base64url: what a list's client hands back unread. */
export function writeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** The value of a cursor written by `writeCursor`, or 400 naming `cursor` when it is not one of `fits`' shape. */
export function readCursor<T>(raw: string, fits: (value: Record<string, unknown>) => boolean): T {
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value) && fits(value as Record<string, unknown>)) return value as T;
  } catch {
    // fall through to the field error
  }
  throw new ValidationFailedError([{ field: 'cursor', problem: 'is not a cursor returned by this list' }]);
}
