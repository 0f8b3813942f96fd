import { beforeEach, describe, expect, it } from 'vitest';
import type { PortsList, Socket } from '../../../shared/schemas/ports';
import { createDeltaStore } from '../../../shared/ports/snapshot-delta';
import { usePortsStore } from '../../../renderer/features/ports/ports-store';
import type { LiveRow } from '../../../renderer/features/ports/ports-diff';
import { installFakeApi } from './fake-api';
import { REAL_SOCKETS } from './ports-fixture';

// The store fed `ports:list` deltas (from the real back-end delta module) shows the same rows, highlighted the
// same way, as the store fed the full answers, over a sequence of snapshots derived from a real socket table.

const api = installFakeApi();
const list = (sockets: Socket[]): PortsList => ({ schema: 'portdoctor.ports/1', sockets, ownersHidden: 1 });
const by = (port: number) => REAL_SOCKETS.find((s) => s.localPort === port) as Socket;
const conn = (localPort: number, state: string): Socket => ({ ...by(44912), localPort, state, inode: localPort });
const CLOSE_WAIT = REAL_SOCKETS.find((s) => s.state === 'CLOSE-WAIT') as Socket;
const tokens = () => {
  let n = 0;
  return () => `snap-${++n}`;
};
const without = (sockets: Socket[], port: number) => sockets.filter((s) => s.localPort !== port);

/** Fourteen refreshes: closes, state changes, queue changes, arrivals, a row reopened while still shown as closed. */
function sequence(): Socket[][] {
  const s0 = REAL_SOCKETS;
  const s1 = [...without(s0, 44912).map((s) => (s === CLOSE_WAIT ? { ...s, state: 'LAST-ACK' } : s)), conn(44990, 'ESTAB')];
  const s2 = s1.map((s) => (s.localPort === 6379 ? { ...s, recvQ: 4 } : s));
  const s3 = [...s2, conn(44991, 'SYN-SENT'), conn(44992, 'ESTAB')];
  const s4 = s3.map((s) => (s.localPort === 44991 ? { ...s, state: 'ESTAB' } : s));
  const s5 = [...s4, by(44912)];
  const s6 = without(without(s5, 44990), 44992);
  const s7 = s6.map((s) => (s.localPort === 6379 ? { ...s, owner: { pid: 4242, name: 'redis-server' } } : s));
  // SO_REUSEPORT twins of the UDP listener come, swap, and go (their keys follow listing order).
  const udp = REAL_SOCKETS.find((s) => s.protocol === 'udp') as Socket;
  const twin = { ...udp, inode: 2, owner: { pid: 77, name: 'dnsmasq' } };
  const s8 = [...without(s7, 5432), twin];
  const s9 = [twin, ...s8.filter((s) => s !== twin)];
  const s10 = s9.filter((s) => s !== udp);
  return [s0, s1, s2, s3, s4, s5, s6, s7, s7, without(s7, 5432), s8, s9, s10, s10];
}

const visible = (rows: readonly LiveRow[] | null) =>
  (rows ?? []).map((r) => ({
    key: r.key,
    change: r.change,
    closedFor: r.closedFor,
    state: r.state,
    owner: r.owner,
    recvQ: r.recvQ,
    pos: r.pos,
  }));

async function run(answers: (since: string | undefined, sockets: Socket[]) => PortsList): Promise<ReturnType<typeof visible>[]> {
  const seen: ReturnType<typeof visible>[] = [];
  for (const sockets of sequence()) {
    api.ports.list.mockImplementationOnce((req: { since?: string }) => Promise.resolve({ kind: 'ok', data: answers(req.since, sockets) }));
    await usePortsStore.getState().load();
    seen.push(visible(usePortsStore.getState().rows));
  }
  return seen;
}

beforeEach(() => {
  api.ports.list.mockReset();
  usePortsStore.setState({ list: { state: 'idle' }, rows: null, diff: null, snapshot: null, series: [], refreshing: false, live: true });
});

describe('ports store on ports:list deltas', () => {
  it('shows the same rows and highlights as full answers, asking with since and getting deltas after the first', async () => {
    const full = await run((_, sockets) => list(sockets));
    expect(full.some((rows) => rows.some((r) => r.change === 'closed'))).toBe(true);
    expect(full.some((rows) => rows.some((r) => r.change === 'changed'))).toBe(true);
    expect(full.some((rows) => rows.some((r) => r.change === 'new'))).toBe(true);
    usePortsStore.setState({ rows: null, diff: null, snapshot: null, series: [], list: { state: 'idle' } });
    api.ports.list.mockReset();
    const store = createDeltaStore(tokens());
    let deltas = 0;
    const delta = await run((since, sockets) => {
      const answer = store.answer(list(sockets), since);
      if (answer.delta) deltas++;
      return answer;
    });
    expect(deltas).toBe(sequence().length - 1);
    expect(delta).toEqual(full);
    const requests = api.ports.list.mock.calls.map(([req]) => req as { since?: string });
    expect(requests[0]).toEqual({ owners: true, compact: true });
    expect(requests.slice(1).every((r) => typeof r.since === 'string')).toBe(true);
  });

  it('takes a full answer when the token expired, and drops a delta that does not follow its snapshot', async () => {
    const store = createDeltaStore(tokens());
    const [s0 = [], s1 = []] = sequence();
    api.ports.list.mockImplementation((req: { since?: string }) =>
      Promise.resolve({ kind: 'ok', data: store.answer(list(s1), req.since) }),
    );
    api.ports.list.mockResolvedValueOnce({ kind: 'ok', data: store.answer(list(s0), undefined) });
    await usePortsStore.getState().load();
    // The back end forgot the token (restart, or more than four windows): a full answer, diffed as before.
    usePortsStore.setState({ snapshot: 'forgotten-token' });
    await usePortsStore.getState().load();
    const afterFull = usePortsStore.getState();
    expect(api.ports.list.mock.calls[1]?.[0]).toEqual({ owners: true, compact: true, since: 'forgotten-token' });
    expect(afterFull.rows?.filter((r) => r.change === 'closed').map((r) => r.local)).toEqual(['127.0.0.1:44912']);
    expect(afterFull.snapshot).toMatch(/^[a-z0-9-]+$/);
    // A delta against some other snapshot is not applied: rows stay, and the next request asks in full.
    const rows = afterFull.rows;
    api.ports.list.mockResolvedValueOnce({
      kind: 'ok',
      data: { ...list([]), snapshot: 'other', delta: { since: 'not-ours', added: [by(44912)], removed: [], changed: [] } },
    });
    await usePortsStore.getState().load();
    expect(usePortsStore.getState().rows).toBe(rows);
    expect(usePortsStore.getState().snapshot).toBeNull();
    await usePortsStore.getState().load();
    expect(api.ports.list.mock.calls[3]?.[0]).toEqual({ owners: true, compact: true });
  });
});
