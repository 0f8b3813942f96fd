import { readFile } from 'node:fs/promises';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Socket, SocketOwner } from '../../../shared/schemas/ports';
import type { CommandResult, Runner } from '../../system/runner';
import { displayCommand } from '../../system/runner';
import { parseProcNet } from './parse-proc-net';
import { parseSsListeners } from './parse-ss-listeners';
import type { SsListener } from './parse-ss-listeners';
import { createOwnerCache, formatOwnerMapCached, parseCgroup, parseOwnerMap, seedOwnerCache, walkSocketOwners } from './socket-owners';
import type { OwnerCache, OwnerMap } from './socket-owners';
import { takeOwnerWalk } from './socket-owners-parallel';
import type { OwnerWalkJob } from './socket-owners-parallel';

/** The socket tables and the source id each is recorded under. */
export const PROC_NET_TABLES = [
  { source: 'linux.proc.net.tcp', path: '/proc/net/tcp', protocol: 'tcp', family: 4 },
  { source: 'linux.proc.net.tcp6', path: '/proc/net/tcp6', protocol: 'tcp', family: 6 },
  { source: 'linux.proc.net.udp', path: '/proc/net/udp', protocol: 'udp', family: 4 },
  { source: 'linux.proc.net.udp6', path: '/proc/net/udp6', protocol: 'udp', family: 6 },
] as const;

export const OWNERS_SOURCE = 'linux.proc.socket-owners';
export const PASSWD_SOURCE = 'linux.etc.passwd';
export const SS_LISTENERS_SOURCE = 'linux.ss.listeners';
// Without -e: ss looks up each socket's cgroup then, slowly, and prints an error per socket where cgroup2 is not mounted.
const SS_ARGS = ['-Hltn'] as const;

/** The text a command or file printed, or why it could not be read (with the command that would tell). */
export function textOf(result: CommandResult, command?: string): Result<string> {
  if (result.kind === 'ok') return { kind: 'ok', data: result.output.stdout.toString('utf8') };
  return unavailable(result.error.reason, result.error.detail, command ?? displayCommand(result.argv));
}

/** Every TCP/UDP socket (v4 and v6) from /proc/net; a table that cannot be read makes the whole list unavailable. */
export async function readSocketTables(
  runner: Runner,
  protocols: readonly ('tcp' | 'udp')[] = ['tcp', 'udp'],
  timers = false,
): Promise<Result<Socket[]>> {
  const tables = PROC_NET_TABLES.filter((t) => protocols.includes(t.protocol));
  const results = await Promise.all(tables.map((t) => runner.readFile({ source: t.source, path: t.path, maxBytes: 256 * 1024 * 1024 })));
  const sockets: Socket[] = [];
  for (const [i, t] of tables.entries()) {
    const r = results[i];
    if (!r) continue;
    // A missing tcp6/udp6 table means IPv6 is disabled: no sockets there, not an unknown.
    if (r.kind === 'error' && r.error.reason === 'not-installed' && t.family === 6) continue;
    // latin1: the tables are ASCII, and a one-byte copy is cheaper than UTF-8 decoding 6 MB every refresh.
    const text = r.kind === 'ok' ? ({ kind: 'ok', data: r.output.stdout.toString('latin1') } as const) : textOf(r, `cat ${t.path}`);
    if (text.kind !== 'ok') return text;
    const parsed = parseProcNet(text.data, t.protocol, t.family, timers);
    if (parsed.kind !== 'ok') return { ...parsed, command: `cat ${t.path}` };
    for (const s of parsed.data) sockets.push(s);
  }
  return { kind: 'ok', data: sockets };
}

/** TCP listeners with accept-queue maximum and v6-only flag (netlink, via ss). */
export async function readSsListeners(runner: Runner): Promise<Result<SsListener[]>> {
  const r = await runner.run({ source: SS_LISTENERS_SOURCE, file: 'ss', args: SS_ARGS, timeoutMs: 10_000 });
  const text = textOf(r);
  return text.kind === 'ok' ? parseSsListeners(text.data) : text;
}

/** The socket owner map (inode → pid → process), live through the cache or from a recording. `tableInodes`: every socket in this namespace's tables (what the recording keeps). */
export async function readOwnerMap(
  runner: Runner,
  wanted: readonly number[],
  cache?: OwnerCache,
  tableInodes?: readonly number[],
  likelyOwners?: () => Iterable<number>,
  prewalk?: OwnerWalkJob | null,
): Promise<Result<OwnerMap>> {
  if (!runner.compute) return unavailable('not-implemented', 'this runner cannot walk /proc/<pid>/fd', 'ss -tanp');
  const owners = cache ?? createOwnerCache();
  let walked: OwnerMap | null = null;
  const r = await runner.compute({
    source: OWNERS_SOURCE,
    argv: ['<walk>', '/proc/<pid>/fd'],
    compute: async (record) => {
      const seed = prewalk ? await prewalk.finish() : null;
      if (seed) seedOwnerCache(owners, seed);
      walked = walkSocketOwners(owners, wanted, { ...(tableInodes ? { tableInodes } : {}), ...(likelyOwners ? { likelyOwners } : {}) });
      // The text is what a report records; live, the map itself is used, so 40k lines are written only for a recording.
      return record ? formatOwnerMapCached(owners, tableInodes ?? wanted) : Buffer.alloc(0);
    },
  });
  // Live, the map just walked is what the text says: skip parsing it back (40k lines). Replays parse the recording.
  if (walked && r.kind === 'ok' && runner.mode === 'live') return { kind: 'ok', data: walked };
  const text = textOf(r, 'ss -tanp');
  return text.kind === 'ok' ? parseOwnerMap(text.data) : text;
}

/** Owners of listeners on the ports of sockets the map has no owner for: where a new accepted connection most likely lives. */
export function listenerOwnersOfUnowned(sockets: readonly Socket[], map: OwnerMap): Set<number> {
  const listenerOwner = new Map<number, number>();
  for (const s of sockets) {
    const pid = s.state === 'LISTEN' && s.inode ? map.inodes.get(s.inode) : undefined;
    if (pid !== undefined) listenerOwner.set(s.localPort, pid);
  }
  const pids = new Set<number>();
  for (const s of sockets) {
    if (!s.inode || map.inodes.has(s.inode)) continue;
    const pid = listenerOwner.get(s.localPort);
    if (pid !== undefined) pids.add(pid);
  }
  return pids;
}

/** uid → user name from /etc/passwd text. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && f[0] && /^\d+$/.test(f[2] ?? '')) users.set(Number(f[2]), f[0]);
  }
  return users;
}

/**
 * Only the uid → name pairs of `uids`, as passwd-shaped `name:x:uid` lines (what `parsePasswd` reads): a report
 * names the owners it shows and carries no other account, no password field, gecos, home folder or shell.
 */
export function passwdPairs(text: string, uids: ReadonlySet<number>): string {
  const lines: string[] = [];
  for (const [uid, name] of parsePasswd(text)) if (uids.has(uid)) lines.push(`${name}:x:${uid}`);
  return lines.map((l) => `${l}\n`).join('');
}

/** The uids of the processes that own these sockets: the owners a listing shows. */
export function ownerUids(sockets: readonly Socket[], map: OwnerMap): Set<number> {
  const uids = new Set<number>();
  for (const s of sockets) {
    const pid = s.inode ? map.inodes.get(s.inode) : undefined;
    const uid = pid === undefined ? null : map.processes.get(pid)?.uid;
    if (uid !== undefined && uid !== null) uids.add(uid);
  }
  return uids;
}

/** User names of these uids from /etc/passwd, read (and recorded) as their pairs only; replays read what was recorded. */
async function readUserNames(runner: Runner, uids: ReadonlySet<number>): Promise<Map<number, string>> {
  if (!runner.compute || uids.size === 0) return new Map();
  const r = await runner.compute({
    source: PASSWD_SOURCE,
    argv: ['<read>', '/etc/passwd'],
    compute: async () => Buffer.from(passwdPairs(await readFile('/etc/passwd', 'utf8'), uids), 'utf8'),
  });
  return r.kind === 'ok' ? parsePasswd(r.output.stdout.toString('utf8')) : new Map();
}

/** Attach owners to sockets by inode; returns how many sockets with an inode stayed unowned. */
export function attachOwners(sockets: Socket[], map: OwnerMap, users: Map<number, string>): number {
  const owners = new Map<number, SocketOwner>();
  for (const p of map.processes.values()) {
    const owner: SocketOwner = { pid: p.pid, name: p.name, command: p.command };
    const user = p.uid === null ? undefined : (users.get(p.uid) ?? String(p.uid));
    if (user) owner.user = user;
    Object.assign(owner, parseCgroup(p.cgroup));
    owners.set(p.pid, owner);
  }
  let unowned = 0;
  for (const s of sockets) {
    if (!s.inode) continue;
    const pid = map.inodes.get(s.inode);
    const owner = pid === undefined ? undefined : owners.get(pid);
    if (owner) s.owner = owner;
    else unowned++;
  }
  return unowned;
}

/** Sockets with owners and, for TCP listeners, the accept-queue maximum from ss. */
export interface SocketsWithOwners {
  sockets: Socket[];
  ownersHidden: number;
  /** Owner lookup failed entirely (no privilege, no /proc): sockets are listed without owners. */
  owners: Result<true>;
  listeners: Result<SsListener[]>;
}

/**
 * ss's listener detail kept between live refreshes. A listening socket's backlog and v6-only flag are fixed for
 * its life (unless it calls listen() again), so ss runs again only when a listener appears that it has not
 * described, or LISTENER_REFRESH_MS after it last ran. The accept-queue fill (Recv-Q) is always /proc's, current.
 */
export interface ListenerCache {
  at: number;
  listeners: SsListener[];
  /** The LISTEN sockets' inodes ss described. */
  inodes: Set<number>;
}

/** How long ss's listener detail is reused while no new listener appears. */
export const LISTENER_REFRESH_MS = 5000;

/** Options of `readSockets`: `cache`/`listenerCache` only for live refreshes (the ports view). */
export interface ReadSocketsOptions {
  owners: boolean;
  port?: number;
  cache?: OwnerCache;
  listenerDetail?: boolean;
  listenerCache?: { current: ListenerCache | null };
  /** Read when TIME-WAIT sockets end (`check`: a restart blocked by them). */
  timers?: boolean;
}

function listenInodes(sockets: readonly Socket[]): number[] {
  const out: number[] = [];
  for (const s of sockets) if (s.protocol === 'tcp' && s.state === 'LISTEN' && s.inode) out.push(s.inode);
  return out;
}

async function listenerDetail(
  runner: Runner,
  sockets: readonly Socket[],
  ran: Result<SsListener[]> | null,
  holder?: { current: ListenerCache | null },
): Promise<{ listeners: Result<SsListener[]>; fromCache: boolean }> {
  const cached = holder?.current;
  if (!ran && cached && listenInodes(sockets).every((i) => cached.inodes.has(i)))
    return { listeners: { kind: 'ok', data: cached.listeners }, fromCache: true };
  const listeners = ran ?? (await readSsListeners(runner));
  if (holder && listeners.kind === 'ok')
    holder.current = { at: performance.now(), listeners: listeners.data, inodes: new Set(listenInodes(sockets)) };
  return { listeners, fromCache: false };
}

/** Read every socket with its owner (`ports`), or only those of one port (`check`). */
export async function readSockets(runner: Runner, opts: ReadSocketsOptions = { owners: true }): Promise<Result<SocketsWithOwners>> {
  const holder = opts.listenerCache;
  const fresh = holder?.current && performance.now() - holder.current.at < LISTENER_REFRESH_MS;
  // A cold listing of every socket walks every process: start that on worker threads now, alongside the table reads.
  const cold =
    opts.owners &&
    opts.port === undefined &&
    runner.mode === 'live' &&
    runner.compute !== undefined &&
    !(opts.cache && opts.cache.fdCounts.size > 0);
  const prewalk = cold ? takeOwnerWalk() : null;
  const [tables, pending] = await Promise.all([
    readSocketTables(runner, undefined, opts.timers),
    // Started alongside the table reads unless the cached detail may do.
    opts.listenerDetail === false ? Promise.resolve(unavailable('not-implemented', 'not asked')) : fresh ? null : readSsListeners(runner),
  ]);
  if (tables.kind !== 'ok') {
    await prewalk?.finish();
    return tables;
  }
  const sockets = tables.data;
  const { listeners, fromCache } = await listenerDetail(runner, sockets, pending, holder);
  if (listeners.kind === 'ok') mergeListenerDetail(sockets, listeners.data, !fromCache);
  let owners: Result<true> = unavailable('not-implemented', 'owners were not asked for');
  let ownersHidden = 0;
  if (opts.owners) {
    const tableInodes = sockets.map((s) => s.inode ?? 0);
    const wanted = opts.port === undefined ? tableInodes : sockets.filter((s) => s.localPort === opts.port).map((s) => s.inode ?? 0);
    const map = await readOwnerMap(
      runner,
      wanted,
      opts.cache,
      tableInodes,
      () => (opts.cache ? listenerOwnersOfUnowned(sockets, opts.cache.map) : []),
      prewalk,
    );
    if (map.kind === 'ok') {
      const users = await readUserNames(runner, ownerUids(sockets, map.data));
      ownersHidden = attachOwners(sockets, map.data, users);
      owners = { kind: 'ok', data: true };
    } else owners = map;
  }
  return { kind: 'ok', data: { sockets, ownersHidden, owners, listeners } };
}

/** /proc/net/tcp has no accept-queue maximum for LISTEN: take Send-Q from ss, matched by inode (older recordings) or address and port. */
function mergeListenerDetail(sockets: Socket[], listeners: SsListener[], queueFill: boolean): void {
  const byInode = new Map(listeners.filter((l) => l.inode !== null).map((l) => [l.inode, l]));
  const byAddress = new Map(
    listeners.map((l) => [`${l.localAddress}|${l.localPort}|${l.dualStack || l.localAddress.includes(':') ? 6 : 4}`, l]),
  );
  for (const s of sockets) {
    if (s.protocol !== 'tcp' || s.state !== 'LISTEN' || !s.inode) continue;
    const l = byInode.get(s.inode) ?? byAddress.get(`${s.localAddress}|${s.localPort}|${s.family}`);
    if (!l) continue;
    if (queueFill) s.recvQ = l.recvQ;
    s.sendQ = l.sendQ;
    if (s.family === 6 && (s.localAddress === '::' || l.dualStack)) s.v6Only = !l.dualStack;
  }
}
