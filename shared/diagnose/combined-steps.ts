import type { Result } from '../schemas/common';
import type { CheckReport, Evidence, Fix, ProbeReport, Step, WatchReport } from '../schemas/report';
import { queueEvidence } from './queue-step';
import type { CombinedDecision } from './decide-combined';
import { say, saySummary } from '../i18n/say';

/** Step 4 from a client probe report (skipped without one: the server cannot connect as the client). */
export function clientStep(probe: ProbeReport | null): Step {
  if (!probe) return { id: 'client', status: 'skipped', ...saySummary('combined.clientSkipped'), evidence: [] };
  const status = probe.outcome === 'ok' ? 'pass' : 'fail';
  const params = {
    target: `${probe.target.host}:${probe.target.port}`,
    outcome: probe.outcome,
    ms: probe.elapsedMs,
    ...(probe.error ? { error: probe.error } : {}),
  };
  return {
    id: 'client',
    status,
    ...saySummary(probe.error ? 'combined.clientSummaryError' : 'combined.clientSummary', params),
    evidence: (probe.evidence ?? []).slice(0, 500),
  };
}

/** Step 5 from a capture: per-peer handshakes; `unknown` with the reason when it could not run. */
export function packetsStep(watch: Result<WatchReport> | null, probe: ProbeReport | null): Step {
  if (!watch) return { id: 'packets', status: 'skipped', ...saySummary('combined.packetsSkipped'), evidence: [] };
  if (watch.kind !== 'ok') {
    return {
      id: 'packets',
      status: 'unknown',
      reason: watch.reason,
      ...saySummary('combined.captureFailed', { detail: watch.detail }),
      evidence: [
        { kind: 'unavailable', text: watch.detail, ...(watch.command ? { command: watch.command } : {}), data: { reason: watch.reason } },
      ],
    };
  }
  const w = watch.data;
  const evidence: Evidence[] = w.peers.slice(0, 400).map((p) => ({
    kind: 'packet',
    ...say(p.icmpTypes?.length ? 'combined.peerIcmp' : 'combined.peer', {
      address: p.address,
      result: p.result,
      syn: p.syn,
      retransmitted: p.retransmissions ?? 0,
      synAck: p.synAck,
      rst: p.rst,
      icmp: p.icmp ?? 0,
      ...(p.icmpTypes?.length ? { icmpTypes: p.icmpTypes.join('; ') } : {}),
    }),
    source: w.capture?.tool === 'pktmon' ? 'windows.pktmon.capture' : 'linux.tcpdump.capture',
    ...(w.capture ? { command: w.capture.command } : {}),
    data: { ...p },
  }));
  if (w.queue) evidence.push(queueEvidence(w.queue));
  if (w.standIn)
    evidence.unshift({
      kind: 'stand-in',
      ...(w.standIn.error
        ? say('combined.standInError', { error: w.standIn.error })
        : say('combined.standIn', { addresses: w.standIn.addresses.join(', '), connections: w.standIn.connections })),
      source: 'linux.tcpdump.capture',
      data: { ...w.standIn },
    });
  if (w.peers.length === 0) {
    const tried = probe !== null && probe.outcome !== 'ok';
    return {
      id: 'packets',
      status: tried ? 'fail' : 'warn',
      ...(tried
        ? saySummary('combined.noSynArrived', { port: w.port, seconds: w.seconds ?? '?' })
        : saySummary('combined.noAttempt', { seconds: w.seconds ?? '?' })),
      evidence,
    };
  }
  const answered = w.peers.filter((p) => p.result === 'answered').length;
  const status = answered === w.peers.length ? 'pass' : 'fail';
  return {
    id: 'packets',
    status,
    ...saySummary('combined.peers', { peers: w.peers.length, answered, notAnswered: w.peers.length - answered }),
    evidence,
  };
}

/** The five-step report: the check's steps 1–3, the client and packet steps, and the combined verdict. */
export function joinReport(
  check: CheckReport,
  probe: ProbeReport | null,
  watch: Result<WatchReport> | null,
  decision: CombinedDecision,
  fixes: Fix[],
): CheckReport {
  const steps = [...check.steps.filter((s) => s.id !== 'client' && s.id !== 'packets'), clientStep(probe), packetsStep(watch, probe)];
  const unknown = steps.some((s) => s.status === 'unknown');
  const finding = {
    cause: decision.cause,
    severity: decision.cause === 'ok' ? ('info' as const) : decision.cause === 'unknown' ? ('warning' as const) : ('error' as const),
    evidence: decision.evidence,
  };
  // Keep the key of whichever summary is shown, so the verdict translates either way.
  const fromCheck = decision.cause === check.verdict.cause && decision.rule === 'server-only';
  const said = fromCheck
    ? {
        summary: check.verdict.summary,
        ...(check.verdict.summaryKey ? { summaryKey: check.verdict.summaryKey } : {}),
        ...(check.verdict.summaryParams ? { summaryParams: check.verdict.summaryParams } : {}),
      }
    : {
        summary: decision.summary,
        ...(decision.summaryKey ? { summaryKey: decision.summaryKey } : {}),
        ...(decision.summaryParams ? { summaryParams: decision.summaryParams } : {}),
      };
  return {
    ...check,
    verdict: { cause: decision.cause, ...said, fixes: fixes.slice(0, 50), ...(decision.partial || unknown ? { partial: true } : {}) },
    steps,
    findings: [...check.findings, finding].slice(0, 100),
  };
}
