import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_HEADER } from '../../electron/bridge/server';
import { startApp } from './support/app-harness';
import type { RunningApp } from './support/app-harness';

/** POST one API call to the bridge from Node, as a local attacker's server would (no Origin, any header it likes). */
function post(port: number, channel: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: `/api/${channel}`, method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end('{"port":8080,"protocol":"tcp"}');
  });
}

/**
 * Issue 11 items 5 and 10 in real Chromium. Item 5: browsers send 127.0.0.1 cookies to every port, so another
 * local web app the admin opens receives the bridge's cookie; it must not work as an API credential.
 * Item 10: the app opened as http://localhost:<port> must work like http://127.0.0.1:<port>.
 */
describe('the bridge against another loopback origin (Chromium)', () => {
  let app: RunningApp;
  let attacker: Server;
  let attackerPort = 0;
  const harvested: string[] = [];
  const attempts: { channel: string; header: string; status: number }[] = [];

  beforeAll(async () => {
    app = await startApp();
    // The other local web app: it records every cookie the browser sends it and replays each value against the bridge.
    attacker = createServer((req, res) => {
      void (async () => {
        const cookies = (req.headers.cookie ?? '')
          .split(';')
          .map((c) => c.trim())
          .filter(Boolean);
        for (const cookie of cookies) {
          const value = cookie.slice(cookie.indexOf('=') + 1);
          harvested.push(cookie);
          for (const [header, headers] of [
            ['token', { [TOKEN_HEADER]: value }],
            ['token+cookie', { [TOKEN_HEADER]: value, cookie }],
          ] as const) {
            // Reading channels only: on a root bridge a working credential must not be able to change the host here.
            for (const channel of ['system:info', 'firewall:plan-fix'])
              attempts.push({ channel, header, status: await post(app.bridge.port, channel, headers) });
          }
        }
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>another local app</title><p>hello</p>');
      })();
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const address = attacker.address();
    attackerPort = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    attacker?.closeAllConnections();
    await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
    await app?.close();
  });

  it('the other origin receives the bridge cookie, and the cookie opens no API call', async () => {
    await expect.poll(() => app.page.getByTestId('host-line').textContent()).toContain(hostname());
    // Same tab, same browser profile: the admin leaves the app for another local web app.
    const other = app.page;
    await other.goto(`http://127.0.0.1:${attackerPort}/`);
    expect(await other.textContent('p')).toBe('hello');
    // The precondition of the attack holds in this browser: the cookie crossed to the other port.
    expect(harvested.length).toBeGreaterThan(0);
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.filter((a) => a.status !== 403)).toEqual([]);
    expect(harvested.join(';')).not.toContain(app.bridge.token);
  });

  it('a page of the other origin cannot call the API through the browser either', async () => {
    const other = app.page;
    await other.goto(`http://127.0.0.1:${attackerPort}/`);
    const statuses = await other.evaluate(async (port) => {
      const out: (number | string)[] = [];
      for (const init of [
        { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{}' },
        { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{}' },
      ] as RequestInit[]) {
        out.push(
          await fetch(`http://127.0.0.1:${port}/api/system:info`, init).then(
            (r) => r.status,
            (e: unknown) => String(e),
          ),
        );
      }
      return out;
    }, app.bridge.port);
    // A CORS failure (TypeError) or an opaque answer (status 0): never a readable 200.
    expect(statuses.every((s) => s !== 200)).toBe(true);
  });

  it('opens as http://localhost:<port> and its API calls work there', async () => {
    const local = app.page;
    const refused: string[] = [];
    local.on('response', (r) => {
      if (r.url().includes('/api/') && r.status() >= 400) refused.push(`${r.status()} ${r.url()}`);
    });
    await local.goto(`http://localhost:${app.bridge.port}/?token=${app.bridge.token}`);
    await expect.poll(() => local.getByTestId('host-line').textContent(), { timeout: 20_000 }).toContain(hostname());
    expect(refused).toEqual([]);
  });
});
