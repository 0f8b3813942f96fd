import { CANCEL_CHANNEL, STREAM_EVENT_CHANNEL } from '../../shared/ipc/channels';
import type { Envelope } from '../../shared/ipc/envelope';
import type { Transport } from '../../shared/ipc/api';

/** The slice of Electron's ipcRenderer the preload uses (passed in so tests need no Electron). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The preload's transport: `ipcRenderer.invoke` per call, one listener that routes stream events by id. */
export function createIpcTransport(ipc: IpcRendererLike): Transport {
  let next = 0;
  const streams = new Map<string, (message: unknown) => void>();
  const newId = () => `${Date.now().toString(36)}-${(next++).toString(36)}`;
  ipc.on(STREAM_EVENT_CHANNEL, (_event, data) => {
    const { id, message } = (data ?? {}) as { id?: string; message?: { type?: string } };
    const listener = id === undefined ? undefined : streams.get(id);
    if (!listener || !message) return;
    if (message.type === 'done' || message.type === 'error') streams.delete(id as string);
    listener(message);
  });
  return {
    async call(channel, request) {
      const envelope = (await ipc.invoke(channel, { id: newId(), request })) as Envelope;
      if (!envelope.ok) throw new Error(envelope.error);
      return envelope.value;
    },
    subscribe(channel, request, onMessage) {
      const id = newId();
      streams.set(id, onMessage);
      void ipc.invoke(channel, { id, request }).then((envelope) => {
        const e = envelope as Envelope;
        if (!e.ok && streams.delete(id)) onMessage({ type: 'error', message: e.error });
      });
      return () => {
        if (streams.delete(id)) void ipc.invoke(CANCEL_CHANNEL, { id, request: null });
      };
    },
  };
}
