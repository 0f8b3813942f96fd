import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { CANCEL_CHANNEL, CHANNELS, STREAM_EVENT_CHANNEL } from '../../shared/ipc/channels';
import type { HandlerTable, Services } from '../handlers/types';
import { dispatchCall, dispatchStream } from './dispatch';
import type { RejectLog } from './dispatch';
import type { Envelope } from '../../shared/ipc/envelope';

export interface IpcOptions {
  table: HandlerTable;
  services: Services;
  /** Whether a frame URL is the app's own renderer (file:// bundle or the dev server). */
  isTrustedUrl: (url: string) => boolean;
  log: RejectLog;
}

/** Envelope sent by the preload: a per-call id (for cancel and stream events) and the request. */
interface Payload {
  id: string;
  request: unknown;
}

function isPayload(x: unknown): x is Payload {
  return typeof x === 'object' && x !== null && typeof (x as Payload).id === 'string' && (x as Payload).id.length <= 64;
}

/**
 * The one door between renderer and main: the only module that imports ipcMain. Checks that the
 * sender is the app's own top-level frame (Electron security checklist: "validate the sender of all
 * IPC messages"), validates every argument with the contract's zod schema, logs rejects by channel.
 */
export function registerIpc({ table, services, isTrustedUrl, log }: IpcOptions): () => void {
  const running = new Map<string, AbortController>();

  const senderProblem = (event: IpcMainInvokeEvent): string | null => {
    const frame = event.senderFrame;
    if (!frame) return 'sender frame is gone';
    if (frame.parent !== null) return 'sender is a subframe';
    if (!isTrustedUrl(frame.url)) return `sender ${frame.url.slice(0, 100)} is not the app`;
    return null;
  };

  const guard = (channel: string, event: IpcMainInvokeEvent, payload: unknown): Payload | Envelope => {
    const problem = senderProblem(event);
    if (problem) {
      log(channel, problem);
      return { ok: false, error: 'rejected: untrusted sender' };
    }
    if (!isPayload(payload)) {
      log(channel, 'malformed payload');
      return { ok: false, error: 'rejected: malformed payload' };
    }
    return payload;
  };

  for (const [channel, kind] of Object.entries(CHANNELS)) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      const checked = guard(channel, event, payload);
      if ('ok' in checked) return checked;
      const controller = new AbortController();
      running.set(checked.id, controller);
      if (kind === 'call') {
        try {
          return await dispatchCall(table, services, channel, checked.request, controller.signal, log);
        } finally {
          running.delete(checked.id);
        }
      }
      const send = (message: unknown) => {
        if (!event.sender.isDestroyed()) event.sender.send(STREAM_EVENT_CHANNEL, { id: checked.id, message });
        const type = (message as { type?: string }).type;
        if (type === 'done' || type === 'error') running.delete(checked.id);
      };
      const started = await dispatchStream(table, services, channel, checked.request, controller.signal, send, log);
      if (!started.ok) running.delete(checked.id);
      return started;
    });
  }

  ipcMain.handle(CANCEL_CHANNEL, (event, payload: unknown) => {
    const checked = guard(CANCEL_CHANNEL, event, payload);
    if ('ok' in checked) return checked;
    running.get(checked.id)?.abort();
    running.delete(checked.id);
    return { ok: true, value: null };
  });

  return () => {
    for (const channel of [...Object.keys(CHANNELS), CANCEL_CHANNEL]) ipcMain.removeHandler(channel);
    for (const c of running.values()) c.abort();
    running.clear();
  };
}
