import { unavailable } from '../../shared/schemas/common';
import type { PortActionDeps } from '../actions/port-action-deps';
import { closeConnection } from '../actions/close-connection';
import { endProcess } from '../actions/end-process';
import { selfAndAncestors } from '../probes/linux/process-identity';
import { createNameCache, resolveNames } from '../probes/resolve-names';
import type { NameCache } from '../probes/resolve-names';
import type { Runner } from '../system/runner';
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

// One name cache per runner (the app's live runner lives as long as the app).
const nameCaches = new WeakMap<Runner, NameCache>();

/**
 * `ports:close-connection` and `ports:end-process`: a preview without `confirmed`, the audited action with it.
 * `ports:resolve-names`: names for the explorer, never for a replayed report (this machine's resolver knows nothing of it).
 */
export const portActionHandlers: Pick<HandlerTable, 'ports:close-connection' | 'ports:end-process' | 'ports:resolve-names'> = {
  'ports:resolve-names': async (request, { services }) => {
    if (services.replay)
      return unavailable(
        'not-recorded',
        'Names are not resolved for a replayed report: this computer’s resolver does not know that network.',
      );
    let cache = nameCaches.get(services.runner);
    if (!cache) nameCaches.set(services.runner, (cache = createNameCache()));
    return resolveNames(services.runner, services.platform, cache, request);
  },
  'ports:close-connection': async (request, { services }) => {
    const deps = portActionDeps(services);
    return deps ? closeConnection(deps, request) : noMac;
  },
  'ports:end-process': async (request, { services }) => {
    const deps = portActionDeps(services);
    return deps ? endProcess(deps, request) : noMac;
  },
};
