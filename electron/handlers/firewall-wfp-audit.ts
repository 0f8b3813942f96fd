import { setTimeout as sleep } from 'node:timers/promises';
import { planWfpAudit, runWfpAudit } from '../actions/wfp-audit-service';
import type { WfpAuditDeps } from '../actions/wfp-audit-service';
import type { HandlerTable, Services } from './types';

type Wait = WfpAuditDeps['wait'];
const realWait: Wait = async (ms, signal) => {
  await sleep(ms, undefined, signal ? { signal } : {});
};

function deps(services: Services, wait: Wait): WfpAuditDeps {
  // Windows only, where nothing is elevated for us: an unelevated process is refused before anything runs.
  return {
    platform: services.platform,
    runner: services.runner,
    elevated: services.elevated,
    replaying: services.replay !== null,
    dataDir: services.dataDir,
    wait,
  };
}

/**
 * `firewall:plan-wfp-audit` (the exact auditpol commands, nothing runs) and `firewall:wfp-audit` (confirmed: drop
 * auditing on for the minutes asked, the drops read, auditing off again for exactly what was turned on).
 * `wait` is injected by tests; the app and CLI wait for real (cancelled through the stream's signal).
 */
export function createWfpAuditHandlers(wait: Wait = realWait): Pick<HandlerTable, 'firewall:plan-wfp-audit' | 'firewall:wfp-audit'> {
  return {
    'firewall:plan-wfp-audit': async (request, { services }) => planWfpAudit(services, request),
    'firewall:wfp-audit': async (request, { services, signal, emit }) => runWfpAudit(deps(services, wait), request, signal, emit),
  };
}
