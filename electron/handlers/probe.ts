import { unavailable } from '../../shared/schemas/common';
import { probeTarget } from '../probes/client/probe-target';
import type { CallHandler } from './types';

/** `diagnose:probe`: step 4 from this machine as the client (live sockets; a replayed report cannot connect anywhere). */
export const probeHandler: CallHandler<'diagnose:probe'> = async (request, { services, signal }) => {
  if (services.replay) return unavailable('not-recorded', 'a replayed report cannot probe: run `portdoctor probe` on the client itself');
  const report = await probeTarget(
    {
      host: request.host,
      port: request.port,
      timeoutMs: request.timeoutMs,
      ...(request.tls ? { tls: true } : {}),
      ...(request.http ? { http: true } : {}),
      ...(request.protocol === 'udp' ? { protocol: 'udp' as const } : {}),
    },
    { runner: services.runner, platform: services.platform, signal },
  );
  return { kind: 'ok', data: report };
};
