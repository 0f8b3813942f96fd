import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandlers } from '../../../electron/handlers';
import { startBridge, TOKEN_HEADER } from '../../../electron/bridge/server';
import type { Bridge } from '../../../electron/bridge/server';
import { testServices } from './test-services';

/** A raw HTTP request (fetch would not let us forge Host). */
function raw(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('the loopback bridge', () => {
  let bridge: Bridge;
  let rejects: string[];
  let host: string;
  const api = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    raw(bridge.port, `/api/${channel}`, {
      method: 'POST',
      headers: { host, 'content-type': 'application/json', [TOKEN_HEADER]: bridge.token, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'pd-secret.txt'), 'secret');
    rejects = [];
    bridge = await startBridge({
      table: createHandlers(),
      services: testServices(),
      staticDir: dir,
      log: (c, why) => rejects.push(`${c}: ${why}`),
    });
    host = `127.0.0.1:${bridge.port}`;
  });
  afterAll(() => bridge.close());

  it('listens on 127.0.0.1 with a long random token in its URL', () => {
    expect(bridge.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${bridge.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('serves the app only with the token, and then by cookie, with the CSP', async () => {
    expect((await raw(bridge.port, '/', { headers: { host } })).status).toBe(403);
    expect((await raw(bridge.port, '/?token=wrong', { headers: { host } })).status).toBe(403);
    const ok = await raw(bridge.port, `/?token=${bridge.token}`, { headers: { host } });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-security-policy']).toContain("script-src 'self'");
    const cookie = String(ok.headers['set-cookie']).split(';')[0] ?? '';
    expect(String(ok.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await raw(bridge.port, '/assets/app.js', { headers: { host } })).status).toBe(403);
    const asset = await raw(bridge.port, '/assets/app.js', { headers: { host, cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    for (const path of ['/../pd-secret.txt', '/%2e%2e/pd-secret.txt', '/assets/../../pd-secret.txt']) {
      const r = await raw(bridge.port, path, { headers: { host, cookie } });
      expect(r.status, path).toBe(404);
    }
  });

  it('refuses a foreign Host (DNS rebinding)', async () => {
    const r = await raw(bridge.port, `/?token=${bridge.token}`, { headers: { host: `evil.example:${bridge.port}` } });
    expect(r.status).toBe(421);
  });

  it('answers API calls only with the token header and a same-origin (or no) Origin', async () => {
    const ok = await api('system:info', {});
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { hostname: 'test-host' } });
    expect((await api('system:info', {}, { [TOKEN_HEADER]: 'nope' })).status).toBe(403);
    expect((await api('system:info', {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await api('system:info', {}, { origin: `http://${host}` })).status).toBe(200);
    expect((await raw(bridge.port, '/api/system:info', { headers: { host } })).status).toBe(405);
    expect((await api('system:info', {}, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await api('system:nope', {})).status).toBe(404);
    expect(rejects.some((r) => r.includes('origin https://evil.example refused'))).toBe(true);
  });

  it('validates every request and caps its size', async () => {
    const bad = JSON.parse((await api('diagnose:check-port', { port: 0 })).body);
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/invalid request/);
    expect((await api('diagnose:check-port', '{not json')).status).toBe(400);
    expect((await api('diagnose:check-port', { port: 80, pad: 'x'.repeat(100_000) })).status).toBe(413);
  });

  it('streams NDJSON for stream channels and ends with one final message', async () => {
    const r = await api('capture:watch', { port: 8080, seconds: 1 });
    expect(r.headers['content-type']).toBe('application/x-ndjson');
    const lines = r.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(['done', 'error']).toContain(lines.at(-1)?.type);
    expect(lines.filter((l) => l.type === 'done' || l.type === 'error')).toHaveLength(1);
  });
});
