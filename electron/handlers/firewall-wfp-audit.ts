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
 * `firewall:plan-wfp-audit` (the exact auditpol commands, nothing runs), `firewall:wfp-audit` (confirmed: drop
 * auditing on for the minutes asked, the drops read, auditing off again for exactly what was turned on) and
 * `firewall:end-wfp-audit` (ends the wait of the running windows early; unlike cancelling the stream, the caller
 * still gets each window's result, so an undo left to the user is shown). `wait` is injected by tests.
 */
export function createWfpAuditHandlers(wait: Wait = realWait): Pick<HandlerTable, 'firewall:plan-wfp-audit' | 'firewall:wfp-audit' | 'firewall:end-wfp-audit'> {
  const running = new Set<AbortController>();
  return {
    'firewall:plan-wfp-audit': async (request, { services }) => planWfpAudit(services, request),
    'firewall:wfp-audit': async (request, { services, signal, emit }) => {
      const end = new AbortController();
      running.add(end);
      try {
        return await runWfpAudit(deps(services, wait), request, AbortSignal.any([signal, end.signal]), emit);
      } finally {
        running.delete(end);
      }
    },
    'firewall:end-wfp-audit': async () => {
      const ended = running.size;
      for (const end of running) end.abort();
      return { kind: 'ok', data: { ended } };
    },
  };
}
