import { diagnoseCheck } from '../../shared/diagnose/diagnose-check';
import type { CheckFacts } from '../../shared/diagnose/facts';
import { unavailable } from '../../shared/schemas/common';
import type { CheckReport } from '../../shared/schemas/report';
import { readLinuxCheckFacts } from '../probes/linux/check-facts';
import { readWindowsCheckFacts } from '../probes/windows/check-facts';
import type { CallHandler, Services } from './types';

/** Gather the facts for this platform (or the replayed one's), or null when there is no probe for it. */
export async function readCheckFacts(services: Services, target: CheckFacts['target']): Promise<CheckFacts | null> {
  if (services.platform === 'linux') return readLinuxCheckFacts(services.runner, target);
  if (services.platform === 'win32') return readWindowsCheckFacts(services.runner, target);
  return null;
}

/** Stamp a report with the host it judges, and with the recording when it was replayed. */
export function stampReport(report: CheckReport, services: Services): CheckReport {
  const hostname = services.replay?.platform.hostname ?? services.hostname;
  report.host = { ...report.host, platform: services.platform, hostname };
  if (services.replay) report.replayed = { hostname: services.replay.platform.hostname, recordedAt: services.replay.recordedAt };
  return report;
}

/** `diagnose:check-port`: steps 1–3 on this host (or the replayed one). */
export const checkPortHandler: CallHandler<'diagnose:check-port'> = async (request, { services }) => {
  const target: CheckFacts['target'] = { port: request.port, protocol: request.protocol };
  if (request.source) target.source = request.source;
  if (request.expect) target.expect = request.expect;
  const facts = await readCheckFacts(services, target);
  if (!facts) return unavailable('unsupported-platform', `no probes for ${services.platform} yet`);
  const report = diagnoseCheck(facts);
  if (request.expect) report.target.expect = request.expect;
  return { kind: 'ok', data: stampReport(report, services) };
};
