import type * as Fs from 'node:fs';
import type { ProcessInfo } from './socket-owners';

// The two reads of the /proc/<pid>/fd owner walk, used in-thread (socket-owners.ts) and on worker threads
// (socket-owners-parallel.ts, which sends them to its workers as source text). So each must use nothing outside
// its own body and parameters: `fs` is passed in. Sync calls on purpose: 40k readlinks through the libuv pool
// cost several times more than in a tight loop.

/** The socket inodes a process holds (`socket:[123]` links in /proc/<pid>/fd), or null when its fd folder cannot be read. */
export function readSocketInodes(fs: typeof Fs, pid: number): number[] | null {
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return null;
  }
  const inodes: number[] = [];
  const base = `/proc/${pid}/fd/`;
  for (const fd of fds) {
    let link: string;
    try {
      link = fs.readlinkSync(base + fd);
    } catch {
      continue;
    }
    if (link.charCodeAt(0) === 115 && link.startsWith('socket:[')) inodes.push(Number(link.slice(8, -1)));
  }
  return inodes;
}

/** A process's uid, name, command line and cgroup from /proc/<pid> (empty where a file cannot be read). */
export function readProcessInfo(fs: typeof Fs, pid: number): ProcessInfo {
  const text = (path: string): string => {
    try {
      return fs.readFileSync(path, 'latin1');
    } catch {
      return '';
    }
  };
  const uid = /^Uid:\s+(\d+)/m.exec(text(`/proc/${pid}/status`));
  return {
    pid,
    uid: uid ? Number(uid[1]) : null,
    name: text(`/proc/${pid}/comm`).trim(),
    command: text(`/proc/${pid}/cmdline`).replace(/\0+$/, '').replace(/\0/g, ' '),
    cgroup: text(`/proc/${pid}/cgroup`).trim(),
  };
}
