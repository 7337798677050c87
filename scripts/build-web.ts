/**
 * `npm start`'s build of the browser apps: `vite build` of the admin (npm run build:admin) and the
 * storefront (npm run build:store), each only when a source under web/ is newer than its built
 * index.html. A build takes 10-30 s on a busy machine; a restart with unchanged sources (and the
 * test runs, whose `npm test` builds them once) skips it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ADMIN_DIST } from './lib/admin-server';
import { STORE_DIST } from './lib/store-server';

const repo = resolve(__dirname, '..');
// Types only: the generated schema never changes the bundle.
const IGNORED = new Set(['schema.d.ts', 'e2e', 'playwright.config.ts', 'tsconfig.json']);

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).filter((name) => !IGNORED.has(name)).map((name) => newest(join(path, name))));
}

const APPS = [
  { name: 'admin', dist: ADMIN_DIST, script: 'build:admin' },
  { name: 'store', dist: STORE_DIST, script: 'build:store' },
];
const sourcesChanged = Math.max(...['web', 'package-lock.json'].map((path) => newest(join(repo, path))));
for (const app of APPS) {
  const built = join(app.dist, 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs >= sourcesChanged) {
    process.stdout.write(`[shopstream] ${app.name} app up to date (dist/${app.name})\n`);
    continue;
  }
  const run = spawnSync('npm', ['run', '--silent', app.script], { cwd: repo, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
