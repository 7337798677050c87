import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { basename } from 'node:path';

/**
 * Stack traces of a Lambda bundle (`index.js` with `index.js.map` beside it) name src/*.ts again,
 * mapped when a stack is first read, not when the bundle loads. Node's `--enable-source-maps`
 * reads and parses the 0.9 MB map while the bundle loads: 20-40 ms of every cold start
 * (`npm run bench:cold-start`), paid even by containers that never format a stack.
 * Anywhere else (tsx, jest, dist) this does nothing: those runs have maps of their own.
 */
export function mapBundleStacks(bundleFile: string): void {
  const mapFile = `${bundleFile}.map`;
  if (basename(bundleFile) !== 'index.js' || !existsSync(mapFile)) return;
  let map: SourceMap | undefined;
  const mapped = (file: string, line: number, column: number): string | undefined => {
    if (file !== bundleFile) return undefined;
    map ??= new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
    const entry = map.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry.originalSource) return undefined;
    const source = entry.originalSource.replace(/^(\.\.\/)+/, '');
    return `${source}:${entry.originalLine! + 1}:${entry.originalColumn! + 1}`;
  };
  Error.prepareStackTrace = (error, sites) => {
    const frames = sites.map((site) => {
      const text = site.toString();
      const file = site.getFileName();
      const location = file ? mapped(file, site.getLineNumber() ?? 0, site.getColumnNumber() ?? 0) : undefined;
      return `    at ${location ? text.replace(`${file}:${site.getLineNumber()}:${site.getColumnNumber()}`, location) : text}`;
    });
    return [headline(error), ...frames].join('\n');
  };
}

/** The first line V8 would write: `Name: message`. */
function headline(error: Error): string {
  try {
    return String(error);
  } catch {
    return '<error>';
  }
}
