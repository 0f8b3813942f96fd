import * as fs from 'node:fs';
import type * as Fs from 'node:fs';

// The reads of the /proc/<pid>/fd owner walk, in-thread (socket-owners.ts) and on worker threads
// (socket-owners-parallel.ts). The two the workers run are sent to them as source text, so each must use nothing
// outside its own body and parameters: `fs` is passed in. Sync calls on purpose: 40k readlinks through the libuv
// pool cost several times more than in a tight loop.

/** One process that holds sockets, as read from /proc/<pid>. */
export interface ProcessInfo {
  pid: number;
  uid: number | null;
  name: string;
  command: string;
  cgroup: string;
}

/** Every process id in /proc (the calling thread only). */
export function listPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((n) => n.charCodeAt(0) >= 48 && n.charCodeAt(0) <= 57)
    .map(Number);
}

/** How many descriptors a process has open, -1 when its fd folder cannot be stat'ed (the calling thread only). */
export function fdCount(pid: number): number {
  try {
    // Since Linux 6.2 the size of /proc/<pid>/fd is the number of open descriptors.
    return fs.statSync(`/proc/${pid}/fd`).size;
  } catch {
    return -1;
  }
}

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
