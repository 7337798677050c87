import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetConfig } from '../../src/config';
import { cognitoEnv, ensureLocalPool, LocalPool, RunningCognito, startCognitoLocal } from '../../scripts/lib/cognito-local';
import { freePort } from '../../scripts/lib/dynamodb-local';
import { mailsOf } from './shop';
import { TestSystem } from './test-system';

/**
 * The Cognito emulator `npm start` runs, for one test file: started on a free port with the
 * pool of identity-pool.ts, and the API's COGNITO_* settings pointed at it (as `npm start` does).
 */
export class TestCognito {
  private constructor(
    readonly running: RunningCognito,
    readonly pool: LocalPool,
    private readonly dir: string,
  ) {}

  static async start(): Promise<TestCognito> {
    const dir = mkdtempSync(join(tmpdir(), 'shopstream-cognito-'));
    const running = await startCognitoLocal(await freePort(), dir);
    const pool = await ensureLocalPool(running.endpoint, 'shopstream-test');
    Object.assign(process.env, cognitoEnv(running.endpoint, pool));
    resetConfig();
    return new TestCognito(running, pool, dir);
  }

  async stop(): Promise<void> {
    await this.running.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * For a describe block: the emulator, then the system pointed at it, started before its tests
 * and stopped after them; `system` is readable once the tests run.
 */
export function withCognitoAndSystem(): { readonly system: TestSystem } {
  const started: { cognito?: TestCognito; system?: TestSystem } = {};
  beforeAll(async () => {
    started.cognito = await TestCognito.start();
    started.system = await TestSystem.start();
  }, 90_000);
  afterAll(async () => {
    await started.system?.stop();
    await started.cognito?.stop();
  });
  return {
    get system() {
      return started.system!;
    },
  };
}

/** The mails of a shop to one address, oldest first (message ids end in a ULID). */
export function mailsTo(tenant: string, to: string): string[] {
  return [...mailsOf(tenant).entries()]
    .filter(([, text]) => text.includes(`\nTo: ${to}\n`))
    .sort(([a], [b]) => a.split('.').pop()!.localeCompare(b.split('.').pop()!))
    .map(([, text]) => text);
}

/** The six-digit code of the newest mail to `to` in `tenant`. */
export function latestCode(tenant: string, to: string): string {
  const mails = mailsTo(tenant, to);
  const newest = mails[mails.length - 1] ?? '';
  const code = /\b(\d{6})\b/.exec(newest.slice(newest.indexOf('\n\n')))?.[1];
  if (!code) throw new Error(`no code mailed to ${to} in ${tenant}: ${mails.length} mails`);
  return code;
}
