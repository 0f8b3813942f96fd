import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeTarget } from '../../../../electron/probes/client/probe-target';
import { createLiveRunner } from '../../../../electron/system/run-command';

let server: Server;
let port = 0;
const dir = mkdtempSync(join(tmpdir(), 'pdc-tls-'));

beforeAll(async () => {
  // A real self-signed certificate from openssl, made for this run.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=portdoctor-test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) =>
    res.writeHead(418).end(),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('TLS and HTTP summary', () => {
  it('summarises the handshake and says the self-signed chain is not trusted; HTTP goes over TLS', async () => {
    const r = await probeTarget(
      { host: '127.0.0.1', port, timeoutMs: 3000, tls: true, http: true },
      { runner: createLiveRunner(), platform: 'linux' },
    );
    expect(r.outcome).toBe('ok');
    expect(r.tls).toMatchObject({ ok: true, subject: 'portdoctor-test', issuer: 'portdoctor-test', authorized: false });
    expect(r.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(r.tls?.error).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(r.http?.statusLine).toBe("HTTP/1.1 418 I'm a Teapot");
    expect(r.evidence?.find((e) => e.kind === 'tls')?.text).toMatch(/not trusted/);
  });
});
