import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { startBridge, TOKEN_HEADER } from '../../../electron/bridge/server';
import { isChannel } from '../../../shared/ipc/channels';
import { contract } from '../../../shared/ipc/contract';
import { channelRequest, hostileString } from './arbitraries';
import { expectOneLine, expectOnlyValidatedValues } from './properties';
import type { FuzzCounts } from './properties';
import { RecordingHarness } from './recording';

function post(port: number, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', [TOKEN_HEADER]: token },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
let token = '';

/** Every UTF-8 byte as %XX (encodeURIComponent throws on a lone surrogate, which is hostile input too). */
function percentEncode(s: string): string {
  return Array.from(Buffer.from(s, 'utf8'), (b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

/** A request target: a channel's own path, or one made of hostile text (percent-encoded, or with bad escapes). */
const target = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: hostileString.map((s) => `/api/${percentEncode(s).slice(0, 2000)}`) },
  { weight: 1, arbitrary: hostileString.map((s) => `/api/${s.replace(/[^\x21-\x7e]/g, '').slice(0, 2000)}%`) },
);
/** A body: the request as JSON, or text that is not (cut JSON, hostile text). */
const body = fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileString });

/**
 * The loopback bridge (authorised, as the page calls it) with arbitrary channels, targets and bodies: never a 500,
 * a refused request runs nothing, a 200 call ran exactly the validated request, errors are one line.
 */
export async function bridgeProperty(numRuns: number, dataDir: string, seed?: number): Promise<FuzzCounts> {
  const harness = new RecordingHarness(true);
  const { table, invoked } = harness.table();
  const staticDir = mkdtempSync(join(tmpdir(), 'pd-fuzz-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  const bridge = await startBridge({ table, services: harness.services({ dataDir }), staticDir });
  token = bridge.token;
  const counts: FuzzCounts = { runs: 0, valid: 0, withCommands: 0 };
  try {
    await fc.assert(
      fc.asyncProperty(channelRequest, target, body, async ({ channel, request }, path, text) => {
        counts.runs++;
        harness.calls.length = 0;
        invoked.length = 0;
        const sent = text ?? JSON.stringify(request) ?? '';
        const r = await post(bridge.port, path ?? `/api/${channel}`, sent);
        expect(r.status, r.body.slice(0, 200)).not.toBe(500);
        // Over the body cap (64 KiB, 32 MiB for reports:open): refused before any parsing or work.
        if (r.status === 413) {
          expect(invoked).toEqual([]);
          expect(harness.calls).toEqual([]);
          return;
        }
        let parsedBody: unknown;
        try {
          parsedBody = JSON.parse(sent || '{}');
        } catch {
          parsedBody = undefined;
        }
        const valid =
          path === null && parsedBody !== undefined && isChannel(channel) && contract[channel].request.safeParse(parsedBody ?? {}).success;
        if (!valid) {
          expect(invoked, `${path ?? channel} ${sent.slice(0, 100)}`).toEqual([]);
          expect(harness.calls).toEqual([]);
          const answer = (r.body.split('\n')[0] ?? '').trim();
          if (answer.startsWith('{')) {
            const e = JSON.parse(answer) as { error?: string; message?: string };
            expectOneLine(e.error ?? e.message ?? '', 'bridge');
          }
          return;
        }
        counts.valid++;
        expect(r.status).toBe(200);
        expect(invoked.map((i) => i.channel)).toEqual([channel]);
        if (harness.calls.length > 0) counts.withCommands++;
        expectOnlyValidatedValues(parsedBody, harness.calls);
      }),
      { numRuns, ...(seed === undefined ? {} : { seed }), endOnFailure: true },
    );
  } finally {
    await bridge.close();
  }
  return counts;
}
