import { vi } from 'vitest';

/** A tiny stand-in for Electron's main-process modules (the binary cannot run here). */
export function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  return {
    handlers,
    handle: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
}

/** An IPC event as Electron delivers it: the sender's web contents and frame. */
export function fakeEvent(url: string, options: { subframe?: boolean; noFrame?: boolean } = {}) {
  const sent: unknown[][] = [];
  return {
    sent,
    event: {
      senderFrame: options.noFrame ? null : { url, parent: options.subframe ? {} : null },
      sender: { isDestroyed: () => false, send: (...args: unknown[]) => sent.push(args) },
    },
  };
}
