import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

// What the Lambda bundles run with instead of Node's own: Intl.DateTimeFormat built on first use,
// and stack traces mapped to src/*.ts when read (infra/shopstream-stack.ts says why).
const { LazyDateTimeFormat } = require('../../infra/lambda-stubs/lazy-date-time-format') as { LazyDateTimeFormat: typeof Intl.DateTimeFormat };

describe('the lazy Intl.DateTimeFormat of the Lambda bundles', () => {
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', day: '2-digit', month: '2-digit' };
  const at = Date.UTC(2026, 10, 23, 12, 34, 56);

  it('formats exactly as the real one, also through a detached format function', () => {
    const real = new Intl.DateTimeFormat(undefined, options);
    const lazy = new LazyDateTimeFormat(undefined, options);
    const { format } = lazy;
    expect(format(at)).toBe(real.format(at));
    expect(lazy.formatToParts(at)).toEqual(real.formatToParts(at));
    expect(lazy.resolvedOptions()).toEqual(real.resolvedOptions());
    expect((LazyDateTimeFormat as unknown as (l: string) => Intl.DateTimeFormat)('en-GB').format(at)).toBe(new Intl.DateTimeFormat('en-GB').format(at));
    expect(LazyDateTimeFormat.supportedLocalesOf(['en-US'])).toEqual(['en-US']);
  });

  it('validates a time zone when constructed, as callers that check a zone expect', () => {
    expect(() => new LazyDateTimeFormat('en', { timeZone: 'Not/AZone' })).toThrow(RangeError);
    expect(new LazyDateTimeFormat('en', { timeZone: 'Europe/Berlin' }).resolvedOptions().timeZone).toBe('Europe/Berlin');
  });
});

describe('stack traces of a bundle', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bundle-stacks-'));
    writeFileSync(
      join(dir, 'thrower.ts'),
      ['export function failDeepInside(): never {', '  // the throw is on line 3', "  throw new Error('it broke');", '}', ''].join('\n'),
    );
    writeFileSync(
      join(dir, 'entry.ts'),
      [
        `import { mapBundleStacks } from ${JSON.stringify(join(__dirname, '../../src/core/bundle-stacks'))};`,
        "import { failDeepInside } from './thrower';",
        'mapBundleStacks(__filename);',
        'try { failDeepInside(); } catch (error) { process.stdout.write((error as Error).stack ?? ""); }',
      ].join('\n'),
    );
    buildSync({ entryPoints: [join(dir, 'entry.ts')], bundle: true, platform: 'node', format: 'cjs', minify: true, sourcemap: true, sourcesContent: false, outfile: join(dir, 'out', 'index.js'), logLevel: 'silent' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = () => execFileSync(process.execPath, [join(dir, 'out', 'index.js')], { env: { ...process.env, NODE_OPTIONS: '' } }).toString();

  it('name the TypeScript source and line, read from the map beside the bundle', () => {
    const stack = run();
    expect(stack.split('\n')[0]).toBe('Error: it broke');
    expect(stack).toMatch(/thrower\.ts:3:\d+/);
    expect(stack).not.toMatch(/index\.js:\d+:\d+/);
  });

  it('stay as V8 writes them when the bundle has no map', () => {
    rmSync(join(dir, 'out', 'index.js.map'));
    expect(run()).toMatch(/index\.js:\d+:\d+/);
  });
});
