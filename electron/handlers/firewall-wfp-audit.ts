import { setTimeout as sleep } from 'node:timers/promises';
import { planWfpAudit, runWfpAudit } from '../actions/wfp-audit-service';
import type { WfpAuditDeps } from '../actions/wfp-audit-service';
import type { HandlerTable, Services } from './types';

type Wait = WfpAuditDeps['wait'];
const realWait: Wait = async (ms, signal) => {
  await sleep(ms, undefined, signal ? { signal } : {});
};

// Windows being audited in this process (the audit policy is the machine's: one registry for every handler table).
const RUNNING = new Map<AbortController, Promise<unknown>>();

/**
 * End the wait of every running window and resolve once each has read its drops and turned auditing off again: the
 * app calls it before quitting and `portdoctor web` before closing, so leaving never leaves auditing on.
 */
export async function endWfpAuditWindows(): Promise<number> {
  const running = [...RUNNING.entries()];
  for (const [end] of running) end.abort();
  await Promise.allSettled(running.map(([, done]) => done));
  return running.length;
}

/** Whether a window is running in this process. */
export const wfpAuditRunning = (): boolean => RUNNING.size > 0;

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
export function createWfpAuditHandlers(
  wait: Wait = realWait,
): Pick<HandlerTable, 'firewall:plan-wfp-audit' | 'firewall:wfp-audit' | 'firewall:end-wfp-audit'> {
  return {
    'firewall:plan-wfp-audit': async (request, { services }) => planWfpAudit(services, request),
    'firewall:wfp-audit': async (request, { services, signal, emit }) => {
      const end = new AbortController();
      const done = runWfpAudit(deps(services, wait), request, AbortSignal.any([signal, end.signal]), emit);
      RUNNING.set(end, done);
      try {
        return await done;
      } finally {
        RUNNING.delete(end);
      }
    },
    'firewall:end-wfp-audit': async () => {
      const ended = RUNNING.size;
      for (const end of RUNNING.keys()) end.abort();
      return { kind: 'ok', data: { ended } };
    },
  };
}
