import { unavailable } from '../../shared/schemas/common';
import { watchPort } from '../capture/watch-port';
import { spawnStream } from '../system/spawn-stream';
import type { HandlerTable } from './types';

/** `capture:*` handlers. */
export const captureHandlers: Pick<HandlerTable, 'capture:watch'> = {
  'capture:watch': async (request, { services, signal, emit }) => {
    if (services.replay)
      return unavailable(
        'not-recorded',
        'a replayed report holds no capture: run `portdoctor watch` on the server while the client connects',
      );
    return watchPort(spawnStream, services.platform, {
      port: request.port,
      seconds: request.seconds,
      ...(request.standIn ? { standIn: true } : {}),
      signal,
      onEvent: emit,
      onReady: () => emit({ type: 'capturing' }),
      runner: services.runner,
    });
  },
};
