import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, splitChannel } from '../../../shared/ipc/channels';
import { contract } from '../../../shared/ipc/contract';
import { createApi } from '../../../shared/ipc/api';
import { createHandlers } from '../../../electron/handlers';
import { createIpcTransport } from '../../../electron/ipc/ipc-transport';
import { startBridge, TOKEN_HEADER } from '../../../electron/bridge/server';
import { testServices } from './test-services';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const channels = Object.keys(CHANNELS) as (keyof typeof CHANNELS)[];

describe('every channel is served by all three transports', () => {
  it('has a contract entry of the same kind', () => {
    expect(Object.keys(contract).sort()).toEqual([...channels].sort());
    for (const c of channels) expect(contract[c].kind).toBe(CHANNELS[c]);
    for (const c of channels) expect(c).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });

  it('has a handler', () => {
    const table = createHandlers();
    expect(Object.keys(table).sort()).toEqual([...channels].sort());
    for (const c of channels) expect(typeof table[c]).toBe('function');
  });

  it('has a named preload method that reaches its channel (and no generic invoke)', async () => {
    const invoked: string[] = [];
    const ipc = {
      invoke: vi.fn(async (channel: string) => {
        invoked.push(channel);
        return { ok: true, value: null };
      }),
      on: vi.fn(),
    };
    const api = createApi(createIpcTransport(ipc)) as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>;
    expect(Object.keys(api)).not.toContain('invoke');
    for (const c of channels) {
      const [domain, method] = splitChannel(c);
      const fn = api[domain]?.[method];
      expect(fn, `${domain}.${method}`).toBeTypeOf('function');
      if (CHANNELS[c] === 'call') await fn?.({});
      else (fn?.({}, () => undefined) as () => void)();
    }
    expect(new Set(invoked)).toEqual(new Set([...channels, 'pd:cancel']));
  });

  it('has a bridge route', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-static-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const bridge = await startBridge({ table: createHandlers(), services: testServices(), staticDir: dir });
    try {
      for (const c of channels) {
        const res = await fetch(`http://127.0.0.1:${bridge.port}/api/${c}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: bridge.token },
          body: '{}',
        });
        expect(res.status, c).toBe(200);
        await res.body?.cancel();
      }
    } finally {
      await bridge.close();
    }
  });
});
