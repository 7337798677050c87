import { createHash } from 'node:crypto';
import { ValidationFailedError } from '../core/errors';
import { readCursor, writeCursor } from '../core/pagination';

/**
 * Keyset pages of a staff list served by the read model: the cursor carries a digest of the
 * query it belongs to (tenant, filters, sort: a cursor of another query or shop is refused),
 * the last row's sort key as text and its code (which breaks ties).
 */
interface KeysetCursor {
  q: string;
  k: string;
  c: string;
}

/** The digest of everything of a request but its page position. */
export function queryDigest(tenant: string, request: { cursor?: string; limit: number }): string {
  const { cursor: _cursor, limit: _limit, ...query } = request;
  return createHash('sha256').update(JSON.stringify([tenant, query])).digest('base64url').slice(0, 16);
}

/** The key and code after which the page starts, or 400 naming `cursor`. */
export function readKeysetCursor(raw: string, digest: string): { key: string; code: string } {
  const cursor = readCursor<KeysetCursor>(raw, (c) => typeof c.k === 'string' && typeof c.c === 'string' && typeof c.q === 'string');
  if (cursor.q !== digest) throw new ValidationFailedError([{ field: 'cursor', problem: 'belongs to another query (filters, sort or shop): start again without it' }]);
  return { key: cursor.k, code: cursor.c };
}

/** The page of rows read with `LIMIT limit + 1`: its rows, and the next cursor when there were more. */
export function keysetPage<R extends { code: string; key: string }>(rows: readonly R[], limit: number, digest: string): { rows: R[]; cursor?: string } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  if (rows.length <= limit || !last) return { rows: page };
  return { rows: page, cursor: writeCursor({ q: digest, k: last.key, c: last.code } satisfies KeysetCursor) };
}

/** `LIKE` text for a prefix: the user's `\`, `%` and `_` match themselves. */
export const prefixPattern = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The words of a query: letters and digits only, so a tsquery built from them has no operators of the user's. */
export function queryWords(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 10);
}
