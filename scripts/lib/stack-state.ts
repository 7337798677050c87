/**
 * Where a running `npm start` listens, written under its DATA_DIR (`.data/stack.json`) once it
 * is ready and removed when it stops, so the helper scripts (`npm run pay`) and the README's doc
 * test find the stack by themselves instead of guessing the default ports.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface StackState {
  /** The `npm start` process (scripts/start.ts): a file whose process is gone is stale. */
  pid: number;
  api: string;
  dynamodbEndpoint: string;
  /** The Cognito emulator and the user pool in it (scripts/lib/cognito-local.ts); client name to id and secret. */
  cognito: { endpoint: string; userPoolId: string; clients: Record<string, { clientId: string; clientSecret?: string }> };
  /** The demo shop's owner and customer (scripts/lib/demo-users.ts): their sign-in, for POST /auth/sign-in. */
  demoUsers: { email: string; password: string; client: 'admin' | 'storefront'; role: string }[];
  /** The local mail viewer's page (scripts/lib/mail-viewer.ts). */
  mailViewer: string;
  /** The admin app (scripts/lib/admin-server.ts). */
  admin?: string;
  /** The storefront (scripts/lib/store-server.ts). */
  store?: string;
  dataDir: string;
  startedAt: string;
}

export const stackStateFile = (dataDir = process.env.DATA_DIR ?? '.data') => join(resolve(dataDir), 'stack.json');

export function writeStackState(state: StackState): void {
  writeFileSync(stackStateFile(state.dataDir), `${JSON.stringify(state, null, 2)}\n`);
}

/** Removes the file only if it is this process's (a second stack may have written its own since). */
export function removeStackState(dataDir: string, pid = process.pid): void {
  if (readStackState(dataDir)?.pid === pid) rmSync(stackStateFile(dataDir), { force: true });
}

/** The running stack of this DATA_DIR, or undefined when there is none (no file, or its process is gone). */
export function readStackState(dataDir?: string): StackState | undefined {
  let state: StackState;
  try {
    state = JSON.parse(readFileSync(stackStateFile(dataDir), 'utf8')) as StackState;
  } catch {
    return undefined;
  }
  return processAlive(state.pid) ? state : undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
