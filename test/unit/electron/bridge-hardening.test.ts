import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandlers } from '../../../electron/handlers';
import { startBridge, TOKEN_HEADER } from '../../../electron/bridge/server';
import type { Bridge } from '../../../electron/bridge/server';
import type { HandlerTable } from '../../../electron/handlers/types';
import { testServices } from './test-services';

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** A raw HTTP request: fetch would not let us forge Host or send a malformed target. */
function raw(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

function staticDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pd-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  return dir;
}

describe('the bridge session cookie, origins and request targets (issue 11 items 5, 10, 11)', () => {
  let bridge: Bridge;
  let host: string;
  beforeAll(async () => {
    bridge = await startBridge({ table: createHandlers(), services: testServices(), staticDir: staticDir() });
    host = `127.0.0.1:${bridge.port}`;
  });
  afterAll(() => bridge.close());
  const call = (headers: Record<string, string>) =>
    raw(bridge.port, '/api/system:info', { method: 'POST', headers: { host, 'content-type': 'application/json', ...headers }, body: '{}' });

  it('sets a cookie that is not the API token and is refused as one', async () => {
    const index = await raw(bridge.port, `/?token=${bridge.token}`, { headers: { host } });
    const setCookie = String(index.headers['set-cookie']);
    const [name, value] = (setCookie.split(';')[0] ?? '').split('=');
    expect(name).toBe(`pd_session_${bridge.port}`);
    expect(value).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(setCookie).not.toContain(bridge.token);
    expect(setCookie).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await call({ [TOKEN_HEADER]: value ?? '' })).status).toBe(403);
    expect((await call({ [TOKEN_HEADER]: value ?? '', cookie: `${name}=${value}` })).status).toBe(403);
    expect((await call({ [TOKEN_HEADER]: bridge.token })).status).toBe(200);
    // The cookie still loads the page's own files.
    expect((await raw(bridge.port, '/index.html', { headers: { host, cookie: `${name}=${value}` } })).status).toBe(200);
  });

  it('accepts Origin http://localhost with Host localhost, and never a mismatched pair', async () => {
    const local = `localhost:${bridge.port}`;
    const ok = await call({ host: local, origin: `http://${local}`, [TOKEN_HEADER]: bridge.token });
    expect(ok.status).toBe(200);
    expect((await call({ host, origin: `http://${host}`, [TOKEN_HEADER]: bridge.token })).status).toBe(200);
    expect((await call({ host, origin: `http://${local}`, [TOKEN_HEADER]: bridge.token })).status).toBe(403);
    expect((await call({ host: local, origin: `http://${host}`, [TOKEN_HEADER]: bridge.token })).status).toBe(403);
    expect((await call({ host: local, origin: `http://localhost:${bridge.port + 1}`, [TOKEN_HEADER]: bridge.token })).status).toBe(403);
  });

  it('answers a malformed escape or request target with 400 and keeps serving', async () => {
    const index = await raw(bridge.port, `/?token=${bridge.token}`, { headers: { host } });
    const cookie = String(index.headers['set-cookie']).split(';')[0] ?? '';
    for (const path of ['/%', '/%zz', '/assets/%E0%A4%A']) {
      const r = await raw(bridge.port, path, { headers: { host, cookie } });
      expect(r.status, path).toBe(400);
    }
    // `//` and `//[` made new URL() throw outside any catch: the bridge process died.
    for (const path of ['//', '//[']) expect((await raw(bridge.port, path, { headers: { host, cookie } })).status, path).toBe(404);
    expect((await raw(bridge.port, '/healthz', { headers: { host } })).status).toBe(200);
  });

  it('never echoes a long rejected value whole', async () => {
    const big = 'A'.repeat(60_000);
    for (const body of [{ port: big }, { port: 80, protocol: big }, { port: 80, source: big }]) {
      const r = await raw(bridge.port, '/api/diagnose:check-port', {
        method: 'POST',
        headers: { host, 'content-type': 'application/json', [TOKEN_HEADER]: bridge.token },
        body: JSON.stringify(body),
      });
      expect(r.body.length, r.body.slice(0, 300)).toBeLessThan(600);
    }
  });
});

describe('bounded handler work (issue 11 item 7)', () => {
  let bridge: Bridge;
  let host: string;
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let running = 0;
  let most = 0;
  beforeAll(async () => {
    const table: HandlerTable = {
      ...createHandlers(),
      'system:info': async (request, ctx) => {
        most = Math.max(most, ++running);
        await gate;
        running--;
        return createHandlers()['system:info'](request, ctx);
      },
    };
    bridge = await startBridge({ table, services: testServices(), staticDir: staticDir(), limits: { active: 4, queued: 6 } });
    host = `127.0.0.1:${bridge.port}`;
  });
  afterAll(() => bridge.close());

  it('runs at most the limit, queues a few, answers 429 beyond, and rejects the unauthenticated first', async () => {
    const post = (token: string) =>
      raw(bridge.port, '/api/system:info', {
        method: 'POST',
        headers: { host, 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: '{}',
      });
    let refused = 0;
    const calls = Array.from({ length: 60 }, () => post(bridge.token).then((a) => ((refused += a.status === 429 ? 1 : 0), a)));
    // While 10 hold or wait for a slot, the other 50 are refused at once, and neither the unauthenticated request
    // nor the health answer is starved.
    for (let i = 0; i < 500 && refused < 50; i++) await new Promise((r) => setTimeout(r, 10));
    expect(refused).toBe(50);
    expect(bridge.load()).toEqual({ running: 4, waiting: 6 });
    const stranger = await post('not-the-token');
    expect(stranger.status).toBe(403);
    expect((await raw(bridge.port, '/healthz', { headers: { host } })).status).toBe(200);
    open();
    const answers = await Promise.all(calls);
    const byStatus = answers.reduce<Record<number, number>>((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {});
    expect(byStatus).toEqual({ 200: 10, 429: 50 });
    expect(answers.find((a) => a.status === 429)?.headers['retry-after']).toBe('1');
    expect(most).toBe(4);
    expect(bridge.load()).toEqual({ running: 0, waiting: 0 });
  });
});
