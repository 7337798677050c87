/**
 * The processes `npm start` runs, found by parentage rather than by process group or session:
 * start.ts runs serverless-offline detached (its own session, so it can stop it as a group), so
 * the group of `npm start` does not hold the biggest process of the stack.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

interface ProcessRow {
  pid: number;
  ppid: number;
  rssKiB: number;
}

function processTable(): ProcessRow[] {
  return execFileSync('ps', ['-A', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((cols) => cols.length === 3 && cols.every(Number.isFinite))
    .map(([pid, ppid, rssKiB]) => ({ pid, ppid, rssKiB }));
}

/** The root and all its descendants that are alive now, with their resident memory. */
function tree(rootPid: number): ProcessRow[] {
  const rows = processTable();
  const found = rows.filter((row) => row.pid === rootPid);
  for (let i = 0; i < found.length; i++) found.push(...rows.filter((row) => row.ppid === found[i].pid));
  return found;
}

export function processTree(rootPid: number): number[] {
  return tree(rootPid).map((row) => row.pid);
}

/** Resident memory of the root and all its descendants, in MiB (0 when it is gone). */
export function treeRssMiB(rootPid: number): number {
  try {
    return tree(rootPid).reduce((sum, row) => sum + row.rssKiB, 0) / 1024;
  } catch {
    return 0;
  }
}

/** Sends a signal to every process of the tree (each of its process groups), ignoring the gone. */
export function signalTree(rootPid: number, signal: NodeJS.Signals): void {
  for (const pid of processTree(rootPid)) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** TCP ports (v4 and v6) the given processes listen on. Linux only (reads /proc). */
export function listeningTcpPorts(pids: number[]): number[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(match[1]);
      } catch {
        // closed meanwhile
      }
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[] = [];
    try {
      lines = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT, st 0A is LISTEN, column 9 the socket's inode.
      if (cols.length > 9 && cols[3] === '0A' && inodes.has(cols[9])) ports.add(parseInt(cols[1].split(':')[1], 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}
