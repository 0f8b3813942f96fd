import { readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import type { Server, Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp } from './support/app-harness';
import type { RunningApp } from './support/app-harness';
import type { PortsList } from '../../shared/schemas/ports';
import { NO_SIDEWAYS_SCROLL } from './support/in-page';
import { expected, openSection, prepareShots, shot } from './support/page-helpers';

// The Ports explorer against the real ports handler on this machine: a listener and a connection opened here on
// loopback, found by port with this process as the owner, a closed row highlighted, pause, export, charts, and a
// listener's Diagnose button opening the wizard on its port.

const row = (page: Page, key: string) => page.locator(`[data-testid="ports-table"] [role="row"][data-key="${key}"]`);

function listen(): Promise<{ server: Server; port: number; accepted: NetSocket[] }> {
  const accepted: NetSocket[] = [];
  const server = createServer((s) => accepted.push(s));
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => done({ server, port: (server.address() as { port: number }).port, accepted })),
  );
}

function dial(port: number): Promise<NetSocket> {
  return new Promise((done, fail) => {
    const c = connect(port, '127.0.0.1', () => done(c));
    c.on('error', fail);
  });
}

describe('ports explorer (real handlers, Debian Chromium)', () => {
  let app: RunningApp;
  let target: Awaited<ReturnType<typeof listen>>;
  let client: NetSocket;

  beforeAll(async () => {
    await prepareShots();
    target = await listen();
    client = await dial(target.port);
    app = await startApp();
  });
  afterAll(async () => {
    client?.destroy();
    for (const s of target?.accepted ?? []) s.destroy();
    target?.server.close();
    await app?.close();
  });

  it('finds our listener and both ends of our connection by port, with this process as the owner', async () => {
    const { page } = app;
    await openSection(page, 'ports');
    await page.getByTestId('ports-search').fill(String(target.port));
    const listener = row(page, `tcp4|127.0.0.1|${target.port}|0.0.0.0|0`);
    await listener.waitFor();
    expect(await listener.textContent()).toContain('LISTEN');
    expect(await listener.textContent()).toContain(`(${process.pid})`);
    expect(await listener.textContent()).toContain('loopback');
    const outgoing = row(page, `tcp4|127.0.0.1|${client.localPort}|127.0.0.1|${target.port}`);
    const incoming = row(page, `tcp4|127.0.0.1|${target.port}|127.0.0.1|${client.localPort}`);
    await outgoing.waitFor();
    expect(await outgoing.textContent()).toContain('ESTAB');
    expect(await incoming.textContent()).toContain(`(${process.pid})`);
    // Only rows on this port: the search matches a local or remote port exactly.
    const ports = await Promise.all(
      (await page.locator('[data-testid="ports-table"] [role="row"][data-key]').all()).map((r) => r.getAttribute('data-key')),
    );
    for (const key of ports) expect(key).toMatch(new RegExp(`\\|${target.port}(\\||$)`));
    // The explorer asks for the compact table: owners by pid, name and program file, no command lines or inodes.
    const compact = await expected(app, 'ports:list', { owners: true, compact: true });
    const ours =
      compact.kind === 'ok'
        ? (compact.data as PortsList).sockets.find((x) => x.localPort === target.port && x.state === 'LISTEN')
        : undefined;
    expect(ours).toEqual({
      protocol: 'tcp',
      family: 4,
      state: 'LISTEN',
      localAddress: '127.0.0.1',
      localPort: target.port,
      remoteAddress: '0.0.0.0',
      remotePort: 0,
      recvQ: 0,
      sendQ: 511,
      // The program file too (issue 13 item 6: TCPView's Process Path), read from /proc/<pid>/exe.
      owner: { pid: process.pid, name: 'node', path: readlinkSync('/proc/self/exe') },
    });
    await expect.poll(() => page.getByTestId('ports-count').textContent()).toMatch(new RegExp(`^3 of \\d+ sockets shown$`));
    await shot(page, 'ports-explorer.png');
  });

  it('refreshes with only the changes: each request carries the previous answer’s snapshot token', async () => {
    const { page } = app;
    const isList = (url: string) => url.endsWith('/api/ports:list');
    const response = await page.waitForResponse((r) => isList(r.url()) && r.request().postData()?.includes('"since"') === true, {
      timeout: 5000,
    });
    const request = response.request().postDataJSON() as { since?: string; compact?: boolean };
    expect(request.since).toMatch(/^[a-z0-9-]{1,64}$/);
    expect(request.compact).toBe(true);
    const envelope = (await response.json()) as { ok: boolean; value: { kind: string; data: PortsList } };
    expect(envelope.value.kind).toBe('ok');
    const answer = envelope.value.data;
    expect(answer.sockets).toEqual([]);
    expect(answer.delta?.since).toBe(request.since);
    expect(answer.snapshot).toMatch(/^[a-z0-9-]{1,64}$/);
    // The next refresh asks with the token this answer gave.
    const next = await page.waitForRequest((r) => isList(r.url()), { timeout: 5000 });
    expect((next.postDataJSON() as { since?: string }).since).toBe(answer.snapshot);
    // The rows found by the delta-fed table are still there.
    await expect.poll(() => page.getByTestId('ports-count').textContent()).toMatch(new RegExp(`^3 of \\d+ sockets shown$`));
  });

  it('highlights the closed server end and the changed client end, and keeps them while paused', async () => {
    const { page } = app;
    const incoming = row(page, `tcp4|127.0.0.1|${target.port}|127.0.0.1|${client.localPort}`);
    const outgoing = row(page, `tcp4|127.0.0.1|${client.localPort}|127.0.0.1|${target.port}`);
    // The client closes first, so its end waits in TIME-WAIT (changed) and the server's end goes away (closed).
    client.end();
    for (const s of target.accepted) s.end();
    await expect.poll(() => incoming.getAttribute('data-change'), { timeout: 5000 }).toBe('closed');
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await page.getByTestId('ports-live-status').textContent()).toBe('Paused');
    await expect.poll(() => outgoing.textContent(), { timeout: 5000 }).toContain('TIME-WAIT');
    expect(await incoming.textContent()).toContain('closed');
    // A TIME-WAIT connection is closed already: no Close connection button on it (only Copy row).
    expect(await outgoing.getByRole('button', { name: /^Close connection/ }).count()).toBe(0);
    expect(await outgoing.getByRole('button', { name: /^Copy row/ }).count()).toBe(1);
    // Paused: three refreshes' worth of time later the closed row is still on screen.
    await page.waitForTimeout(3500);
    expect(await incoming.getAttribute('data-change')).toBe('closed');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => incoming.count(), { timeout: 8000 }).toBe(0);
  });

  it('exports what is shown as CSV and HTML', async () => {
    const { page } = app;
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const text = await readFile((await csv.path()) ?? '', 'utf8');
    expect(csv.suggestedFilename()).toMatch(/^portdoctor-ports-.*\.csv$/);
    expect(text.split('\r\n')[0]).toBe('\ufeffProtocol,Local address,Remote address,State,Reach,Risk,Program');
    expect(text).toContain(`tcp,127.0.0.1:${target.port},0.0.0.0:0,LISTEN,loopback,,`);
    const [html] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export HTML' }).click()]);
    const page2 = await readFile((await html.path()) ?? '', 'utf8');
    expect(page2).toContain(`<td>127.0.0.1:${target.port}</td>`);
    expect(page2).not.toContain('<script');
  });

  it('draws the charts with text alternatives that hold the same figures', async () => {
    const { page } = app;
    await page.getByTestId('ports-search').fill('');
    await page.getByTestId('ports-tab-charts').click();
    await page.getByTestId('ports-charts').waitFor();
    const range = (await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')).trim().split(/\s+/);
    await expect.poll(() => page.getByTestId('chart-ephemeral-summary').textContent()).toContain(`(${range[0]}–${range[1]})`);
    expect(await page.getByTestId('chart-queues-table').textContent()).toContain(`127.0.0.1:${app.bridge.port}`);
    expect(await page.getByRole('figure', { name: 'Accept queue depth vs backlog' }).count()).toBe(1);
    // The charts refresh as often as they are drawn, and the status line says so (the table: every second).
    expect(await page.getByTestId('ports-live-status').textContent()).toBe('Live: every 2 seconds');
    // Each chart is a figure described by its summary sentence.
    for (const id of ['chart-states', 'chart-waits', 'chart-ephemeral', 'chart-queues', 'chart-peers']) {
      const described = await page.getByTestId(id).getAttribute('aria-describedby');
      expect(await page.locator(`[id="${described}"]`).textContent()).not.toBe('');
    }
    await page.waitForTimeout(2500);
    await shot(page, 'ports-charts.png');
    await page.getByTestId('chart-peers').scrollIntoViewIfNeeded();
    await shot(page, 'ports-charts-lower.png');
    // A colour-scheme change is drawn at once, not at the draw clock's next tick: the axis labels take the dark
    // theme's text colour within a second (the clock ticks every 2 s).
    const tickFill = () => page.locator('[data-testid="chart-queues"] .recharts-cartesian-axis-tick-value').first().getAttribute('fill');
    const lightFill = await tickFill();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(tickFill, { timeout: 1000, interval: 50 }).not.toBe(lightFill);
    await shot(page, 'ports-charts-dark.png');
    await page.getByTestId('ports-tab-table').click();
    await page.waitForTimeout(500);
    expect(await page.getByTestId('ports-live-status').textContent()).toBe('Live: every second');
    await shot(page, 'ports-explorer-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows the explorer in Simplified Chinese', async () => {
    const { page } = app;
    await page.getByRole('combobox', { name: 'Language' }).click();
    await page.getByRole('option', { name: '简体中文' }).click();
    await page.getByRole('button', { name: '暂停' }).waitFor();
    expect(await page.getByRole('columnheader', { name: '可达范围' }).count()).toBe(1);
    await page.waitForTimeout(300);
    await shot(page, 'ports-explorer-zh-CN.png');
    await page.getByRole('combobox', { name: '语言' }).click();
    await page.getByRole('option', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
  });

  it('fits a small window: the table scrolls sideways inside its frame, the page does not', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 800, height: 600 });
    await page.getByTestId('ports-search').fill(String(target.port));
    expect(await page.evaluate<boolean>(NO_SIDEWAYS_SCROLL)).toBe(true);
    await shot(page, 'ports-explorer-small.png');
    await page.getByTestId('ports-search').fill('');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('opens Diagnose on a listener’s port with one click', async () => {
    const { page } = app;
    await page.getByTestId('ports-search').fill(String(app.bridge.port));
    await page.getByRole('button', { name: `Diagnose port ${app.bridge.port}` }).click();
    await page.getByTestId('page-diagnose').waitFor();
    expect(await page.getByTestId('port-input').inputValue()).toBe(String(app.bridge.port));
    expect(await page.getByTestId('nav-diagnose').getAttribute('aria-current')).toBe('page');
  });
});
