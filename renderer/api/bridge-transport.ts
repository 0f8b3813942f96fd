import type { Transport } from '../../shared/ipc/api';
import type { Envelope } from '../../shared/ipc/envelope';

const TOKEN_KEY = 'portdoctor.bridge-token';
const TOKEN_HEADER = 'x-portdoctor-token';

/** Take the bridge token from the URL once, keep it for this tab only, and drop it from the address bar. */
export function takeBridgeToken(location: Location, storage: Storage, history: History): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

/** The browser build's transport: POST per call, an NDJSON response per stream (aborting the fetch cancels it). */
export function createBridgeTransport(token: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): Transport {
  const post = (channel: string, request: unknown, signal?: AbortSignal) =>
    fetchImpl(`/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(request ?? {}),
      ...(signal ? { signal } : {}),
    });
  return {
    async call(channel, request) {
      const res = await post(channel, request);
      if (!res.ok) throw new Error(`${channel}: ${res.status} ${await res.text()}`);
      const envelope = (await res.json()) as Envelope;
      if (!envelope.ok) throw new Error(envelope.error);
      return envelope.value;
    },
    subscribe(channel, request, onMessage) {
      const controller = new AbortController();
      let finished = false;
      const deliver = (message: { type?: string }) => {
        if (finished) return;
        if (message.type === 'done' || message.type === 'error') finished = true;
        onMessage(message);
      };
      void (async () => {
        try {
          const res = await post(channel, request, controller.signal);
          if (!res.ok || !res.body) return deliver({ type: 'error', message: `${channel}: ${res.status} ${await res.text()}` } as never);
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffered = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffered += value;
            let nl: number;
            while ((nl = buffered.indexOf('\n')) >= 0) {
              const line = buffered.slice(0, nl);
              buffered = buffered.slice(nl + 1);
              if (line) deliver(JSON.parse(line) as { type?: string });
            }
          }
          if (!finished) deliver({ type: 'error', message: `${channel}: the stream ended early` } as never);
        } catch (e) {
          if (!controller.signal.aborted) deliver({ type: 'error', message: `${channel}: ${(e as Error).message}` } as never);
        }
      })();
      return () => {
        finished = true;
        controller.abort();
      };
    },
  };
}
