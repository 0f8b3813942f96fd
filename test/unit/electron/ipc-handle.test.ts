import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeEvent, fakeIpcMain } from './fake-electron';
import { CHANNELS, STREAM_EVENT_CHANNEL, CANCEL_CHANNEL } from '../../../shared/ipc/channels';
import { createHandlers } from '../../../electron/handlers';
import type { HandlerTable } from '../../../electron/handlers/types';
import { testServices } from './test-services';

const ipcMain = fakeIpcMain();
vi.mock('electron', () => ({ ipcMain }));
const { registerIpc } = await import('../../../electron/ipc/handle');

const APP = 'file:///opt/PortDoctor/resources/app.asar/.vite/renderer/main_window/index.html';

describe('the IPC door', () => {
  let rejects: [string, string][];
  let table: HandlerTable;
  let unregister: () => void;

  beforeEach(() => {
    ipcMain.handlers.clear();
    rejects = [];
    table = createHandlers();
    unregister = registerIpc({ table, services: testServices(), isTrustedUrl: (u) => u === APP, log: (c, why) => rejects.push([c, why]) });
    return () => unregister();
  });

  it('registers every channel and the cancel channel, nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...Object.keys(CHANNELS), CANCEL_CHANNEL].sort());
  });

  it('answers the app frame with validated requests', async () => {
    const { event } = fakeEvent(APP);
    const answer = (await ipcMain.handlers.get('system:info')?.(event, { id: '1', request: {} })) as {
      ok: boolean;
      value: { appVersion: string };
    };
    expect(answer.ok).toBe(true);
    expect(answer.value.appVersion).toBeTypeOf('string');
  });

  it.each([
    ['another origin', fakeEvent('https://evil.example/'), 'is not the app'],
    ['a subframe', fakeEvent(APP, { subframe: true }), 'subframe'],
    ['a destroyed frame', fakeEvent(APP, { noFrame: true }), 'gone'],
  ])('rejects %s and logs it', async (_name, { event }, why) => {
    const spy = vi.spyOn(table, 'system:info');
    const answer = (await ipcMain.handlers.get('system:info')?.(event, { id: '1', request: {} })) as { ok: boolean };
    expect(answer.ok).toBe(false);
    expect(spy).not.toHaveBeenCalled();
    expect(rejects.at(-1)?.[0]).toBe('system:info');
    expect(rejects.at(-1)?.[1]).toContain(why);
  });

  it('refuses invalid arguments before any handler runs', async () => {
    const spy = vi.spyOn(table, 'diagnose:check-port');
    const { event } = fakeEvent(APP);
    for (const request of [
      { port: 0 },
      { port: 70000 },
      { port: '8080' },
      { port: 80, source: '1.2.3.4; id' },
      { port: 80, protocol: 'icmp' },
    ]) {
      const answer = (await ipcMain.handlers.get('diagnose:check-port')?.(event, { id: 'x', request })) as { ok: boolean; error: string };
      expect(answer.ok).toBe(false);
      expect(answer.error).toMatch(/invalid request for diagnose:check-port/);
    }
    const malformed = (await ipcMain.handlers.get('diagnose:check-port')?.(event, 'port=80')) as { ok: boolean };
    expect(malformed.ok).toBe(false);
    expect(spy).not.toHaveBeenCalled();
    expect(rejects.length).toBe(6);
  });

  it('streams events to the sender and lets the renderer cancel', async () => {
    let seenSignal: AbortSignal | null = null;
    table['capture:watch'] = async (_req, ctx) => {
      seenSignal = ctx.signal;
      ctx.emit({ type: 'packet', time: 't', peer: '10.0.0.2', flags: 'S', text: 'SYN' });
      await new Promise((r) => ctx.signal.addEventListener('abort', r));
      return { kind: 'unavailable', reason: 'cancelled', detail: 'stopped' };
    };
    unregister();
    ipcMain.handlers.clear();
    unregister = registerIpc({ table, services: testServices(), isTrustedUrl: (u) => u === APP, log: () => undefined });
    const { event, sent } = fakeEvent(APP);
    const started = (await ipcMain.handlers.get('capture:watch')?.(event, { id: 's1', request: { port: 8080, seconds: 5 } })) as {
      ok: boolean;
    };
    expect(started.ok).toBe(true);
    expect(sent[0]).toEqual([
      STREAM_EVENT_CHANNEL,
      { id: 's1', message: { type: 'event', event: { type: 'packet', time: 't', peer: '10.0.0.2', flags: 'S', text: 'SYN' } } },
    ]);
    await ipcMain.handlers.get(CANCEL_CHANNEL)?.(event, { id: 's1', request: null });
    expect((seenSignal as AbortSignal | null)?.aborted).toBe(true);
    await vi.waitFor(() => expect(sent.at(-1)?.[1]).toMatchObject({ id: 's1', message: { type: 'done' } }));
  });
});
