import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DRAW_EVERY_MS } from '../../../renderer/features/ports/charts/chart-card';
import {
  selectAcceptQueues,
  selectEphemeralUsage,
  selectPeers,
  selectStatesPerPort,
} from '../../../renderer/features/ports/charts/chart-data';
import { ChartsPanel } from '../../../renderer/features/ports/charts/charts-panel';
import { diffSockets } from '../../../renderer/features/ports/ports-diff';
import { usePortsStore } from '../../../renderer/features/ports/ports-store';
import { initI18n, setLanguage } from '../../../renderer/i18n/i18n';
import type { Socket } from '../../../shared/schemas/ports';
import { REAL_SOCKETS } from './ports-fixture';

const RANGE = { low: 32768, high: 60999 };
const rows = diffSockets(null, REAL_SOCKETS).rows;

beforeAll(() => {
  initI18n();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('chart data from a real socket table', () => {
  it('keeps the ten busiest peers in order (ties by address) without sorting them all, and counts the rest', () => {
    const client = REAL_SOCKETS.find((x) => x.state === 'ESTAB');
    if (!client) throw new Error('the fixture has an established connection');
    // 25 peers with 1–5 connections each: many ties across the cut at ten.
    const many: Socket[] = [];
    for (let p = 0; p < 25; p++)
      for (let c = 0; c <= p % 5; c++)
        many.push({ ...client, remoteAddress: `198.51.100.${p}`, remotePort: 40000 + c, inode: 90000 + p * 10 + c });
    const peers = selectPeers(diffSockets(null, many).rows);
    const naive = [...new Set(many.map((x) => x.remoteAddress))]
      .map((peer) => ({ peer, count: many.filter((x) => x.remoteAddress === peer).length }))
      .sort((x, y) => y.count - x.count || (x.peer < y.peer ? -1 : 1));
    expect(peers.items).toEqual(naive.slice(0, 10));
    expect(peers.more).toBe(15);
  });

  it('counts connection states under the service port, not the ephemeral one', () => {
    const states = selectStatesPerPort(rows, RANGE);
    expect(states.items.map((p) => [p.port, p.established, p.timeWait, p.closeWait, p.other])).toEqual([
      [8080, 2, 1, 0, 0],
      [6379, 2, 0, 0, 0],
      [7000, 0, 0, 1, 1],
    ]);
    expect(states.more).toBe(0);
  });

  it('shows accept queues of TCP listeners with their backlog', () => {
    const queues = selectAcceptQueues(rows);
    expect(queues.items).toHaveLength(7);
    expect(queues.items.every((q) => q.backlog === 511 && q.depth === 0)).toBe(true);
    // A fuller queue comes first.
    const busy = diffSockets(
      null,
      REAL_SOCKETS.map((s): Socket => (s.localPort === 8080 && s.state === 'LISTEN' ? { ...s, recvQ: 400 } : s)),
    ).rows;
    expect(selectAcceptQueues(busy).items[0]).toEqual({ label: '127.0.0.1:8080', port: 8080, depth: 400, backlog: 511 });
  });

  it('counts connections per remote peer, and ephemeral ports against the range', () => {
    expect(selectPeers(rows).items).toEqual([
      { peer: '127.0.0.1', count: 5 },
      { peer: '10.0.0.5', count: 2 },
    ]);
    // 44902, 44912, 50738 and 39618 are the outgoing ends' local ports.
    expect(selectEphemeralUsage(rows, RANGE)).toEqual({ used: 4, size: 28232, low: 32768, high: 60999, percent: 0 });
    expect(selectEphemeralUsage(rows, null)).toBeNull();
  });

  it('leaves closed rows out of every chart', () => {
    const closed = diffSockets(
      diffSockets(null, REAL_SOCKETS),
      REAL_SOCKETS.filter((s) => s.remoteAddress !== '10.0.0.5' && s.localAddress !== '10.0.0.5'),
    );
    expect(closed.rows.filter((r) => r.change === 'closed')).toHaveLength(3);
    expect(selectPeers(closed.rows).items).toEqual([{ peer: '127.0.0.1', count: 5 }]);
  });
});

describe('charts panel', () => {
  it('gives every chart a name, a summary it is described by, and a table of the same figures', () => {
    setLanguage('en');
    usePortsStore.setState({
      series: [
        { at: Date.UTC(2026, 0, 1, 6, 0, 0), timeWait: 3, closeWait: 1 },
        { at: Date.UTC(2026, 0, 1, 6, 0, 1), timeWait: 1, closeWait: 1 },
      ],
    });
    render(
      <FluentProvider theme={webLightTheme}>
        <ChartsPanel rows={rows} localPortRange={RANGE} />
      </FluentProvider>,
    );
    const figures = screen.getAllByRole('figure');
    expect(figures).toHaveLength(5);
    const states = screen.getByRole('figure', { name: 'Connection states per port' });
    expect(states.getAttribute('aria-describedby')).toBe(screen.getByTestId('chart-states-summary').id);
    expect(screen.getByTestId('chart-states-summary').textContent).toBe(
      '3 ports have connections; the busiest, port 8080, has 3 connections.',
    );
    const table = within(screen.getByTestId('chart-states-table'));
    expect(table.getByRole('row', { name: '8080 2 1 0 0' })).toBeTruthy();
    expect(screen.getByTestId('chart-waits-summary').textContent).toBe(
      'Now 1 in TIME_WAIT and 1 in CLOSE_WAIT; peaks 3 and 1 over the last 2 refreshes.',
    );
    expect(screen.getByTestId('chart-ephemeral-summary').textContent).toBe('4 of 28232 dynamic ports (32768–60999) in use: 0 %.');
    expect(screen.getByTestId('chart-peers-summary').textContent).toBe('2 remote peers; the busiest, 127.0.0.1, has 5 connections.');
    expect(screen.getByTestId('chart-queues-summary').textContent).toBe(
      '7 listeners; the fullest, [::]:22, has 0 waiting of a backlog of 511.',
    );
  });

  it('takes new rows at the next tick of the draw clock, not at each refresh (issue 13 item 9)', () => {
    setLanguage('en');
    vi.useFakeTimers();
    const panel = (r: typeof rows) => (
      <FluentProvider theme={webLightTheme}>
        <ChartsPanel rows={r} localPortRange={RANGE} />
      </FluentProvider>
    );
    const view = render(panel(rows));
    const before = '3 ports have connections; the busiest, port 8080, has 3 connections.';
    expect(screen.getByTestId('chart-states-summary').textContent).toBe(before);
    // A refresh in which every connection closed: nothing is redrawn or re-described until the clock ticks.
    const listenersOnly = diffSockets(
      null,
      REAL_SOCKETS.filter((x) => x.state === 'LISTEN' || x.state === 'UNCONN'),
    ).rows;
    view.rerender(panel(listenersOnly));
    expect(screen.getByTestId('chart-states-summary').textContent).toBe(before);
    act(() => {
      vi.advanceTimersByTime(DRAW_EVERY_MS);
    });
    expect(screen.getByTestId('chart-states-summary').textContent).toBe('No connections.');
  });

  it('says the range is unknown instead of drawing an empty gauge', () => {
    setLanguage('zh-CN');
    render(
      <FluentProvider theme={webLightTheme}>
        <ChartsPanel rows={rows} localPortRange={null} />
      </FluentProvider>,
    );
    expect(screen.getByTestId('chart-ephemeral-summary').textContent).toBe('无法读取动态端口范围，因此无法得知其使用比例。');
    expect(screen.getByTestId('chart-ephemeral').textContent).toContain('范围未知');
    setLanguage('en');
  });
});
