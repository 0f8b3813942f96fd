import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';

/** One process that holds sockets, as read from /proc/<pid>. */
export interface ProcessInfo {
  pid: number;
  uid: number | null;
  name: string;
  command: string;
  cgroup: string;
}

/** Socket inode → owning pid, plus the owners' process details. */
export interface OwnerMap {
  inodes: Map<number, number>;
  processes: Map<number, ProcessInfo>;
  /** Processes whose fd folder could not be read (another user's, without privilege). */
  hidden: number;
}

/**
 * Owner lookups cached across refreshes (the ports view polls every second): a refresh walks only the
 * processes that are new or whose descriptor count changed, and falls back to a full walk when a socket
 * is still unowned.
 */
export interface OwnerCache {
  map: OwnerMap;
  fdCounts: Map<number, number>;
  /** Inodes a full walk could not attribute (another PID namespace, a closed owner): not re-walked for until the next full walk. */
  unowned: Set<number>;
}

/** A fresh, empty owner cache. */
export function createOwnerCache(): OwnerCache {
  return { map: { inodes: new Map(), processes: new Map(), hidden: 0 }, fdCounts: new Map(), unowned: new Set() };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}

function processInfo(pid: number): ProcessInfo {
  const status = readText(`/proc/${pid}/status`);
  const uid = /^Uid:\s+(\d+)/m.exec(status);
  return {
    pid,
    uid: uid ? Number(uid[1]) : null,
    name: readText(`/proc/${pid}/comm`).trim(),
    command: readText(`/proc/${pid}/cmdline`).replace(/\0+$/, '').replace(/\0/g, ' '),
    cgroup: readText(`/proc/${pid}/cgroup`).trim(),
  };
}

// Sync calls on purpose: 40k readlinks through the libuv pool cost several times more than in a tight loop.
function walkPid(pid: number, map: OwnerMap, remaining: Set<number>): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    map.hidden++;
    return false;
  }
  let found = false;
  const base = `/proc/${pid}/fd/`;
  for (const fd of fds) {
    let link: string;
    try {
      link = readlinkSync(base + fd);
    } catch {
      continue;
    }
    if (link.charCodeAt(0) !== 115 || !link.startsWith('socket:[')) continue;
    const inode = Number(link.slice(8, -1));
    if (!map.inodes.has(inode)) map.inodes.set(inode, pid);
    remaining.delete(inode);
    found = true;
  }
  return found;
}

function fdCount(pid: number): number {
  try {
    // Since Linux 6.2 the size of /proc/<pid>/fd is the number of open descriptors.
    return statSync(`/proc/${pid}/fd`).size;
  } catch {
    return -1;
  }
}

/** Walk /proc/<pid>/fd for socket inodes (live only). With a cache, only changed processes are walked unless `wanted` stays unowned. */
export function walkSocketOwners(cache: OwnerCache, wanted: readonly number[]): OwnerMap {
  const pids = readdirSync('/proc').filter((n) => n.charCodeAt(0) >= 48 && n.charCodeAt(0) <= 57).map(Number);
  const alive = new Set(pids);
  const map = cache.map;
  for (const pid of [...map.processes.keys()]) if (!alive.has(pid)) map.processes.delete(pid);
  for (const [inode, pid] of map.inodes) if (!alive.has(pid)) map.inodes.delete(inode);
  const missing = () => wanted.some((i) => i !== 0 && !map.inodes.has(i) && !cache.unowned.has(i));
  if (cache.fdCounts.size > 0 && !missing()) return map;
  // Stop as soon as every wanted inode has its owner: `check` wants a port's few sockets, not all 40k.
  const remaining = new Set(wanted.filter((i) => i !== 0 && !map.inodes.has(i)));
  const pass = (onlyChanged: boolean) => {
    if (!onlyChanged) map.hidden = 0;
    for (const pid of pids) {
      if (remaining.size === 0 && wanted.length > 0) return;
      const count = fdCount(pid);
      if (onlyChanged && cache.fdCounts.get(pid) === count && count !== -1) continue;
      cache.fdCounts.set(pid, count);
      if (walkPid(pid, map, remaining) && !map.processes.has(pid)) map.processes.set(pid, processInfo(pid));
    }
  };
  if (cache.fdCounts.size > 0) {
    pass(true);
    if (!missing()) return map;
  }
  pass(false);
  cache.unowned = new Set(wanted.filter((i) => i !== 0 && !map.inodes.has(i)));
  return map;
}

/**
 * The owner map as recorded text: `P pid uid name command cgroup` (JSON strings) and `S inode pid` lines.
 * With `keep`, only sockets in this network namespace's tables and their processes are written: the fd walk
 * sees every process of the PID namespace, and a report should not carry unrelated command lines.
 */
export function formatOwnerMap(map: OwnerMap, keep?: ReadonlySet<number>): string {
  const lines = [`# portdoctor owner map v1 hidden=${map.hidden}`];
  const sockets: string[] = [];
  const pids = new Set<number>();
  for (const [inode, pid] of map.inodes) {
    if (!map.processes.has(pid) || (keep && !keep.has(inode))) continue;
    sockets.push(`S ${inode} ${pid}`);
    pids.add(pid);
  }
  for (const p of map.processes.values()) if (pids.has(p.pid)) lines.push(`P ${p.pid} ${p.uid ?? '-'} ${JSON.stringify(p.name)} ${JSON.stringify(p.command)} ${JSON.stringify(p.cgroup)}`);
  return `${[...lines, ...sockets].join('\n')}\n`;
}

/** Parse the recorded owner map back (replayed bundles are untrusted: every line is checked). */
export function parseOwnerMap(text: string): Result<OwnerMap> {
  const lines = text.split('\n');
  const head = /^# portdoctor owner map v1 hidden=(\d+)$/.exec(lines[0] ?? '');
  if (!head) return unavailable('unparseable', 'the socket owner map has no v1 header');
  const map: OwnerMap = { inodes: new Map(), processes: new Map(), hidden: Number(head[1]) };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line) continue;
    if (line.startsWith('S ')) {
      const [, inode, pid] = line.split(' ');
      map.inodes.set(Number(inode), Number(pid));
      continue;
    }
    const m = /^P (\d+) (\d+|-) ("(?:[^"\\]|\\.)*") ("(?:[^"\\]|\\.)*") ("(?:[^"\\]|\\.)*")$/.exec(line);
    if (!m) return unavailable('unparseable', `owner map line ${i + 1} is malformed`);
    try {
      const pid = Number(m[1]);
      const info = { pid, uid: m[2] === '-' ? null : Number(m[2]), name: JSON.parse(m[3] ?? '""'), command: JSON.parse(m[4] ?? '""'), cgroup: JSON.parse(m[5] ?? '""') };
      map.processes.set(pid, info);
    } catch {
      return unavailable('unparseable', `owner map line ${i + 1} is malformed`);
    }
  }
  return { kind: 'ok', data: map };
}

/** systemd unit and container id from /proc/<pid>/cgroup (`0::/system.slice/nginx.service`, `…/docker-<id>.scope`). */
export function parseCgroup(text: string): { unit?: string; container?: string } {
  const out: { unit?: string; container?: string } = {};
  const container = /(?:docker|libpod|cri-containerd|crio)[-/]([0-9a-f]{12,64})/.exec(text) ?? /\/kubepods[^\n]*\/([0-9a-f]{64})/.exec(text);
  if (container?.[1]) out.container = container[1].slice(0, 12);
  const unit = /\/([A-Za-z0-9@._\\-]+\.service)(?:\/|$)/m.exec(text);
  if (unit?.[1]) out.unit = unit[1];
  return out;
}
