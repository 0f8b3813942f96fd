import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp } from './support/app-harness';
import type { RunningApp } from './support/app-harness';
import { openSection, prepareShots, shot } from './support/page-helpers';

// Issue 13 item 6 in Chromium through the bridge at 1366×768: the explorer's new columns (process path), sort and
// resize, resolve names, copy, and the close-connection / end-process dialogs acting on real sockets of this host
// that this test owns (a Python listener it started, a connection it opened), in English and Simplified Chinese.

const LISTENER =
  'import socket, sys\ns = socket.socket()\ns.bind(("127.0.0.1", 0))\ns.listen(4)\nprint(s.getsockname()[1], flush=True)\nc, _ = s.accept()\nsys.stdin.read()\n';

const row = (page: Page, key: string) => page.locator(`[data-testid="ports-table"] [role="row"][data-key="${key}"]`);
const keysShown = async (page: Page) =>
  Promise.all((await page.locator('[data-testid="ports-table"] [role="row"][data-key]').all()).map((r) => r.getAttribute('data-key')));

describe('ports explorer actions at 1366×768 (real handlers, Debian Chromium)', () => {
  let app: RunningApp;
  let child: ChildProcess;
  let port = 0;
  let client: NetSocket;
  let clientEnded: Promise<string>;

  beforeAll(async () => {
    await prepareShots();
    child = spawn('python3', ['-c', LISTENER], { stdio: ['pipe', 'pipe', 'inherit'] });
    port = await new Promise<number>((done) => child.stdout?.once('data', (d: Buffer) => done(Number(d.toString().trim()))));
    client = await new Promise<NetSocket>((done, fail) => {
      const c = connect(port, '127.0.0.1', () => done(c));
      c.once('error', fail);
    });
    clientEnded = new Promise((done) => {
      client.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'error'));
      client.on('close', () => done('closed'));
    });
    app = await startApp();
    await app.page.setViewportSize({ width: 1366, height: 768 });
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.bridge.url });
  });
  afterAll(async () => {
    client?.destroy();
    child?.kill('SIGKILL');
    await app?.close();
  });

  it('shows the owner’s program file, sorts and resizes columns, and keeps the Actions column whole', async () => {
    const { page } = app;
    await openSection(page, 'ports');
    await page.getByTestId('ports-search').fill(String(port));
    const listener = row(page, `tcp4|127.0.0.1|${port}|0.0.0.0|0`);
    await listener.waitFor();
    // The path column is /proc/<pid>/exe of the Python listener, read for real.
    expect(await listener.locator('[data-column="path"]').textContent()).toBe(readlinkSync(`/proc/${child.pid}/exe`));
    expect(await listener.locator('[data-column="process"]').textContent()).toContain(`(${child.pid})`);
    await row(page, `tcp4|127.0.0.1|${client.localPort}|127.0.0.1|${port}`).waitFor();
    await row(page, `tcp4|127.0.0.1|${port}|127.0.0.1|${client.localPort}`).waitFor();

    // Sort by remote address: the listener's 0.0.0.0:0 first ascending, last descending; a third click restores.
    await page.getByTestId('sort-remote').click();
    await expect.poll(() => page.locator('[role="columnheader"][data-column="remote"]').getAttribute('aria-sort')).toBe('ascending');
    const ascending = await keysShown(page);
    expect(ascending[0]).toBe(`tcp4|127.0.0.1|${port}|0.0.0.0|0`);
    await page.getByTestId('sort-remote').click();
    expect(await page.locator('[role="columnheader"][data-column="remote"]').getAttribute('aria-sort')).toBe('descending');
    expect(await keysShown(page)).toEqual([...ascending].reverse());

    // Resize by dragging the Process column's edge, and by the arrow keys on Local address's handle.
    const processHeader = page.locator('[role="columnheader"][data-column="process"]');
    const before = (await processHeader.boundingBox())?.width ?? 0;
    const handle = await page.getByTestId('resize-process').boundingBox();
    if (!handle) throw new Error('no resize handle');
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + 124, handle.y + handle.height / 2, { steps: 5 });
    await page.mouse.up();
    expect(Math.round(((await processHeader.boundingBox())?.width ?? 0) - before)).toBe(120);
    expect(Math.round((await listener.locator('[data-column="process"]').boundingBox())?.width ?? 0)).toBe(Math.round(before + 120));
    await page.getByTestId('resize-local').focus();
    const local = Number(await page.getByTestId('resize-local').getAttribute('aria-valuenow'));
    await page.keyboard.press('ArrowRight');
    expect(Number(await page.getByTestId('resize-local').getAttribute('aria-valuenow'))).toBe(local + 16);

    // The table is wider than the window now: the Actions column stays in view, whole, at the frame's right edge.
    const frame = await page.getByTestId('ports-table').boundingBox();
    const actions = await listener.locator('[data-column="actions"]').boundingBox();
    if (!frame || !actions) throw new Error('no layout');
    expect(actions.x + actions.width).toBeLessThanOrEqual(frame.x + frame.width);
    expect(actions.x + actions.width).toBeLessThanOrEqual(1366);
    for (const b of await listener.locator('[data-column="actions"] button').all()) {
      const box = await b.boundingBox();
      expect(box && box.x >= actions.x && box.x + box.width <= actions.x + actions.width + 0.5).toBe(true);
    }
    await shot(page, 'ports-actions-1366.png');
  });

  it('resolves names when asked: 127.0.0.1 shows as localhost, the numbers stay in the tooltip', async () => {
    const { page } = app;
    const outgoing = row(page, `tcp4|127.0.0.1|${client.localPort}|127.0.0.1|${port}`);
    expect(await outgoing.locator('[data-column="remote"]').textContent()).toBe(`127.0.0.1:${port}`);
    await page.getByTestId('ports-resolve').click();
    await expect.poll(() => outgoing.locator('[data-column="remote"]').textContent(), { timeout: 10_000 }).toBe(`localhost:${port}`);
    expect(await outgoing.locator('[data-column="remote"]').getAttribute('title')).toBe(`127.0.0.1:${port}`);
    await shot(page, 'ports-actions-names.png');
    await page.getByTestId('ports-resolve').click();
  });

  it('copies a row and all rows as TSV', async () => {
    const { page } = app;
    const listener = row(page, `tcp4|127.0.0.1|${port}|0.0.0.0|0`);
    await listener.getByRole('button', { name: `Copy row 127.0.0.1:${port}` }).click();
    const one = await page.evaluate<string>('navigator.clipboard.readText()');
    const lines = one.replace(/\n$/, '').split('\n');
    expect(lines[0]).toBe('Protocol\tLocal address\tRemote address\tState\tReach\tProcess\tProgram file\tService / unit');
    expect(lines[1]?.split('\t').slice(0, 4)).toEqual(['tcp', `127.0.0.1:${port}`, '0.0.0.0:0', 'LISTEN']);
    expect(lines[1]?.split('\t')[6]).toBe(readlinkSync(`/proc/${child.pid}/exe`));
    await page.getByTestId('ports-copy-all').click();
    const all = (await page.evaluate<string>('navigator.clipboard.readText()')).replace(/\n$/, '').split('\n');
    expect(all).toHaveLength(4);
    expect(await page.getByTestId('ports-copied').textContent()).toBe('Copied 3 rows (tab-separated)');
  });

  it('closes our connection after a preview of the exact ss -K command: the peer sees it end', async () => {
    const { page } = app;
    const outgoing = row(page, `tcp4|127.0.0.1|${client.localPort}|127.0.0.1|${port}`);
    await outgoing.getByRole('button', { name: `Close connection 127.0.0.1:${client.localPort} → 127.0.0.1:${port}` }).click();
    const dialog = page.getByTestId('port-action-dialog');
    await dialog.getByTestId('action-commands').waitFor();
    expect(await dialog.getByTestId('action-commands').textContent()).toContain(
      `ss -K -t -n src 127.0.0.1 sport = :${client.localPort} dst 127.0.0.1 dport = :${port}`,
    );
    await shot(page, 'ports-actions-close-preview.png');
    await dialog.getByTestId('action-confirm').click();
    await dialog.getByTestId('action-result').waitFor({ timeout: 15_000 });
    expect(await dialog.getByTestId('action-result').getAttribute('data-outcome')).toBe('closed');
    // Our own socket was destroyed by the kernel: Node reports the abort.
    expect(await clientEnded).toMatch(/ECONNABORTED|ECONNRESET|closed/);
    await shot(page, 'ports-actions-closed.png');
    await dialog.getByTestId('action-cancel').click();
  });

  it('ends the listener’s process with SIGTERM after a preview; refuses to end PortDoctor itself', async () => {
    const { page } = app;
    const listener = row(page, `tcp4|127.0.0.1|${port}|0.0.0.0|0`);
    const exited = new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_c, signal) => done(signal)));
    await listener.getByRole('button', { name: `End process python3 (PID ${child.pid})` }).click();
    const dialog = page.getByTestId('port-action-dialog');
    await dialog.getByTestId('action-commands').waitFor();
    expect(await dialog.getByTestId('action-commands').textContent()).toContain(`kill -TERM ${child.pid}`);
    await shot(page, 'ports-actions-end-preview.png');
    await dialog.getByTestId('action-confirm').click();
    await dialog.getByTestId('action-result').waitFor({ timeout: 15_000 });
    expect(await dialog.getByTestId('action-result').getAttribute('data-outcome')).toBe('ended');
    expect(await exited).toBe('SIGTERM');
    await dialog.getByTestId('action-cancel').click();

    // The bridge's own listener belongs to this process: refused, with no Confirm button.
    await page.getByTestId('ports-search').fill(String(app.bridge.port));
    await row(page, `tcp4|127.0.0.1|${app.bridge.port}|0.0.0.0|0`)
      .getByRole('button', { name: `End process node (PID ${process.pid})` })
      .click();
    await dialog.getByTestId('action-refused').waitFor();
    expect(await dialog.getByTestId('action-refused').getAttribute('data-reason')).toBe('self');
    expect(await dialog.getByTestId('action-confirm').count()).toBe(0);
    await dialog.getByTestId('action-cancel').click();
  });

  it('says it all in Simplified Chinese', async () => {
    const { page } = app;
    await page.getByRole('combobox', { name: 'Language' }).click();
    await page.getByRole('option', { name: '简体中文' }).click();
    await page.getByRole('button', { name: '全部复制' }).waitFor();
    expect(await page.locator('[role="columnheader"][data-column="path"]').textContent()).toBe('程序文件');
    await shot(page, 'ports-actions-zh-CN.png');
    await row(page, `tcp4|127.0.0.1|${app.bridge.port}|0.0.0.0|0`)
      .getByRole('button', { name: `结束进程 node（PID ${process.pid}）` })
      .click();
    const dialog = page.getByTestId('port-action-dialog');
    await dialog.getByTestId('action-refused').waitFor();
    expect(await dialog.getByTestId('action-refused').textContent()).toBe(
      `PID ${process.pid} 是 PortDoctor 本身或它所运行于其下的进程：PortDoctor 不会结束它。`,
    );
    await shot(page, 'ports-actions-refused-zh-CN.png');
    await dialog.getByTestId('action-cancel').click();
    await page.getByRole('combobox', { name: '语言' }).click();
    await page.getByRole('option', { name: 'English' }).click();
    expect(app.pageErrors).toEqual([]);
  });
});
