import { describe, expect, it } from 'vitest';
import { createOwnerCache, seedOwnerCache, walkSocketOwners } from '../../../../../electron/probes/linux/socket-owners';
import { startOwnerWalk } from '../../../../../electron/probes/linux/socket-owners-parallel';
import { readSockets } from '../../../../../electron/probes/linux/sockets';
import { createLiveRunner } from '../../../../../electron/system/run-command';
import { useOwnListeners } from './own-listeners';

const own = useOwnListeners();
const listenerInode = async (): Promise<number> => own.inodeOf((await own.listen()).port);

// The walk shared between worker threads and the calling thread, on this very process's real sockets. The worker
// runs the walker from its source text, so this also proves that text survives the test transform intact.
describe.skipIf(process.platform !== 'linux')('owner walk on worker threads', () => {
  it('finds every process the in-thread walk finds, with the same socket owners and details', async () => {
    const inodes = [await listenerInode(), await listenerInode()];
    const job = startOwnerWalk({ minFds: 0, threads: 2 });
    expect(job).not.toBeNull();
    const walk = await job?.finish();
    expect(walk).not.toBeNull();
    if (!walk) return;
    const mine = walk.walks.find((w) => w.pid === process.pid);
    expect(mine?.inodes).toEqual(expect.arrayContaining(inodes));
    expect(mine?.info?.command).toContain('node');
    // Each process walked once, whichever thread took it.
    expect(new Set(walk.walks.map((w) => w.pid)).size).toBe(walk.walks.length);
    expect(walk.fdCounts.get(process.pid)).toBeGreaterThan(0);

    const seeded = createOwnerCache();
    seedOwnerCache(seeded, walk);
    const plain = walkSocketOwners(createOwnerCache(), inodes);
    for (const inode of inodes) expect(seeded.map.inodes.get(inode)).toBe(plain.inodes.get(inode));
    expect(seeded.map.processes.get(process.pid)).toEqual(plain.processes.get(process.pid));
  });

  it('leaves a walk too small for threads to the calling thread', () => {
    expect(startOwnerWalk({ minFds: Number.MAX_SAFE_INTEGER })).toBeNull();
  });

  it('after seeding, finds a socket opened since the walk and marks one no process owns', async () => {
    const before = await listenerInode();
    const job = startOwnerWalk({ minFds: 0, threads: 1 });
    const walk = await job?.finish();
    if (!walk) throw new Error('the walk gave up');
    const cache = createOwnerCache();
    seedOwnerCache(cache, walk);
    const after = await listenerInode();
    expect(cache.map.inodes.has(after)).toBe(false);
    const map = walkSocketOwners(cache, [before, after, 999_999_999]);
    expect(map.inodes.get(before)).toBe(process.pid);
    // This process's descriptor count changed since the walk, so the seeded cache re-walks it.
    expect(map.inodes.get(after)).toBe(process.pid);
    expect(cache.unowned.has(999_999_999)).toBe(true);
  });

  it('gives a cold live listing the same owners through the threads as one socket`s check gives in-thread', async () => {
    const inode = await listenerInode();
    // A live listing on a machine with few descriptors stays in-thread; this one is large enough for threads when
    // the host has ≥ 4000 descriptors open, else in-thread: either way every socket of ours has its owner.
    const listed = await readSockets(createLiveRunner(), { owners: true, listenerDetail: false });
    if (listed.kind !== 'ok') throw new Error(listed.detail);
    const ours = listed.data.sockets.find((s) => s.inode === inode);
    expect(ours?.owner?.pid).toBe(process.pid);
    const port = ours?.localPort;
    const checked = await readSockets(createLiveRunner(), { owners: true, listenerDetail: false, ...(port ? { port } : {}) });
    expect(checked.kind === 'ok' && checked.data.sockets.find((s) => s.inode === inode)?.owner).toEqual(ours?.owner);
  });
});
