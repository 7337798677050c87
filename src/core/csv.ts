/**
 * CSV as RFC 4180 has it, both ways: reports and exports write it, imports read it. Written
 * fields that a spreadsheet would run as a formula (a leading = + - @) are neutralised.
 */
export type CsvRow = Record<string, string | number | boolean | null | undefined>;

/** A header row, then one row per item; fields quoted when they need it; CRLF line ends. */
export function toCsv(rows: readonly CsvRow[], columns: readonly string[]): string {
  return [columns.join(','), ...rows.map((row) => csvLine(columns.map((c) => row[c])))].join('\r\n') + '\r\n';
}

/** One record (no line end). */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',');
}

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading = + - @ would be a formula in a spreadsheet: prefixed with a quote.
  const safe = /^[=+\-@]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Why a file is not CSV at all (not a problem of one row): the import fails as a whole. */
export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * The records of an RFC 4180 text: quoted fields may hold commas, quotes ("") and line breaks;
 * CRLF or LF line ends; a UTF-8 byte order mark is dropped; a blank last line is no record.
 * Each record carries the line it starts on (what a person sees in an editor).
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  while (i < input.length) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < input.length && input[i] !== ',' && input[i] !== '\r' && input[i] !== '\n') throw new CsvSyntaxError(line, 'a quoted field must end at a comma or a line end');
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new CsvSyntaxError(line, 'a quote inside an unquoted field (quote the whole field and double the quote)');
      quoted = true;
      i++;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      start = line;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new CsvSyntaxError(start, 'a quoted field is never closed');
  if (field !== '' || fields.length) endRecord();
  return records;
}
