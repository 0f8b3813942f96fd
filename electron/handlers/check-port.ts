import { diagnoseCheck, judgeFirewallStep, judgeServiceStep } from '../../shared/diagnose/diagnose-check';
import { judgeBinding } from '../../shared/diagnose/binding-step';
import type { CheckFacts } from '../../shared/diagnose/facts';
import { judgeCheckFacts } from '../../shared/diagnose/judge-facts';
import type { CheckStages } from '../../shared/diagnose/judge-facts';
import type { Result } from '../../shared/schemas/common';
import { unavailable } from '../../shared/schemas/common';
import type { CheckReport, Step } from '../../shared/schemas/report';
import { readLinuxCheckStages } from '../probes/linux/check-facts';
import { readWindowsCheckStages } from '../probes/windows/check-facts';
import type { CallHandler, Services } from './types';

/** Start reading the facts for this platform (or the replayed one's), or null when there is no probe for it. */
export function readCheckStages(services: Services, target: CheckFacts['target']): CheckStages | null {
  if (services.platform === 'linux') return readLinuxCheckStages(services.runner, target);
  if (services.platform === 'win32') return readWindowsCheckStages(services.runner, target);
  return null;
}

/** Read the facts for this platform and judge them (the firewall's verdict), or null when there is no probe for it. */
export async function readCheckFacts(services: Services, target: CheckFacts['target']): Promise<CheckFacts | null> {
  const stages = readCheckStages(services, target);
  return stages ? judgeCheckFacts(await stages.all) : null;
}

/** Stamp a report with the host it judges, and with the recording when it was replayed. */
export function stampReport(report: CheckReport, services: Services): CheckReport {
  const hostname = services.replay?.platform.hostname ?? services.hostname;
  report.host = { ...report.host, platform: services.platform, hostname };
  if (services.replay) report.replayed = { hostname: services.replay.platform.hostname, recordedAt: services.replay.recordedAt };
  return report;
}

/** A check request (the channel's, or the run's steps 1–3). */
type CheckRequest = { port: number; protocol: 'tcp' | 'udp'; source?: string; expect?: string };

/**
 * Steps 1–3 on this host (or the replayed one): gather, then judge. With `onStep`, each step is handed over as soon as
 * its facts are read and judged (binding and service usually before the firewall's saved configurations are read),
 * each the same step the report then holds.
 */
export async function checkPort(request: CheckRequest, services: Services, onStep?: (step: Step) => void): Promise<Result<CheckReport>> {
  const target: CheckFacts['target'] = { port: request.port, protocol: request.protocol };
  if (request.source) target.source = request.source;
  if (request.expect) target.expect = request.expect;
  const stages = readCheckStages(services, target);
  if (!stages) return unavailable('unsupported-platform', `no probes for ${services.platform} yet`);
  const early = onStep
    ? [stages.service.then((f) => onStep(judgeServiceStep(f).step)), stages.binding.then((f) => onStep(judgeBinding(f).step))]
    : [];
  const facts = judgeCheckFacts(await stages.all);
  await Promise.all(early);
  onStep?.(judgeFirewallStep(facts).step);
  const report = diagnoseCheck(facts);
  if (request.expect) report.target.expect = request.expect;
  return { kind: 'ok', data: stampReport(report, services) };
}

/** `diagnose:check-port`: steps 1–3 on this host (or the replayed one). */
export const checkPortHandler: CallHandler<'diagnose:check-port'> = (request, { services }) => checkPort(request, services);
