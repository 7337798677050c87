/**
 * Strings ready for translation: each app keeps one table per language (English first) and looks
 * its strings up by key; `{name}` placeholders are filled from the values given. A missing key is a
 * type error, not a blank on a page.
 */
export type Table = Record<string, string>;

export function translator<T extends Table>(tables: { en: T } & Record<string, Partial<T>>, language = 'en') {
  const table = { ...tables.en, ...(tables[language] ?? {}) } as T;
  return (key: keyof T & string, values: Record<string, string | number> = {}): string =>
    table[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
