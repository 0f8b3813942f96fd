import * as fs from 'node:fs';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { ParallelWalk } from './socket-owners-parallel';
import { fdCount, listPids, readProcessInfo, readSocketInodes } from './proc-fd';
import type { ProcessInfo } from './proc-fd';

/** Socket inode → owning pid, plus the owners' process details. */
export interface OwnerMap {
  inodes: Map<number, number>;
  processes: Map<number, ProcessInfo>;
  /** Processes whose fd folder could not be read (another user's, without privilege). */
  hidden: number;
}

/**
 * Owner lookups cached across refreshes (the ports view polls every second). A refresh whose sockets all have
 * known owners walks nothing. Otherwise it walks, stopping as soon as every socket has its owner: first the
 * processes that are new or whose descriptor count changed, then the likely owners it is given (a listener's
 * process for a new connection on its port), and only then every process — that full walk at most once every
 * FULL_WALK_INTERVAL_MS, so sockets no visible process owns (another PID namespace) do not cost a full walk
 * each second. Until then such a socket is listed without an owner (and counted as hidden), never guessed.
 */
export interface OwnerCache {
  map: OwnerMap;
  fdCounts: Map<number, number>;
  /** Inodes a full walk could not attribute (another PID namespace, a closed owner): not re-walked for until the next full walk. */
  unowned: Set<number>;
  /** When the last full walk ran (performance.now() ms); -Infinity before the first. */
  fullWalkAt: number;
  /** Bumped whenever `map` changes, so its recorded text is formatted again only then. */
  version: number;
  /** The recorded text of the map, with the version and table inodes it was made for. */
  formatted: { version: number; inodes: readonly number[]; text: Buffer } | null;
  /** Just filled by `seedOwnerCache`: the next walk settles which wanted sockets no process owns, as a full walk does. */
  seeded?: boolean;
}

/** A full walk for still-unknown owners runs at most this often during live refreshes. */
export const FULL_WALK_INTERVAL_MS = 5000;

/** A fresh, empty owner cache. */
export function createOwnerCache(): OwnerCache {
  return {
    map: { inodes: new Map(), processes: new Map(), hidden: 0 },
    fdCounts: new Map(),
    unowned: new Set(),
    fullWalkAt: -Infinity,
    version: 0,
    formatted: null,
  };
}

function walkPid(pid: number, cache: OwnerCache, remaining: Set<number>, countHidden: boolean): boolean {
  const found = readSocketInodes(fs, pid);
  if (found === null) {
    // Counted by full walks only: a cached refresh re-trying the same unreadable process must not count it again.
    if (countHidden) cache.map.hidden++;
    return false;
  }
  const inodes = cache.map.inodes;
  for (const inode of found) {
    if (!inodes.has(inode)) {
      inodes.set(inode, pid);
      cache.version++;
    }
    remaining.delete(inode);
  }
  return found.length > 0;
}

/** Forget processes that exited and the sockets they held; drop sockets no longer in the tables once they pile up. */
function forgetGone(cache: OwnerCache, alive: ReadonlySet<number>, tableInodes?: readonly number[]): void {
  const map = cache.map;
  let died = false;
  for (const pid of cache.fdCounts.keys()) if (!alive.has(pid)) cache.fdCounts.delete(pid);
  for (const pid of map.processes.keys()) {
    if (alive.has(pid)) continue;
    map.processes.delete(pid);
    died = true;
  }
  if (died) for (const [inode, pid] of map.inodes) if (!alive.has(pid)) map.inodes.delete(inode);
  // A long-lived process opens and closes sockets all day: without this the map would grow with every socket it ever had.
  if (tableInodes && map.inodes.size > 2 * tableInodes.length + 1024) {
    const live = new Set(tableInodes);
    for (const inode of map.inodes.keys()) if (!live.has(inode)) map.inodes.delete(inode);
    died = true;
  }
  if (died) cache.version++;
}

/**
 * Fill a cold cache from a whole walk done on worker threads, as a full in-thread walk would have: every process's
 * descriptor count, every socket inode it holds, the details of the processes holding sockets, and how many could
 * not be read. `walkSocketOwners` then only re-walks processes whose descriptors changed since.
 */
export function seedOwnerCache(cache: OwnerCache, walk: ParallelWalk, now = performance.now()): void {
  if (cache.fdCounts.size > 0) return;
  const map = cache.map;
  map.hidden = 0;
  for (const w of walk.walks) {
    cache.fdCounts.set(w.pid, walk.fdCounts.get(w.pid) ?? -1);
    if (w.inodes === null) {
      map.hidden++;
      continue;
    }
    for (const inode of w.inodes) map.inodes.set(inode, w.pid);
    if (w.info && w.inodes.length > 0) map.processes.set(w.pid, w.info);
  }
  cache.fullWalkAt = now;
  cache.seeded = true;
  cache.version++;
}

/** Options of a cached walk: the clock (tests) and, lazily, the processes most likely to own the unknown sockets. */
export interface WalkOptions {
  now?: number;
  likelyOwners?: () => Iterable<number>;
  /** Every inode in this namespace's tables: sockets of the map no longer among them are dropped when they pile up. */
  tableInodes?: readonly number[];
}

/** Walk /proc/<pid>/fd for socket inodes (live only). With a cache, only what the cache cannot answer is walked (see OwnerCache). */
export function walkSocketOwners(cache: OwnerCache, wanted: readonly number[], opts: WalkOptions = {}): OwnerMap {
  const now = opts.now ?? performance.now();
  const pids = listPids();
  forgetGone(cache, new Set(pids), opts.tableInodes);
  const map = cache.map;
  const missing = () => wanted.some((i) => i !== 0 && !map.inodes.has(i) && !cache.unowned.has(i));
  const warm = cache.fdCounts.size > 0;
  const seeded = cache.seeded === true;
  cache.seeded = false;
  if (warm && !missing()) return map;
  // Stop as soon as every wanted inode has its owner: `check` wants a port's few sockets, not all 40k.
  let remaining = new Set(wanted.filter((i) => i !== 0 && !map.inodes.has(i) && !(warm && cache.unowned.has(i))));
  let full = false;
  const visit = (pid: number, count: number) => {
    cache.fdCounts.set(pid, count);
    if (walkPid(pid, cache, remaining, full) && !map.processes.has(pid)) {
      map.processes.set(pid, readProcessInfo(fs, pid));
      cache.version++;
    }
  };
  const done = () => remaining.size === 0 && wanted.length > 0;
  if (warm) {
    for (const pid of pids) {
      if (done()) return map;
      const count = fdCount(pid);
      if (cache.fdCounts.get(pid) !== count || count === -1) visit(pid, count);
    }
    // Same descriptor count, new socket: a server that closed one connection and accepted another.
    for (const pid of opts.likelyOwners?.() ?? []) if (!done() && map.processes.has(pid)) visit(pid, fdCount(pid));
    if (seeded) {
      cache.unowned = new Set(wanted.filter((i) => i !== 0 && !map.inodes.has(i)));
      return map;
    }
    if (!missing() || now - cache.fullWalkAt < FULL_WALK_INTERVAL_MS) return map;
    remaining = new Set(wanted.filter((i) => i !== 0 && !map.inodes.has(i)));
  }
  full = true;
  map.hidden = 0;
  for (const pid of pids) {
    if (done()) break;
    visit(pid, fdCount(pid));
  }
  cache.fullWalkAt = now;
  cache.unowned = new Set(wanted.filter((i) => i !== 0 && !map.inodes.has(i)));
  return map;
}

/** The map's recorded text for these table inodes, reused from the cache while neither the map nor the inodes changed. */
export function formatOwnerMapCached(cache: OwnerCache, tableInodes: readonly number[]): Buffer {
  const f = cache.formatted;
  if (f && f.version === cache.version && sameNumbers(f.inodes, tableInodes)) return f.text;
  const text = Buffer.from(formatOwnerMap(cache.map, new Set(tableInodes)), 'utf8');
  cache.formatted = { version: cache.version, inodes: tableInodes, text };
  return text;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The owner map as recorded text: `P pid uid name command cgroup` (JSON strings) and `S inode pid` lines.
 * With `keep`, only sockets in this network namespace's tables and their processes are written: the fd walk
 * sees every process of the PID namespace, and a report should not carry unrelated command lines. Of each
 * cgroup file only the lines that name the systemd unit or the container are kept (`cgroupForRecord`).
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
  for (const p of map.processes.values())
    if (pids.has(p.pid))
      lines.push(
        `P ${p.pid} ${p.uid ?? '-'} ${JSON.stringify(p.name)} ${JSON.stringify(p.command)} ${JSON.stringify(cgroupForRecord(p.cgroup))}`,
      );
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
      const info = {
        pid,
        uid: m[2] === '-' ? null : Number(m[2]),
        name: JSON.parse(m[3] ?? '""'),
        command: JSON.parse(m[4] ?? '""'),
        cgroup: JSON.parse(m[5] ?? '""'),
      };
      map.processes.set(pid, info);
    } catch {
      return unavailable('unparseable', `owner map line ${i + 1} is malformed`);
    }
  }
  return { kind: 'ok', data: map };
}

/** Of a /proc/<pid>/cgroup text, only the lines `parseCgroup` takes the unit or container from (same result, nothing else). */
export function cgroupForRecord(text: string): string {
  return text
    .split('\n')
    .filter((line) => Object.keys(parseCgroup(line)).length > 0)
    .join('\n');
}

/** systemd unit and container id from /proc/<pid>/cgroup (`0::/system.slice/nginx.service`, `…/docker-<id>.scope`). */
export function parseCgroup(text: string): { unit?: string; container?: string } {
  const out: { unit?: string; container?: string } = {};
  const container =
    /(?:docker|libpod|cri-containerd|crio)[-/]([0-9a-f]{12,64})/.exec(text) ?? /\/kubepods[^\n]*\/([0-9a-f]{64})/.exec(text);
  if (container?.[1]) out.container = container[1].slice(0, 12);
  const unit = /\/([A-Za-z0-9@._\\-]+\.service)(?:\/|$)/m.exec(text);
  if (unit?.[1]) out.unit = unit[1];
  return out;
}
