/**
 * Lists keep their place in the URL: the filters, the cursor of the page shown and the trail of
 * cursors before it (so "previous" works without the API paging backwards). A shared link, a reload
 * or the back button shows the same page.
 */
export interface PageSearch {
  cursor?: string;
  trail?: string[];
}

export function pageSearch(search: Record<string, unknown>): PageSearch {
  const cursor = typeof search.cursor === 'string' && search.cursor ? search.cursor : undefined;
  const trail = Array.isArray(search.trail) && cursor ? search.trail.filter((c): c is string => typeof c === 'string') : undefined;
  return { ...(cursor ? { cursor } : {}), ...(trail?.length ? { trail } : {}) };
}

/** A value from a fixed list, or nothing (an unknown status in a hand-edited URL is dropped). */
export const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined => (allowed.includes(value as T) ? (value as T) : undefined);

export function nextPage<S extends PageSearch>(search: S, cursor: string): S {
  return { ...search, cursor, trail: [...(search.trail ?? []), search.cursor ?? ''] };
}

export function previousPage<S extends PageSearch>(search: S): S {
  const trail = [...(search.trail ?? [])];
  const back = trail.pop();
  return { ...search, cursor: back || undefined, trail: trail.length ? trail : undefined };
}

/** A filter changed: back to the first page. */
export const firstPage = <S extends PageSearch>(search: S): S => ({ ...search, cursor: undefined, trail: undefined });
