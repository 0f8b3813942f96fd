import type { HandlerTable } from './types';

/** `system:*` handlers. */
export const systemHandlers: Pick<HandlerTable, 'system:info'> = {
  'system:info': async (_request, { services }) => ({
    platform: services.replay?.platform.os ?? services.platform,
    release: services.replay?.platform.release ?? services.release,
    arch: services.replay?.platform.arch ?? services.arch,
    hostname: services.replay?.platform.hostname ?? services.hostname,
    appVersion: services.appVersion,
    elevated: services.replay ? (services.replay.platform.elevated ?? null) : services.elevated,
    replay: services.replay
      ? { hostname: services.replay.platform.hostname, recordedAt: services.replay.recordedAt, platform: services.replay.platform.os }
      : null,
  }),
};
