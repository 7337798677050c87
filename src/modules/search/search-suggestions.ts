import { ValidationFailedError } from '../../core/errors';
import { TenantScope } from '../../read-model/read-model';

/** Below this many hits a search carries "did you mean" suggestions. */
export const FEW_HITS = 3;
/** At most this many "did you mean" queries. */
export const MAX_SUGGESTIONS = 5;
/** At most this many type-ahead completions. */
export const MAX_COMPLETIONS = 8;
export const MAX_PREFIX_LENGTH = 100;
/** Words of a query that are corrected; the rest are kept as typed (bounds the combinations). */
const CORRECTED_WORDS = 5;
/** The closest catalog words kept per query word. */
const CANDIDATES_PER_WORD = 3;
/** Catalog words read per query word before ranking them by edits. */
const CANDIDATE_READ = 30;

/** How far (edits) a word may be from a catalog word to be corrected into it: longer words take more. */
function maxEdits(word: string): number {
  return word.length <= 4 ? 1 : 2;
}

/**
 * "Did you mean": queries built from the tenant's own words (search_word: its products' names,
 * SKUs without digits, option values, descriptions, and its category names). A query word that
 * starts some catalog word is kept; any other is replaced by one of its closest words. Candidates
 * come from the trigram index with a low threshold (a swap of two letters, "shrit", shares only
 * two trigrams with "shirt"), at most CANDIDATE_READ per word; they are then ranked by edit
 * distance with transpositions, which trigrams alone judge badly. Combinations are ranked by their
 * summed closeness, best first; the query as typed is never suggested. The tenant is the scope's.
 */
export async function didYouMean(scope: TenantScope, words: readonly string[]): Promise<string[]> {
  const corrected = words.slice(0, CORRECTED_WORDS);
  const known = await knownWords(scope, corrected);
  const unknown = corrected.filter((w) => !known.has(w));
  if (unknown.length === 0) return [];
  // Local to this read's transaction: the `%` operator (GIN-indexed) with a low threshold.
  await scope.query(`SELECT set_config('pg_trgm.similarity_threshold', '0.15', true)`);
  const rows = await scope.query<{ query: string; word: string }>(
    `SELECT q.query, w.word FROM unnest($2::text[]) AS q(query)
       CROSS JOIN LATERAL (
         SELECT word FROM search_word
          WHERE tenant = $1 AND word % q.query AND abs(length(word) - length(q.query)) <= 2
          ORDER BY similarity(word, q.query) DESC, word LIMIT ${CANDIDATE_READ}) w`,
    [scope.tenant, unknown],
  );
  let combos: { words: string[]; score: number }[] = [{ words: [], score: 0 }];
  for (const word of corrected) {
    const options = known.has(word)
      ? [{ word, closeness: 1 }]
      : rows
          .filter((r) => r.query === word)
          .map((r) => ({ word: r.word, edits: editDistance(word, r.word) }))
          .filter((c) => c.edits <= maxEdits(word))
          .map((c) => ({ word: c.word, closeness: 1 - c.edits / Math.max(word.length, c.word.length) }))
          .sort((a, b) => b.closeness - a.closeness || a.word.localeCompare(b.word))
          .slice(0, CANDIDATES_PER_WORD);
    if (options.length === 0) options.push({ word, closeness: 0 });
    combos = combos
      .flatMap((c) => options.map((o) => ({ words: [...c.words, o.word], score: c.score + o.closeness })))
      .sort((a, b) => b.score - a.score || a.words.join(' ').localeCompare(b.words.join(' ')))
      .slice(0, MAX_SUGGESTIONS + 1);
  }
  const typed = words.join(' ');
  const rest = words.slice(CORRECTED_WORDS);
  return combos
    .map((c) => [...c.words, ...rest].join(' '))
    .filter((q) => q !== typed)
    .slice(0, MAX_SUGGESTIONS);
}

/** Edits (insert, delete, replace, swap two neighbours) from `a` to `b` (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The query words that some catalog word starts with (they match as prefixes: nothing to correct). */
async function knownWords(scope: TenantScope, words: readonly string[]): Promise<Set<string>> {
  const rows = await scope.query<{ query: string }>(
    `SELECT q.query FROM unnest($2::text[]) AS q(query)
      WHERE EXISTS (SELECT 1 FROM search_word w WHERE w.tenant = $1 AND starts_with(w.word, q.query))`,
    [scope.tenant, words],
  );
  return new Set(rows.map((r) => r.query));
}

/** The words of a type-ahead prefix: letters and digits, lower case; refused (naming `q`) without any. */
export function prefixWords(q: string): string[] {
  const words = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 10);
  if (words.length === 0) throw new ValidationFailedError([{ field: 'q', problem: 'must contain a letter or a digit' }]);
  return words;
}

/**
 * Type-ahead: the names of the tenant's active products that start with the prefix (or have a
 * word that does), then the prefix's last word completed from the tenant's words, after the
 * words typed before it. Bounded: at most MAX_COMPLETIONS rows of each read.
 */
export async function completions(scope: TenantScope, q: string): Promise<string[]> {
  const words = prefixWords(q);
  const phrase = words.join(' ');
  const last = words[words.length - 1];
  const head = words.slice(0, -1).join(' ');
  const names = await scope.query<{ name: string }>(
    `SELECT name FROM (
       SELECT DISTINCT name, lower(name) AS key FROM product
        WHERE tenant = $1 AND active AND (starts_with(lower(name), $2) OR strpos(lower(name), ' ' || $2) > 0)
     ) n ORDER BY NOT starts_with(key, $2), key LIMIT ${MAX_COMPLETIONS}`,
    [scope.tenant, phrase],
  );
  const completed = await scope.query<{ word: string }>(
    `SELECT word FROM search_word WHERE tenant = $1 AND starts_with(word, $2) ORDER BY length(word), word LIMIT ${MAX_COMPLETIONS}`,
    [scope.tenant, last],
  );
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of [...names.map((n) => n.name), ...completed.map((c) => (head ? `${head} ${c.word}` : c.word))]) {
    if (seen.has(s.toLowerCase())) continue;
    seen.add(s.toLowerCase());
    out.push(s);
  }
  return out.slice(0, MAX_COMPLETIONS);
}
