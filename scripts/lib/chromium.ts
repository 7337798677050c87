/**
 * The browser of the web suite: Debian's Chromium (Playwright's own download does not work here).
 * Found on PATH; when missing and running as root (CI, a fresh container) it is installed with
 * apt-get; otherwise the run stops with one line saying how to get it.
 */
import { execFileSync, spawnSync } from 'node:child_process';

const NAMES = ['chromium', 'chromium-browser'];

function onPath(): string | undefined {
  for (const name of NAMES) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return process.env.CHROMIUM_PATH || undefined;
}

export function findChromium(): string {
  const found = onPath();
  if (found) return found;
  if (process.getuid?.() === 0) {
    process.stderr.write('chromium not found: installing it with apt-get (Debian)\n');
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    const installed = onPath();
    if (installed) return installed;
  }
  throw new Error('Chromium is needed for the web suite: install it (`sudo apt-get install -y chromium`) or set CHROMIUM_PATH to its binary');
}
