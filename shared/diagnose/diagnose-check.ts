import { judgeReservations } from './reservations';
import type { CheckFacts, ServiceFacts } from './facts';
import type { Cause } from '../schemas/common';
import type { CheckReport, Evidence, Finding, Step } from '../schemas/report';
import { judgeBinding } from './binding-step';
import { judgeFirewall } from './firewall-step';
import { fixesFor } from './fixes';
import { say, saySummary } from '../i18n/say';
import { judgeService } from './service-step';
import { engineTemplate } from '../i18n/engine-text';
import type { EngineKeyUnder } from '../i18n/engine-keys';
import { isLoopback } from '../net/address';

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

function kernelInfo(facts: CheckFacts): Finding[] {
  const k = facts.kernel?.kind === 'ok' ? facts.kernel.data : null;
  if (!k) return [];
  const ev: Evidence[] = [];
  if (k.timeWait) ev.push({ kind: 'counter', ...say('kernel.timeWait', { count: k.timeWait }), data: { timeWait: k.timeWait } });
  if (k.closeWait) ev.push({ kind: 'counter', ...say('kernel.closeWait', { count: k.closeWait }), data: { closeWait: k.closeWait } });
  const settings = [
    k.somaxconn !== undefined ? `net.core.somaxconn ${k.somaxconn}` : '',
    k.tcpTwReuse !== undefined ? `net.ipv4.tcp_tw_reuse ${k.tcpTwReuse}` : '',
    k.ipForward !== undefined ? `net.ipv4.ip_forward ${k.ipForward ? 1 : 0}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const overflows = k.listenOverflowsDelta;
  const said =
    overflows === undefined
      ? settings
        ? say('kernel.settings', { settings })
        : null
      : settings
        ? say('kernel.settingsOverflows', { settings, overflows })
        : say('kernel.overflows', { overflows });
  if (said) ev.push({ kind: 'sysctl', ...said, data: { ...k } });
  if (k.localPortRange && k.localPortsInUse !== undefined) {
    const size = k.localPortRange[1] - k.localPortRange[0] + 1;
    ev.push({
      kind: 'sysctl',
      ...say('kernel.ephemeral', { low: k.localPortRange[0], high: k.localPortRange[1], inUse: k.localPortsInUse, size }),
      source: 'linux.sysctl.net.ipv4.ip-local-port-range',
      data: { inUse: k.localPortsInUse, size },
    });
  }
  return ev.length ? [{ cause: 'ok', severity: 'info', evidence: ev }] : [];
}

/** The addresses a client could reach this host by: every interface address but loopback and link-local. */
function ownAddresses(list: readonly { address: string }[]): string[] {
  return [...new Set(list.map((a) => a.address).filter((a) => !isLoopback(a) && !/^fe80:/i.test(a)))].slice(0, 256);
}

/** Whether a cause has its own verdict sentence (`engine.verdict.<cause>`); the others are summarised by their id. */
function hasVerdictSentence(cause: Cause): cause is Cause & EngineKeyUnder<'verdict'> {
  return engineTemplate('en', `engine.verdict.${cause}`) !== undefined;
}

function pickCause(findings: Finding[]): Cause {
  const errors = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.cause));
  return CAUSE_PRECEDENCE.find((c) => errors.has(c)) ?? [...errors][0] ?? 'ok';
}

/** Step 1 (service) with the port's reservations (Windows): judged as soon as its facts are read, so a check streams it. */
export function judgeServiceStep(facts: ServiceFacts): { step: Step; findings: Finding[] } {
  const service = judgeService(facts);
  const reserved = judgeReservations(facts);
  service.step.evidence.push(...reserved.evidence);
  if (reserved.findings.some((f) => f.severity === 'error'))
    Object.assign(service.step, { status: 'fail' }, saySummary('verdict.port-excluded'));
  return { step: service.step, findings: [...service.findings, ...reserved.findings] };
}

/** Step 3 (firewall): the verdict judged for the source, or for the representative client without one. */
export function judgeFirewallStep(facts: CheckFacts): { step: Step; findings: Finding[] } {
  return judgeFirewall(facts, facts.firewall.kind === 'ok' && !facts.target.source ? facts.firewall.data.evaluatedSource : undefined);
}

/** Steps 1–3 and one verdict from the facts: pure, so live runs, replays and tests judge alike. */
export function diagnoseCheck(facts: CheckFacts): CheckReport {
  const service = judgeServiceStep(facts);
  const binding = judgeBinding(facts);
  const firewall = judgeFirewallStep(facts);
  const steps: Step[] = [service.step, binding.step, firewall.step];
  const findings = [...service.findings, ...binding.findings, ...firewall.findings, ...kernelInfo(facts)];
  const unknown = steps.filter((s) => s.status === 'unknown');
  const found = pickCause(findings);
  // Never `ok` on unknown ground: with a step unknown and nothing found, the verdict itself is `unknown`.
  const cause: Cause = found === 'ok' && unknown.length > 0 ? 'unknown' : found;
  // Never a pass on unknown ground: say what could not be checked instead of "nothing stops it".
  const said =
    cause === 'unknown'
      ? saySummary('verdict.unknown', { steps: unknown.map((s) => `${s.id} (${s.reason ?? 'unknown'})`).join(', ') })
      : hasVerdictSentence(cause)
        ? saySummary(`verdict.${cause}`)
        : { summary: cause };
  const target: CheckReport['target'] = { port: facts.target.port, protocol: facts.target.protocol };
  if (facts.target.source) target.source = facts.target.source;
  return {
    schema: 'portdoctor.check/1',
    target,
    verdict: { cause, ...said, fixes: fixesFor(cause, facts), ...(unknown.length > 0 ? { partial: true } : {}) },
    steps,
    findings: findings.slice(0, 100),
    host: { platform: facts.platform, ...(facts.addresses.kind === 'ok' ? { addresses: ownAddresses(facts.addresses.data) } : {}) },
  };
}
