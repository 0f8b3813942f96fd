import { unavailable } from '../../shared/schemas/common';
import type { PortActionDeps } from '../actions/port-action-deps';
import { closeConnection } from '../actions/close-connection';
import { endProcess } from '../actions/end-process';
import { selfAndAncestors } from '../probes/linux/process-identity';
import { elevatedRunner, elevationModeFor, isGuiProcess } from '../system/elevate';
import type { HandlerTable, Services } from './types';

/** The Ports actions' dependencies for this process: the elevation mode (as fixes use it), the audit folder. */
export function portActionDeps(services: Services): PortActionDeps | null {
  if (services.platform === 'darwin') return null;
  const mode = elevationModeFor({ elevated: services.elevated, platform: services.platform, gui: isGuiProcess() });
  const platform = services.platform;
  return {
    platform,
    runner: services.runner,
    privileged: services.replay ? services.runner : elevatedRunner(services.runner, mode),
    elevated: services.elevated === true || platform === 'win32',
    dataDir: services.dataDir,
    replaying: services.replay !== null,
    release: services.release,
    protectedPids: async () => (platform === 'linux' ? selfAndAncestors() : new Set([process.pid, process.ppid])),
  };
}

const noMac = unavailable('unsupported-platform', 'Closing connections and ending processes is built for Linux and Windows.');

/** `ports:close-connection` and `ports:end-process`: a preview without `confirmed`, the audited action with it. */
export const portActionHandlers: Pick<HandlerTable, 'ports:close-connection' | 'ports:end-process'> = {
  'ports:close-connection': async (request, { services }) => {
    const deps = portActionDeps(services);
    return deps ? closeConnection(deps, request) : noMac;
  },
  'ports:end-process': async (request, { services }) => {
    const deps = portActionDeps(services);
    return deps ? endProcess(deps, request) : noMac;
  },
};
