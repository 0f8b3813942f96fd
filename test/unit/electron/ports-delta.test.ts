import { describe, expect, it } from 'vitest';
import type { PortsList, Socket } from '../../../shared/schemas/ports';
import { PortsListSchema } from '../../../shared/schemas/ports';
import { contract } from '../../../shared/ipc/contract';
import { socketKey } from '../../../shared/ports/socket-key';
import { withDelta } from '../../../electron/handlers/ports-delta';
import { createDeltaStore } from '../../../shared/ports/snapshot-delta';
import { REAL_SOCKETS } from '../renderer/ports-fixture';

const list = (sockets: Socket[]): PortsList => ({ schema: 'portdoctor.ports/1', sockets, ownersHidden: 0 });
const counter = () => {
  let n = 0;
  return () => `t-${++n}`;
};
const at = (port: number) => REAL_SOCKETS.find((s) => s.localPort === port) as Socket;

describe('ports:list delta (ports-delta.ts)', () => {
  it('answers in full with a token, then with only the added, removed and changed sockets', () => {
    const store = createDeltaStore(counter(), 4);
    const first = store.answer(list(REAL_SOCKETS), undefined);
    expect(first.sockets).toHaveLength(REAL_SOCKETS.length);
    expect(first.snapshot).toBe('t-1');
    expect(first.delta).toBeUndefined();
    // The TIME-WAIT socket goes, the CLOSE-WAIT server end moves on to LAST-ACK, a new connection arrives.
    const closeWait = REAL_SOCKETS.find((s) => s.state === 'CLOSE-WAIT') as Socket;
    const arrived: Socket = { ...at(44912), localPort: 44990, state: 'ESTAB' };
    const next = REAL_SOCKETS.filter((s) => s.localPort !== 44912).map((s) => (s === closeWait ? { ...s, state: 'LAST-ACK' } : s));
    const second = store.answer(list([...next, arrived]), 't-1');
    expect(second.sockets).toEqual([]);
    expect(second.snapshot).toBe('t-2');
    expect(second.ownersHidden).toBe(0);
    expect(second.delta?.since).toBe('t-1');
    expect(second.delta?.added).toEqual([arrived]);
    expect(second.delta?.removed).toEqual([socketKey(at(44912))]);
    expect(second.delta?.changed).toEqual([{ ...closeWait, state: 'LAST-ACK' }]);
    // Nothing changed: an empty delta; copies of equal sockets are not "changed" (owners compared by value).
    const copies = [...next, arrived].map((s) => ({ ...s, owner: s.owner && { ...s.owner } }));
    const third = store.answer(list(copies), 't-2');
    expect(third.delta).toEqual({ since: 't-2', added: [], removed: [], changed: [] });
    expect(PortsListSchema.parse(third)).toEqual(third);
  });

  it('counts a changed queue, owner or inode as changed', () => {
    const store = createDeltaStore(counter(), 4);
    const listener = at(6379);
    store.answer(list([listener]), undefined);
    const queued = { ...listener, recvQ: 3 };
    expect(store.answer(list([queued]), 't-1').delta?.changed).toEqual([queued]);
    const owned = { ...queued, owner: { pid: 1, name: 'redis-server' } };
    expect(store.answer(list([owned]), 't-2').delta?.changed).toEqual([owned]);
    const reopened = { ...owned, inode: 99 };
    expect(store.answer(list([reopened]), 't-3').delta?.changed).toEqual([reopened]);
  });

  it('answers an unknown, used or evicted token in full, and keeps at most 4 snapshots', () => {
    const store = createDeltaStore(counter(), 4);
    expect(store.answer(list(REAL_SOCKETS), 'never-given').delta).toBeUndefined();
    expect(store.answer(list(REAL_SOCKETS), 'never-given').sockets).toHaveLength(REAL_SOCKETS.length);
    // Five windows each start without a token: the oldest snapshot (t-1) is dropped.
    for (let i = 0; i < 4; i++) store.answer(list(REAL_SOCKETS), undefined);
    expect(store.tokens()).toEqual(['t-3', 't-4', 't-5', 't-6']);
    expect(store.answer(list(REAL_SOCKETS), 't-1').delta).toBeUndefined();
    // That answer's own snapshot (t-7) pushed t-3 out in turn.
    expect(store.tokens()).toEqual(['t-4', 't-5', 't-6', 't-7']);
    expect(store.answer(list(REAL_SOCKETS), 't-4').delta).toBeDefined();
    // A token answers once: asking with it again is a full answer.
    const again = store.answer(list(REAL_SOCKETS), 't-4');
    expect(again.delta).toBeUndefined();
    expect(again.sockets).toHaveLength(REAL_SOCKETS.length);
    expect(store.tokens().length).toBeLessThanOrEqual(4);
  });

  it('names twins (SO_REUSEPORT) by their #n keys, which follow listing order', () => {
    const store = createDeltaStore(counter(), 4);
    const udp = REAL_SOCKETS.find((s) => s.protocol === 'udp') as Socket;
    const twin = { ...udp, inode: 2, owner: { pid: 77, name: 'dnsmasq' } };
    const base = socketKey(udp);
    store.answer(list([udp, at(6379)]), undefined);
    // A twin arrives: it is row `base#1`, which the caller could not tell from the socket alone.
    const arrived = store.answer(list([udp, twin, at(6379)]), 't-1').delta;
    expect(arrived).toMatchObject({ added: [twin], addedKeys: [`${base}#1`], changed: [], changedKeys: [], removed: [] });
    // Unchanged twins: no keys needed.
    expect(store.answer(list([udp, twin]), 't-2').delta).toEqual({ since: 't-2', added: [], removed: [socketKey(at(6379))], changed: [] });
    // Swapped: both rows changed (each key now lists the other socket).
    const swapped = store.answer(list([twin, udp]), 't-3').delta;
    expect(swapped).toMatchObject({ added: [], removed: [], changed: [twin, udp], changedKeys: [base, `${base}#1`] });
    // The first goes: the second moves up to the base key and `#1` is removed.
    const gone = store.answer(list([udp]), 't-4').delta;
    expect(gone).toEqual({ since: 't-4', added: [], removed: [`${base}#1`], changed: [udp] });
  });

  it('passes failures through untouched, and the contract takes since and rejects a malformed one', () => {
    const failed = { kind: 'unavailable', reason: 'x', detail: 'y' } as const;
    expect(withDelta(failed as never, 'abc', createDeltaStore(counter()))).toBe(failed);
    // The back end's own store: random tokens the contract accepts, and a delta for its own token.
    const full = withDelta({ kind: 'ok', data: list(REAL_SOCKETS) }, undefined);
    const token = full.kind === 'ok' ? full.data.snapshot : undefined;
    expect(token).toMatch(/^[a-z0-9-]{1,64}$/);
    const next = withDelta({ kind: 'ok', data: list(REAL_SOCKETS.slice(1)) }, token);
    expect(next.kind === 'ok' && next.data.delta?.removed).toEqual([socketKey(REAL_SOCKETS[0] as Socket)]);
    const request = contract['ports:list'].request;
    expect(request.parse({ since: 'a1-b2' })).toEqual({ owners: true, since: 'a1-b2' });
    expect(request.safeParse({ since: 'A/../x' }).success).toBe(false);
    expect(request.safeParse({ since: 'a'.repeat(65) }).success).toBe(false);
  });
});
