import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseProcNet } from '../../../../../electron/probes/linux/parse-proc-net';
import {
  createOwnerCache,
  formatOwnerMap,
  formatOwnerMapCached,
  FULL_WALK_INTERVAL_MS,
  walkSocketOwners,
} from '../../../../../electron/probes/linux/socket-owners';
import { LISTENER_REFRESH_MS, listenerOwnersOfUnowned, readSockets } from '../../../../../electron/probes/linux/sockets';
import type { ListenerCache } from '../../../../../electron/probes/linux/sockets';
import { createReplayRunner } from '../../../../../electron/system/recording';
import type { Runner } from '../../../../../electron/system/runner';
import type { Bundle } from '../../../../../shared/bundle/schema';
import { loadBundle } from './load-fixture';
import { useOwnListeners } from './own-listeners';
import { createServices } from '../../../../../electron/app/services';
import { portsHandlers } from '../../../../../electron/handlers/ports';

// A real /proc/net/tcp from a lab namespace (prefix pdp-): 20 connections of a root process on 8080 and 30 of a
// process running as uid 123456 on 30100, whose 6-digit uid shifts the inode out of its usual column.
const UID_TABLE = readFileSync(fileURLToPath(new URL('./fixtures/proc-net-tcp-uid-123456.txt', import.meta.url)), 'latin1');

describe('parseProcNet on a real table with a wide uid', () => {
  it('reads every row and its inode, in the usual column and in the shifted one', () => {
    const r = parseProcNet(UID_TABLE, 'tcp', 4);
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    const rows = UID_TABLE.split('\n')
      .slice(1)
      .filter((l) => l.trim());
    // The kernel's columns split on whitespace: field 9 is the inode, 7 the uid.
    expect(r.data.map((s) => s.inode)).toEqual(rows.map((l) => Number(l.trim().split(/\s+/)[9])));
    expect(rows.filter((l) => l.trim().split(/\s+/)[7] === '123456')).toHaveLength(61);
    expect(
      r.data
        .filter((s) => s.state === 'LISTEN')
        .map((s) => `${s.localAddress}:${s.localPort}`)
        .sort(),
    ).toEqual(['127.0.0.1:30100', '127.0.0.1:8080']);
    expect(r.data.filter((s) => s.state === 'ESTAB')).toHaveLength(100);
  });

  it('gives the same sockets when rows do not fit the fixed layout (read field by field)', () => {
    const fast = parseProcNet(UID_TABLE, 'tcp', 4);
    const shifted = UID_TABLE.replace(/^(\s*\d+:) /gm, '$1  ');
    expect(shifted).not.toBe(UID_TABLE);
    expect(parseProcNet(shifted, 'tcp', 4)).toEqual(fast);
  });
});

const { listen, inodeOf } = useOwnListeners();

const NOBODY = 999_999_999;

describe.skipIf(process.platform !== 'linux')('cached owner walk (this process, real /proc)', () => {
  it('walks every process at most once per interval for inodes no process owns', () => {
    const cache = createOwnerCache();
    walkSocketOwners(cache, [NOBODY], { now: 0 });
    expect(cache.fullWalkAt).toBe(0);
    expect(cache.unowned.has(NOBODY)).toBe(true);
    walkSocketOwners(cache, [NOBODY, NOBODY - 1], { now: 1000 });
    expect(cache.fullWalkAt).toBe(0);
    expect(cache.unowned.has(NOBODY - 1)).toBe(false);
    const map = walkSocketOwners(cache, [NOBODY, NOBODY - 1], { now: FULL_WALK_INTERVAL_MS + 1 });
    expect(cache.fullWalkAt).toBe(FULL_WALK_INTERVAL_MS + 1);
    expect(cache.unowned.has(NOBODY - 1)).toBe(true);
    expect(map.inodes.has(NOBODY - 1)).toBe(false);
  });

  it('finds a new socket of a known process between full walks (its descriptor count changed)', async () => {
    const first = inodeOf((await listen()).port);
    const cache = createOwnerCache();
    walkSocketOwners(cache, [first], { now: 0 });
    const second = inodeOf((await listen()).port);
    const map = walkSocketOwners(cache, [first, second], { now: 1000 });
    expect(map.inodes.get(second)).toBe(process.pid);
    expect(cache.fullWalkAt).toBe(0);
  });

  it('finds a new socket behind an unchanged descriptor count only through the likely owners it is given', async () => {
    const first = inodeOf((await listen()).port);
    const cache = createOwnerCache();
    walkSocketOwners(cache, [first], { now: 0 });
    const second = inodeOf((await listen()).port);
    // As if one connection closed while this one opened: the count the cache holds is the current one.
    cache.fdCounts.set(process.pid, statSync('/proc/self/fd').size);
    expect(walkSocketOwners(cache, [first, second], { now: 1000 }).inodes.has(second)).toBe(false);
    cache.fdCounts.set(process.pid, statSync('/proc/self/fd').size);
    const map = walkSocketOwners(cache, [first, second], { now: 2000, likelyOwners: () => [process.pid] });
    expect(map.inodes.get(second)).toBe(process.pid);
    expect(cache.fullWalkAt).toBe(0);
  });

  it('drops sockets that left the tables once they pile up, so the cache stays flat', async () => {
    const first = inodeOf((await listen()).port);
    const cache = createOwnerCache();
    walkSocketOwners(cache, [first], { now: 0 });
    for (let i = 0; i < 5000; i++) cache.map.inodes.set(NOBODY - 10 - i, process.pid);
    walkSocketOwners(cache, [first], { now: 1000, tableInodes: [first] });
    expect([...cache.map.inodes.keys()]).toContain(first);
    expect(cache.map.inodes.has(NOBODY - 10)).toBe(false);
    expect(cache.map.inodes.size).toBeLessThan(1024);
  });

  it('reuses the recorded owner text only while the map and the table are unchanged', async () => {
    const first = inodeOf((await listen()).port);
    const cache = createOwnerCache();
    walkSocketOwners(cache, [first], { now: 0 });
    const text = formatOwnerMapCached(cache, [first]);
    expect(text.toString('utf8')).toBe(formatOwnerMap(cache.map, new Set([first])));
    expect(formatOwnerMapCached(cache, [first])).toBe(text);
    const second = inodeOf((await listen()).port);
    walkSocketOwners(cache, [first, second], { now: 1000 });
    const again = formatOwnerMapCached(cache, [first, second]);
    expect(again).not.toBe(text);
    expect(again.toString('utf8')).toContain(`S ${second} ${process.pid}`);
    expect(formatOwnerMapCached(cache, [second]).toString('utf8')).not.toContain(`S ${first} `);
  });
});

describe('listenerOwnersOfUnowned', () => {
  it('names the owner of the listener on an unowned socket’s port, and nobody else', () => {
    const cache = createOwnerCache();
    cache.map.inodes.set(10, 4242);
    cache.map.inodes.set(20, 5151);
    const base = { protocol: 'tcp', family: 4, localAddress: '127.0.0.1', remoteAddress: '127.0.0.1', remotePort: 0 } as const;
    const sockets = [
      { ...base, state: 'LISTEN', localPort: 8080, inode: 10 },
      { ...base, state: 'LISTEN', localPort: 9090, inode: 20 },
      { ...base, state: 'ESTAB', localPort: 8080, remotePort: 40000, inode: 11 },
      { ...base, state: 'ESTAB', localPort: 9090, remotePort: 40001, inode: 20 },
    ];
    expect([...listenerOwnersOfUnowned(sockets, cache.map)]).toEqual([4242]);
  });
});

/** A replayed bundle served as a live runner, counting the ss calls (the listener detail cache is live-only). */
function countingRunner(bundle: Bundle): { runner: Runner; ss: () => number } {
  const inner = createReplayRunner(bundle);
  let calls = 0;
  const runner: Runner = {
    mode: 'live',
    run: (spec) => {
      if (spec.file === 'ss') calls++;
      return inner.run(spec);
    },
    readFile: (spec) => inner.readFile(spec),
  };
  return { runner, ss: () => calls };
}

describe('ss listener detail between refreshes (real recorded tables and ss output)', () => {
  it('runs ss again only for a listener it has not described, or after the interval', async () => {
    const holder: { current: ListenerCache | null } = { current: null };
    const v6 = countingRunner(loadBundle('loopback-v6'));
    const first = await readSockets(v6.runner, { owners: false, listenerCache: holder });
    expect(v6.ss()).toBe(1);
    const again = await readSockets(v6.runner, { owners: false, listenerCache: holder });
    expect(v6.ss()).toBe(1);
    // The backlog and v6-only flag from the cached ss output, exactly as the first refresh had them.
    const listeners = (r: typeof first) => (r.kind === 'ok' ? r.data.sockets.filter((s) => s.state === 'LISTEN') : []);
    expect(listeners(again)).toEqual(listeners(first));
    expect(listeners(again).find((s) => s.localPort === 8443)).toMatchObject({ sendQ: 511, v6Only: false });
    // Other listeners (another recording of a namespace): ss must describe them.
    const policy = countingRunner(loadBundle('policy-drop-allowlist'));
    const other = await readSockets(policy.runner, { owners: false, listenerCache: holder });
    expect(policy.ss()).toBe(1);
    expect(listeners(other).find((s) => s.localPort === 8080)).toMatchObject({ sendQ: 511 });
    await readSockets(policy.runner, { owners: false, listenerCache: holder });
    expect(policy.ss()).toBe(1);
    if (holder.current) holder.current.at -= LISTENER_REFRESH_MS + 1;
    await readSockets(policy.runner, { owners: false, listenerCache: holder });
    expect(policy.ss()).toBe(2);
  });

  it('does not keep a failed ss answer', async () => {
    const bundle = loadBundle('loopback-v6');
    const { 'linux.ss.listeners': _gone, ...sources } = bundle.sources;
    const holder: { current: ListenerCache | null } = { current: null };
    const r = await readSockets(countingRunner({ ...bundle, sources }).runner, { owners: false, listenerCache: holder });
    expect(r.kind === 'ok' && r.data.listeners.kind).toBe('unavailable');
    expect(holder.current).toBeNull();
  });
});

describe('ports:list {compact} (replayed real bundle)', () => {
  it('drops inodes, command lines and users, and keeps every other field of every socket', async () => {
    const services = createServices({ replay: loadBundle('loopback-v6'), dataDir: '/nonexistent' });
    const signal = new AbortController().signal;
    const full = await portsHandlers['ports:list']({ owners: true }, { services, signal });
    const compact = await portsHandlers['ports:list']({ owners: true, compact: true }, { services, signal });
    if (full.kind !== 'ok' || compact.kind !== 'ok') throw new Error('replay failed');
    expect(compact.data.sockets.some((s) => s.owner?.name === 'node')).toBe(true);
    const expected = full.data.sockets.map(({ inode: _i, owner, ...rest }) =>
      owner ? { ...rest, owner: { pid: owner.pid, name: owner.name } } : rest,
    );
    // Same fields in the same order: the explorer's rows keep one shape.
    expect(JSON.stringify(compact.data.sockets)).toBe(JSON.stringify(expected));
  });
});
