import { detectCloud } from '../../shared/cloud/detect-cloud';
import type { PlatformIdentity } from '../../shared/cloud/detect-cloud';
import { planCloudGuidance } from '../../shared/cloud/cloud-guidance';
import { joinReport, clientStep, packetsStep } from '../../shared/diagnose/combined-steps';
import { decideCombined } from '../../shared/diagnose/decide-combined';
import { isIp } from '../../shared/net/address';
import type { Result } from '../../shared/schemas/common';
import { unavailable } from '../../shared/schemas/common';
import type { CheckReport, Fix, ProbeReport, WatchReport } from '../../shared/schemas/report';
import { watchPort } from '../capture/watch-port';
import { readPlatformIdentity } from '../probes/cloud/read-cloud-platform';
import { spawnStream } from '../system/spawn-stream';
import { checkPort } from './check-port';
import type { Services, StreamHandler } from './types';

/** A check report whose three steps are unknown: the combined verdict still uses the client and the capture. */
function unknownCheck(
  port: number,
  protocol: 'tcp' | 'udp',
  why: { reason: CheckReport['steps'][number]['reason']; detail: string },
): CheckReport {
  const step = (id: 'service' | 'binding' | 'firewall') => ({
    id,
    status: 'unknown' as const,
    reason: why.reason,
    summary: why.detail,
    evidence: [],
  });
  return {
    schema: 'portdoctor.check/1',
    target: { port, protocol },
    verdict: { cause: 'ok', summary: why.detail, fixes: [], partial: true },
    steps: [step('service'), step('binding'), step('firewall')],
    findings: [],
  };
}

async function capture(
  services: Services,
  port: number,
  seconds: number | undefined,
  given: WatchReport | undefined,
  standIn: boolean,
  signal: AbortSignal,
): Promise<Result<WatchReport> | null> {
  if (given)
    return given.port === port
      ? { kind: 'ok', data: given }
      : unavailable('unparseable', `the watch report is about port ${given.port}, not ${port}`);
  if (seconds === undefined) return null;
  if (services.replay) return unavailable('not-recorded', 'a replayed report holds no capture');
  return watchPort(spawnStream, services.platform, { port, seconds, standIn, signal, runner: services.runner });
}

/** The fixes of the joined verdict: the cloud's guidance for upstream-filtered (from the identity read while gathering). */
function fixesFor(cause: string, check: CheckReport, probe: ProbeReport | null, identity: PlatformIdentity | null): Fix[] {
  if (cause === 'upstream-filtered')
    return planCloudGuidance(detectCloud(identity ?? {}), check.target.port, check.target.protocol, probe?.localAddress);
  return cause === check.verdict.cause ? check.verdict.fixes : [];
}

/**
 * `diagnose:run`: gather, then judge. Steps 1–3 (each streamed as soon as its facts are judged), the client report (4)
 * and a capture (5) are gathered with the platform's identity (for upstream-filtered's cloud guidance), then joined by
 * the decision table; nothing is read after the verdict.
 */
export const runHandler: StreamHandler<'diagnose:run'> = async (request, ctx) => {
  const { services, signal, emit } = ctx;
  const probe = request.clientReport ?? null;
  // The decision table joins TCP handshakes; a UDP probe's silence means something else (open|filtered), so no join.
  if (probe?.target.protocol === 'udp')
    return unavailable(
      'not-implemented',
      `the client's result is a UDP probe, and joining both ends is done for TCP only: run \`portdoctor check ${request.port} --protocol udp\` on the server`,
    );
  // Without --source the client's own address (from its report) is the best guess of who connects.
  const source = request.source ?? (probe?.localAddress && isIp(probe.localAddress) ? probe.localAddress : undefined);
  for (const id of ['service', 'binding', 'firewall'] as const) emit({ type: 'step-started', id });
  // Every row that says upstream-filtered needs the client's report: only then can its cloud guidance be wanted. On a
  // host without a cloud this is a few small reads of /sys (Linux) beside the check, never after the verdict.
  const identityRead: Promise<PlatformIdentity | null> = probe
    ? readPlatformIdentity(services.runner, services.platform)
    : Promise.resolve(null);
  identityRead.catch(() => undefined); // awaited below; a failure surfaces there, as before
  const finished = (step: CheckReport['steps'][number]) => emit({ type: 'step-finished', step });
  // A check made for the same port, protocol and client is used as it is (the two-ended run makes it during the capture).
  const given = request.checkReport;
  const reuse =
    given &&
    given.target.port === request.port &&
    given.target.protocol === request.protocol &&
    (given.target.source ?? undefined) === source;
  const checked: Result<CheckReport> = reuse
    ? { kind: 'ok', data: given }
    : await checkPort(
        {
          port: request.port,
          protocol: request.protocol,
          ...(source ? { source } : {}),
          ...(request.expect ? { expect: request.expect } : {}),
        },
        services,
        finished,
      );
  const check =
    checked.kind === 'ok'
      ? checked.data
      : unknownCheck(request.port, request.protocol, { reason: checked.reason, detail: `steps 1–3 could not run: ${checked.detail}` });
  // A fresh check streamed its steps as they finished; a given one (or one that could not run) has them all now.
  if (reuse || checked.kind !== 'ok') for (const step of check.steps) finished(step);
  emit({ type: 'step-started', id: 'client' });
  emit({ type: 'step-finished', step: clientStep(probe) });
  emit({ type: 'step-started', id: 'packets' });
  const watch = await capture(services, request.port, request.watchSeconds, request.watchReport, request.standIn === true, signal);
  emit({ type: 'step-finished', step: packetsStep(watch, probe) });
  const identity = await identityRead;
  const decision = decideCombined({
    check: checked.kind === 'ok' ? check : null,
    probe,
    watch: watch?.kind === 'ok' ? watch.data : null,
    publicAddresses: request.publicAddresses ?? [],
  });
  const fixes = fixesFor(decision.cause, check, probe, identity);
  return { kind: 'ok', data: joinReport(check, probe, watch, decision, fixes) };
};
