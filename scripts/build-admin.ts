/**
 * `npm start`'s admin build: `vite build` (npm run build:admin) only when a source of the admin is
 * newer than the built dist/admin/index.html. The build takes 10-30 s on a busy machine; a restart
 * with unchanged sources (and the test runs, whose `npm test` builds it once) skips it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ADMIN_DIST } from './lib/admin-server';

const repo = resolve(__dirname, '..');
// Types only: the generated schema never changes the bundle.
const IGNORED = new Set(['schema.d.ts', 'e2e', 'playwright.config.ts', 'tsconfig.json']);

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).filter((name) => !IGNORED.has(name)).map((name) => newest(join(path, name))));
}

const built = join(ADMIN_DIST, 'index.html');
const sources = ['web', 'package-lock.json'].map((path) => join(repo, path));
if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest))) {
  process.stdout.write('[shopstream] admin app up to date (dist/admin)\n');
} else {
  const run = spawnSync('npm', ['run', '--silent', 'build:admin'], { cwd: repo, stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
