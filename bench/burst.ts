/**
 * `npm run bench:burst`: the local stack as a newcomer meets it. Starts `npm start` on free
 * ports (in memory), then sends bursts of concurrent POST /orders (default 40) right after
 * start and again once warm, and prints each burst's wall time and the peak memory (RSS) of
 * everything `npm start` runs (its whole process tree: serverless-offline runs in a session of
 * its own). Stops the stack with Ctrl-C (SIGINT) at the end.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys, mintDevToken } from '../src/auth/dev-keys';
import { freeStackPorts, isolatedStackEnv } from '../scripts/lib/local-stack';
import { signalTree, treeRssMiB } from '../scripts/lib/process-tree';

const BURST = Number(process.env.BURST_SIZE ?? 40);
const ISSUER = 'https://shopstream.local/auth';
const out = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shopstream-burst-'));
  const ports = await freeStackPorts();
  const api = `http://127.0.0.1:${ports.api}`;
  let output = '';
  const startedAt = Date.now();
  const stack = spawn('npm', ['start'], {
    env: isolatedStackEnv(ports, dataDir),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stack.stdout!.on('data', (chunk) => (output += chunk));
  stack.stderr!.on('data', (chunk) => (output += chunk));
  let peakMiB = 0;
  const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, groupRssMiB(stack))), 200);
  try {
    await until(() => output.includes('[shopstream] ready in'), 180, () => output);
    out(`npm start ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (including tsc)`);
    const keys = ensureDevKeys(join(dataDir, 'auth'));
    const token = (role: 'tenant-admin' | 'customer', user: string) =>
      mintDevToken(keys, { tenant: 'demo', role, userId: user, email: `${user}@burst.example`, issuer: ISSUER });
    const admin = { authorization: `Bearer ${token('tenant-admin', 'admin')}`, 'content-type': 'application/json' };
    await call(`${api}/products`, 'POST', admin, { code: 'BURST', name: 'Burst', sku: 'SKU-BURST', price: { amount: 500, currency: 'USD' } }, 201);
    // Stock can be set once the product is known to the inventory (poll: it may follow the stream).
    await until(async () => (await fetch(`${api}/inventory/BURST`, {
      method: 'PATCH',
      headers: admin,
      body: JSON.stringify({ expectedVersion: 0, onHand: 10_000, reason: 'restock' }),
    })).status === 200, 30, () => 'PATCH /inventory/BURST never answered 200');

    const rssAfterStart = groupRssMiB(stack);
    const bursts: { label: string; seconds: number; rss: number; failed: string[] }[] = [];
    for (const label of ['first burst after start', 'second burst (warm)']) {
      const began = Date.now();
      // Every answer is awaited and counted: a burst that fails (a Lambda timeout, say) still has a wall time.
      const replies = await Promise.all(
        Array.from({ length: BURST }, async (_, i) => {
          const reply = await fetch(`${api}/orders`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token('customer', `${label.startsWith('first') ? 'a' : 'b'}${i}`)}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              items: [{ productCode: 'BURST', quantity: 1 }],
              paymentMethod: 'card',
              shippingAddress: { name: 'B', line1: '1 St', city: 'C', postalCode: '1', country: 'JP' },
            }),
          }).catch((error: Error) => error);
          if (reply instanceof Error) return `no answer: ${reply.message}`;
          const text = await reply.text();
          return reply.status === 201 ? undefined : `${reply.status} ${text.slice(0, 120)}`;
        }),
      );
      bursts.push({ label, seconds: (Date.now() - began) / 1000, rss: groupRssMiB(stack), failed: replies.filter((r): r is string => r !== undefined) });
    }
    out(`memory after start: ${rssAfterStart.toFixed(0)} MiB (RSS of npm start, serverless-offline and DynamoDB Local)`);
    for (const b of bursts) {
      out(`${b.label}: ${BURST} concurrent POST /orders in ${b.seconds.toFixed(2)} s (${BURST - b.failed.length} answered 201); memory then ${b.rss.toFixed(0)} MiB`);
      if (b.failed.length) out(`  not 201, e.g.: ${b.failed[0]}`);
    }
    out(`peak memory: ${Math.max(peakMiB, ...bursts.map((b) => b.rss)).toFixed(0)} MiB`);
    if (bursts.some((b) => b.failed.length)) process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    await stop(stack);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function call(url: string, method: string, headers: Record<string, string>, body: unknown, expected: number): Promise<unknown> {
  const reply = await fetch(url, { method, headers, body: JSON.stringify(body) });
  const text = await reply.text();
  if (reply.status !== expected) throw new Error(`${method} ${url}: ${reply.status} ${text}`);
  return JSON.parse(text);
}

/** Resident memory of every process `npm start` runs, in MiB. */
function groupRssMiB(stack: ChildProcess): number {
  return treeRssMiB(stack.pid!);
}

async function until(done: () => boolean | Promise<boolean>, seconds: number, context: () => string): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not ready within ${seconds} s:\n${context()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop(stack: ChildProcess): Promise<void> {
  if (stack.exitCode !== null) return;
  const exited = new Promise((r) => stack.once('exit', r));
  process.kill(-stack.pid!, 'SIGINT');
  const timer = setTimeout(() => {
    signalTree(stack.pid!, 'SIGKILL');
  }, 15_000);
  await exited;
  clearTimeout(timer);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
