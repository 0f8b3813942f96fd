import type { CheckFacts } from './facts';
import type { Cause } from '../schemas/common';
import type { CheckReport, Evidence, Finding, Step } from '../schemas/report';
import { judgeBinding } from './binding-step';
import { judgeFirewall } from './firewall-step';
import { fixesFor } from './fixes';
import { judgeService } from './service-step';

/**
 * The one verdict cause is the first error finding in this order. The chain is judged from the
 * process outwards: a fix further out cannot help while an inner link is broken (opening the
 * firewall does nothing for a service that listens on loopback only, or does not run at all).
 */
export const CAUSE_PRECEDENCE: readonly Cause[] = [
  'port-in-use',
  'privileged-port',
  'port-excluded',
  'forwarding-disabled',
  'not-listening',
  'accept-queue-overflow',
  'loopback-only',
  'address-family-mismatch',
  'bound-other-address',
  'host-firewall-reject',
  'host-firewall-drop',
];

const SUMMARIES: Record<string, string> = {
  ok: 'Nothing on this host stops the connection.',
  'not-listening': 'No process listens on the port.',
  'loopback-only': 'The service listens on loopback only, so only this host can reach it.',
  'bound-other-address': 'The service listens only on an address other than the one clients use.',
  'address-family-mismatch': 'The service listens on a different IP family than the clients use.',
  'port-in-use': 'Another process already holds the port the service wants.',
  'privileged-port': 'The service cannot bind a port below 1024 without privilege.',
  'accept-queue-overflow': 'The listen backlog is full: new connections are dropped.',
  'host-firewall-drop': 'The host firewall silently drops the connection.',
  'host-firewall-reject': 'The host firewall rejects the connection.',
  'forwarding-disabled': 'The port is forwarded (DNAT) but the kernel does not forward packets.',
};

function kernelInfo(facts: CheckFacts): Finding[] {
  const k = facts.kernel?.kind === 'ok' ? facts.kernel.data : null;
  if (!k) return [];
  const ev: Evidence[] = [];
  if (k.timeWait) ev.push({ kind: 'counter', text: `${k.timeWait} TIME-WAIT connection(s) on the port`, data: { timeWait: k.timeWait } });
  if (k.closeWait) ev.push({ kind: 'counter', text: `${k.closeWait} CLOSE-WAIT connection(s) on the port: the application does not close them`, data: { closeWait: k.closeWait } });
  const settings = [
    k.somaxconn !== undefined ? `net.core.somaxconn ${k.somaxconn}` : '',
    k.tcpTwReuse !== undefined ? `net.ipv4.tcp_tw_reuse ${k.tcpTwReuse}` : '',
    k.ipForward !== undefined ? `net.ipv4.ip_forward ${k.ipForward ? 1 : 0}` : '',
    k.listenOverflowsDelta !== undefined ? `ListenOverflows +${k.listenOverflowsDelta} during the check` : '',
  ].filter(Boolean);
  if (settings.length) ev.push({ kind: 'sysctl', text: settings.join(', '), data: { ...k } });
  if (k.localPortRange && k.localPortsInUse !== undefined) {
    const size = k.localPortRange[1] - k.localPortRange[0] + 1;
    ev.push({ kind: 'sysctl', text: `ephemeral ports ${k.localPortRange[0]}–${k.localPortRange[1]}: ${k.localPortsInUse} of ${size} in use`, source: 'linux.sysctl.net.ipv4.ip-local-port-range', data: { inUse: k.localPortsInUse, size } });
  }
  return ev.length ? [{ cause: 'ok', severity: 'info', evidence: ev }] : [];
}

function pickCause(findings: Finding[]): Cause {
  const errors = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.cause));
  return CAUSE_PRECEDENCE.find((c) => errors.has(c)) ?? [...errors][0] ?? 'ok';
}

/** Steps 1–3 and one verdict from the facts: pure, so live runs, replays and tests judge alike. */
export function diagnoseCheck(facts: CheckFacts): CheckReport {
  const service = judgeService(facts);
  const binding = judgeBinding(facts);
  const firewall = judgeFirewall(facts, facts.firewall.kind === 'ok' && !facts.target.source ? facts.firewall.data.evaluatedSource : undefined);
  const steps: Step[] = [service.step, binding.step, firewall.step];
  const findings = [...service.findings, ...binding.findings, ...firewall.findings, ...kernelInfo(facts)];
  const unknown = steps.filter((s) => s.status === 'unknown');
  const found = pickCause(findings);
  // Never `ok` on unknown ground: with a step unknown and nothing found, the verdict itself is `unknown`.
  const cause: Cause = found === 'ok' && unknown.length > 0 ? 'unknown' : found;
  let summary = SUMMARIES[cause] ?? cause;
  if (cause === 'unknown') {
    // Never a pass on unknown ground: say what could not be checked instead of "nothing stops it".
    summary = `Not verified: no cause found in what could be checked, but ${unknown.map((s) => `${s.id} (${s.reason ?? 'unknown'})`).join(', ')} could not be checked.`;
  }
  const target: CheckReport['target'] = { port: facts.target.port, protocol: facts.target.protocol };
  if (facts.target.source) target.source = facts.target.source;
  return {
    schema: 'portdoctor.check/1',
    target,
    verdict: { cause, summary, fixes: fixesFor(cause, facts), ...(unknown.length > 0 ? { partial: true } : {}) },
    steps,
    findings: findings.slice(0, 100),
    host: { platform: facts.platform },
  };
}
