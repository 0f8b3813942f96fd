import { beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/schemas/ports';
import { CLOSED_KEEP, diffSockets } from '../../../renderer/features/ports/ports-diff';
import type { DiffState } from '../../../renderer/features/ports/ports-diff';
import { SERIES_KEEP, pushSample, usePortsStore } from '../../../renderer/features/ports/ports-store';
import { useDiagnoseStore } from '../../../renderer/state/diagnose-store';
import { useShellStore } from '../../../renderer/state/shell-store';
import { installFakeApi } from './fake-api';
import { REAL_SOCKETS } from './ports-fixture';

const api = installFakeApi();
const ok = (sockets: Socket[]) =>
  ({ kind: 'ok', data: { schema: 'portdoctor.ports/1', sockets, ownersHidden: 1, localPortRange: { low: 32768, high: 60999 } } }) as const;
const find = (state: DiffState, local: string, remote: string) => state.rows.find((r) => r.local === local && r.remote === remote);
const TW = '127.0.0.1:44912';
const CW = ['127.0.0.1:7000', '127.0.0.1:50738'] as const;

beforeEach(() => {
  for (const domain of Object.values(api)) for (const fn of Object.values(domain)) fn.mockReset();
  usePortsStore.setState({ list: { state: 'idle' }, rows: null, diff: null, series: [], refreshing: false, live: true });
});

describe('ports diff', () => {
  it('marks nothing on the first snapshot, then new, changed and closed rows', () => {
    const first = diffSockets(null, REAL_SOCKETS);
    expect(first.rows.every((r) => r.change === 'same')).toBe(true);
    // The TIME-WAIT socket goes, the CLOSE-WAIT server end moves on to LAST-ACK, a new connection arrives.
    const next = REAL_SOCKETS.filter((s) => s.localPort !== 44912).map((s) => (s.state === 'CLOSE-WAIT' ? { ...s, state: 'LAST-ACK' } : s));
    const arrived: Socket = { ...(REAL_SOCKETS[7] as Socket), localPort: 44990, inode: 1 };
    const second = diffSockets(first, [...next, arrived]);
    expect(find(second, TW, '127.0.0.1:8080')?.change).toBe('closed');
    expect(find(second, ...CW)?.change).toBe('changed');
    expect(find(second, ...CW)?.state).toBe('LAST-ACK');
    expect(find(second, '127.0.0.1:44990', '127.0.0.1:8080')?.change).toBe('new');
    expect(second.rows.filter((r) => r.change !== 'same')).toHaveLength(3);
    // Unchanged rows are the very same objects (React skips them), and the table stays in order.
    expect(find(second, '0.0.0.0:6379', '0.0.0.0:0')).toBe(find(first, '0.0.0.0:6379', '0.0.0.0:0'));
    const keys = second.rows.map((r) => r.key);
    expect(diffSockets(null, [...next, arrived, REAL_SOCKETS[8] as Socket]).rows.map((r) => r.key)).toEqual(keys);
  });

  it('keeps a closed row for CLOSED_KEEP refreshes, then drops it; a reopened one is new', () => {
    const without = REAL_SOCKETS.filter((s) => s.localPort !== 44912);
    let state = diffSockets(null, REAL_SOCKETS);
    for (let i = 0; i < CLOSED_KEEP; i++) {
      state = diffSockets(state, without);
      expect(find(state, TW, '127.0.0.1:8080')?.change).toBe('closed');
    }
    state = diffSockets(state, without);
    expect(find(state, TW, '127.0.0.1:8080')).toBeUndefined();
    expect(state.rows).toHaveLength(without.length);
    state = diffSockets(diffSockets(state, without), REAL_SOCKETS);
    expect(find(state, TW, '127.0.0.1:8080')?.change).toBe('new');
    expect(diffSockets(state, REAL_SOCKETS).rows.every((r) => r.change === 'same')).toBe(true);
  });

  it('tells apart two sockets with the same endpoints (SO_REUSEPORT) and follows them when the order changes', () => {
    const udp = REAL_SOCKETS.find((s) => s.protocol === 'udp') as Socket;
    const twins = [udp, { ...udp, inode: 2, owner: { pid: 77, name: 'dnsmasq' } }];
    const first = diffSockets(null, twins);
    expect(first.rows.map((r) => r.key)).toEqual(['udp4|0.0.0.0|5353|0.0.0.0|0', 'udp4|0.0.0.0|5353|0.0.0.0|0#1']);
    const swapped = diffSockets(first, [...twins].reverse());
    expect(swapped.rows).toHaveLength(2);
    expect(new Set(swapped.rows.map((r) => r.key)).size).toBe(2);
  });
});

describe('ports store', () => {
  it('diffs each refresh against the previous one and counts TIME_WAIT / CLOSE_WAIT into the series', async () => {
    api.ports.list.mockResolvedValueOnce(ok(REAL_SOCKETS)).mockResolvedValueOnce(ok(REAL_SOCKETS.filter((s) => s.localPort !== 44912)));
    await usePortsStore.getState().load();
    const s1 = usePortsStore.getState();
    expect(api.ports.list).toHaveBeenCalledWith({ owners: true, compact: true });
    expect(s1.rows).toHaveLength(REAL_SOCKETS.length);
    expect(s1.list).toMatchObject({
      state: 'done',
      value: { kind: 'ok', data: { ownersHidden: 1, localPortRange: { low: 32768, high: 60999 } } },
    });
    expect(s1.series.map(({ timeWait, closeWait }) => [timeWait, closeWait])).toEqual([[1, 1]]);
    await usePortsStore.getState().load();
    const s2 = usePortsStore.getState();
    expect(s2.rows?.filter((r) => r.change === 'closed').map((r) => r.local)).toEqual([TW]);
    // The closed TIME-WAIT row is on screen but no longer counted.
    expect(s2.series.map(({ timeWait, closeWait }) => [timeWait, closeWait])).toEqual([
      [1, 1],
      [0, 1],
    ]);
  });

  it('keeps the rows (and says so) when the transport fails, and clears them on an unavailable answer', async () => {
    api.ports.list
      .mockResolvedValueOnce(ok(REAL_SOCKETS))
      .mockRejectedValueOnce(new Error('ports:list: 403'))
      .mockResolvedValueOnce({ kind: 'unavailable', reason: 'needs-admin', detail: 'cannot read /proc/net/tcp' });
    await usePortsStore.getState().load();
    await usePortsStore.getState().load();
    expect(usePortsStore.getState().list).toEqual({ state: 'failed', message: 'ports:list: 403' });
    expect(usePortsStore.getState().rows).toHaveLength(REAL_SOCKETS.length);
    await usePortsStore.getState().load();
    expect(usePortsStore.getState().list).toMatchObject({ state: 'done', value: { kind: 'unavailable', reason: 'needs-admin' } });
    expect(usePortsStore.getState().rows).toBeNull();
  });

  it('never runs two refreshes at once', async () => {
    let release = (_: unknown) => undefined as unknown;
    api.ports.list.mockReturnValue(new Promise((r) => (release = r)));
    const a = usePortsStore.getState().load();
    const b = usePortsStore.getState().load();
    release(ok(REAL_SOCKETS));
    await Promise.all([a, b]);
    expect(api.ports.list).toHaveBeenCalledTimes(1);
  });

  it('bounds the wait-state series to ten minutes of samples', () => {
    let series = [] as ReturnType<typeof pushSample>;
    for (let i = 0; i < SERIES_KEEP + 50; i++) series = pushSample(series, { at: i, timeWait: i, closeWait: 0 });
    expect(series).toHaveLength(SERIES_KEEP);
    expect(series[0]?.at).toBe(50);
    expect(series[SERIES_KEEP - 1]?.at).toBe(SERIES_KEEP + 49);
  });

  it('opens Diagnose on a listener’s port as a server check', () => {
    api.diagnose.run.mockReturnValue(() => undefined);
    useShellStore.setState({ section: 'ports' });
    useDiagnoseStore.setState({ role: 'client', portText: '' });
    usePortsStore.getState().diagnose(6379);
    expect(useShellStore.getState().section).toBe('diagnose');
    expect(useDiagnoseStore.getState().portText).toBe('6379');
    expect(useDiagnoseStore.getState().role).toBe('server');
  });
});
