/**
 * The README's doc test: the ```sh blocks of the README (and of docs/*.md) are the walkthroughs
 * a new user pastes, in order, into one shell against a fresh `npm start`. They run here the same
 * way, so a walkthrough that no longer works fails the tests instead of the user.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Put on the line right before a block's fence: the block is not run (install, start, test, deploy, AWS). */
export const SKIP_MARKER = '<!-- doctest: skip -->';

export interface ShellBlock {
  /** `README.md:123`: where the block's fence is. */
  where: string;
  text: string;
  skipped: boolean;
}

export function shellBlocks(markdown: string, file: string): ShellBlock[] {
  const lines = markdown.split('\n');
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(sh|bash)\s*$/.test(lines[i])) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end < 0) throw new Error(`${file}:${i + 1}: a shell block without its closing fence`);
    blocks.push({ where: `${file}:${i + 1}`, text: lines.slice(i + 1, end).join('\n'), skipped: lines[i - 1]?.trim() === SKIP_MARKER });
    i = end;
  }
  return blocks;
}

/** The README's blocks, then those of docs/*.md, in the order a reader meets them. */
export function walkthroughBlocks(repo: string): ShellBlock[] {
  const docs = readdirSync(join(repo, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => join(repo, 'docs', name));
  return [join(repo, 'README.md'), ...docs].flatMap((file) => shellBlocks(readFileSync(file, 'utf8'), relative(repo, file)));
}

/**
 * The blocks are written for the default stack (`127.0.0.1:3000`, data in `.data/`); the test's
 * stack has free ports and a folder of its own, so those two are rewritten, nothing else.
 */
export function forStack(text: string, stack: { apiPort: number; dataDir: string }): string {
  return text.replaceAll('127.0.0.1:3000', `127.0.0.1:${stack.apiPort}`).replace(/(?<![\w./-])\.data\//g, `${stack.dataDir}/`);
}

export interface BlockRun {
  block: ShellBlock;
  output: string;
  seconds: number;
}

const MARK = '@@doctest-block';

/**
 * Runs the blocks in one bash session (`set -euo pipefail`: any failing command, a failing
 * part of a pipe or an unset variable stops it), so variables and functions of one block are
 * there for the next, as in the user's terminal. Resolves with each block's output and time;
 * rejects naming the block that failed, with its text and output.
 */
export function runBlocks(blocks: ShellBlock[], options: { cwd: string; env: NodeJS.ProcessEnv; rewrite: (text: string) => string; timeoutSeconds: number }): Promise<BlockRun[]> {
  const script = [
    'set -euo pipefail',
    'exec 2>&1',
    ...blocks.flatMap((block, i) => [`printf '\\n${MARK} ${i} %s\\n' "$EPOCHREALTIME"`, options.rewrite(block.text)]),
    `printf '\\n${MARK} end %s\\n' "$EPOCHREALTIME"`,
  ].join('\n');
  return new Promise((done, fail) => {
    const shell = spawn('bash', ['-c', script], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    shell.stdout!.on('data', (chunk) => (output += chunk));
    shell.stderr!.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => process.kill(-shell.pid!, 'SIGKILL'), options.timeoutSeconds * 1000);
    shell.once('exit', (code, signal) => {
      clearTimeout(timer);
      const runs = splitRuns(blocks, output);
      if (code === 0) return done(runs);
      const last = runs[runs.length - 1];
      const why = signal ? `was killed after ${options.timeoutSeconds} s` : `exited ${code}`;
      fail(new Error(last ? `the shell block at ${last.block.where} ${why}:\n${last.block.text}\n--- its output:\n${last.output}` : `bash ${why} before the first block:\n${output}`));
    });
  });
}

function splitRuns(blocks: ShellBlock[], output: string): BlockRun[] {
  const parts = output.split(new RegExp(`\\n?${MARK} `)).slice(1);
  const marks = parts.map((part) => {
    const [head, ...rest] = part.split('\n');
    const [index, at] = head.split(' ');
    return { index, at: Number(at), output: rest.join('\n') };
  });
  return marks
    .filter((mark) => mark.index !== 'end')
    .map((mark, i) => ({ block: blocks[Number(mark.index)], output: mark.output, seconds: (marks[i + 1]?.at ?? Date.now() / 1000) - mark.at }));
}
