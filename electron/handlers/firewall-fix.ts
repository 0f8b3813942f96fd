import { applyStoredFix, planFixFor, undoStoredFix, verifyStoredFix } from '../actions/fix-service';
import type { FixDeps } from '../actions/fix-service';
import { readLinuxCheckFacts } from '../probes/linux/check-facts';
import { readWindowsCheckFacts } from '../probes/windows/check-facts';
import { elevateOnDenied, elevatedRunner, elevationModeFor, isGuiProcess } from '../system/elevate';
import { judgeCheckFacts } from '../../shared/diagnose/judge-facts';
import { unavailable } from '../../shared/schemas/common';
import type { HandlerTable, Services } from './types';

/** The fix actions' dependencies for this process: platform probes, the elevation mode, the data folder. */
export function fixDeps(services: Services): FixDeps | null {
  if (services.platform === 'darwin') return null;
  const read = services.platform === 'win32' ? readWindowsCheckFacts : readLinuxCheckFacts;
  // Gather, then judge: the fix's proof reads the facts again and the engine judges them.
  const readFacts: FixDeps['readFacts'] = async (runner, target) => judgeCheckFacts(await read(runner, target));
  const mode = elevationModeFor({ elevated: services.elevated, platform: services.platform, gui: isGuiProcess() });
  return {
    runner: services.replay ? services.runner : elevateOnDenied(services.runner, mode),
    privileged: services.replay ? services.runner : elevatedRunner(services.runner, mode),
    dataDir: services.dataDir,
    replaying: services.replay !== null,
    readFacts,
  };
}

const noMac = unavailable('unsupported-platform', 'Firewall fixes are planned for Linux and Windows.');

/**
 * `firewall:plan-fix`, `firewall:apply-fix`, `firewall:undo-fix`, `firewall:verify-fix`: preview, confirmed apply with
 * verification, undo by id, and the fix's proof again ("Test now").
 */
export const firewallFixHandlers: Pick<
  HandlerTable,
  'firewall:plan-fix' | 'firewall:apply-fix' | 'firewall:undo-fix' | 'firewall:verify-fix'
> = {
  'firewall:plan-fix': async (request, { services }) => {
    const deps = fixDeps(services);
    return deps ? planFixFor(deps, request) : noMac;
  },
  'firewall:apply-fix': async (request, { services }) => {
    const deps = fixDeps(services);
    return deps ? applyStoredFix(deps, request) : noMac;
  },
  'firewall:undo-fix': async (request, { services }) => {
    const deps = fixDeps(services);
    return deps ? undoStoredFix(deps, request.id) : noMac;
  },
  'firewall:verify-fix': async (request, { services }) => {
    const deps = fixDeps(services);
    return deps ? verifyStoredFix(deps, request.id) : noMac;
  },
};
