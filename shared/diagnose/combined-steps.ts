import type { Result } from '../schemas/common';
import type { CheckReport, Evidence, Fix, ProbeReport, Step, WatchReport } from '../schemas/report';
import type { CombinedDecision } from './decide-combined';

/** Step 4 from a client probe report (skipped without one: the server cannot connect as the client). */
export function clientStep(probe: ProbeReport | null): Step {
  if (!probe) return { id: 'client', status: 'skipped', summary: 'no client report: run `portdoctor probe <host>:<port> --json` on the client and pass it with --client-report', evidence: [] };
  const status = probe.outcome === 'ok' ? 'pass' : 'fail';
  const summary = `${probe.target.host}:${probe.target.port} → ${probe.outcome}${probe.error ? ` (${probe.error})` : ''} in ${probe.elapsedMs} ms`;
  return { id: 'client', status, summary, evidence: (probe.evidence ?? []).slice(0, 500) };
}

/** Step 5 from a capture: per-peer handshakes; `unknown` with the reason when it could not run. */
export function packetsStep(watch: Result<WatchReport> | null, probe: ProbeReport | null): Step {
  if (!watch) return { id: 'packets', status: 'skipped', summary: 'no capture: pass --watch <seconds> or --watch-report <file>', evidence: [] };
  if (watch.kind !== 'ok') {
    return { id: 'packets', status: 'unknown', reason: watch.reason, summary: `the capture could not run: ${watch.detail}`, evidence: [{ kind: 'unavailable', text: watch.detail, ...(watch.command ? { command: watch.command } : {}), data: { reason: watch.reason } }] };
  }
  const w = watch.data;
  const evidence: Evidence[] = w.peers.slice(0, 400).map((p) => ({
    kind: 'packet',
    text: `${p.address}: ${p.result} — SYN ${p.syn} (retransmitted ${p.retransmissions ?? 0}), SYN-ACK ${p.synAck}, RST ${p.rst}, ICMP ${p.icmp ?? 0}${p.icmpTypes?.length ? ` [${p.icmpTypes.join('; ')}]` : ''}`,
    source: w.capture?.tool === 'pktmon' ? 'windows.pktmon.capture' : 'linux.tcpdump.capture',
    ...(w.capture ? { command: w.capture.command } : {}),
    data: { ...p },
  }));
  if (w.standIn) evidence.unshift({ kind: 'stand-in', text: w.standIn.error ? `stand-in listener: ${w.standIn.error}` : `PortDoctor listened on ${w.standIn.addresses.join(', ')} itself: ${w.standIn.connections} connection(s) reached it`, source: 'linux.tcpdump.capture', data: { ...w.standIn } });
  if (w.peers.length === 0) {
    const tried = probe !== null && probe.outcome !== 'ok';
    return { id: 'packets', status: tried ? 'fail' : 'warn', summary: tried ? `no SYN to port ${w.port} arrived in ${w.seconds ?? '?'} s` : `no connection attempt arrived in ${w.seconds ?? '?'} s (did a client try meanwhile?)`, evidence };
  }
  const answered = w.peers.filter((p) => p.result === 'answered').length;
  const status = answered === w.peers.length ? 'pass' : 'fail';
  return { id: 'packets', status, summary: `${w.peers.length} peer(s): ${answered} answered, ${w.peers.length - answered} not`, evidence };
}

/** The five-step report: the check's steps 1–3, the client and packet steps, and the combined verdict. */
export function joinReport(check: CheckReport, probe: ProbeReport | null, watch: Result<WatchReport> | null, decision: CombinedDecision, fixes: Fix[]): CheckReport {
  const steps = [...check.steps.filter((s) => s.id !== 'client' && s.id !== 'packets'), clientStep(probe), packetsStep(watch, probe)];
  const unknown = steps.some((s) => s.status === 'unknown');
  const finding = { cause: decision.cause, severity: decision.cause === 'ok' ? ('info' as const) : decision.cause === 'unknown' ? ('warning' as const) : ('error' as const), evidence: decision.evidence };
  const summary = decision.cause === check.verdict.cause && decision.rule === 'server-only' ? check.verdict.summary : decision.summary;
  return {
    ...check,
    verdict: { cause: decision.cause, summary, fixes: fixes.slice(0, 50), ...(decision.partial || unknown ? { partial: true } : {}) },
    steps,
    findings: [...check.findings, finding].slice(0, 100),
  };
}
