import type { Cause } from '../schemas/common';
import type { CheckReport, Evidence } from '../schemas/report';

/** What the combined verdict needs from steps 1–3, read back from a check report (live or from a file). */
export interface ServerView {
  /** The check's own verdict (steps 1–3 alone). */
  checkCause: Cause | null;
  /** Error causes the check found. */
  findings: Cause[];
  listening: boolean | null;
  /** Local addresses the service listens on (`0.0.0.0`, `::`, `127.0.0.1`, …), when the check listed them. */
  listeners: string[] | null;
  firewall: 'accept' | 'drop' | 'reject' | 'unknown';
  /** For a reject: `tcp reset`, `icmp port-unreachable`, `icmpx admin-prohibited`, … */
  rejectWith: string | null;
  /** The evidence that told the firewall decision (the rule or policy). */
  firewallEvidence: Evidence | null;
  /** This host's own addresses (loopback and link-local left out), when the check read them. */
  ownAddresses: string[] | null;
}

function firewallDecision(check: CheckReport): Pick<ServerView, 'firewall' | 'rejectWith' | 'firewallEvidence'> {
  const step = check.steps.find((s) => s.id === 'firewall');
  const decided = step?.evidence.find((e) => (e.kind === 'rule' || e.kind === 'policy') && typeof e.data?.decision === 'string');
  const decision = decided?.data?.decision;
  const rejectWith = typeof decided?.data?.rejectWith === 'string' ? decided.data.rejectWith : null;
  if (step?.status === 'pass') return { firewall: 'accept', rejectWith: null, firewallEvidence: decided ?? step.evidence[0] ?? null };
  if (decision === 'drop' || decision === 'reject') return { firewall: decision, rejectWith, firewallEvidence: decided ?? null };
  if (check.findings.some((f) => f.cause === 'host-firewall-drop'))
    return { firewall: 'drop', rejectWith: null, firewallEvidence: decided ?? null };
  if (check.findings.some((f) => f.cause === 'host-firewall-reject'))
    return { firewall: 'reject', rejectWith, firewallEvidence: decided ?? null };
  return { firewall: 'unknown', rejectWith: null, firewallEvidence: null };
}

function listenerAddresses(check: CheckReport): string[] | null {
  for (const step of check.steps) {
    for (const e of step.evidence) {
      const l = e.data?.listeners;
      if (Array.isArray(l) && l.every((a) => typeof a === 'string')) return l as string[];
    }
  }
  const sockets = check.steps
    .find((s) => s.id === 'service')
    ?.evidence.filter((e) => e.kind === 'socket' && typeof e.data?.localAddress === 'string');
  return sockets && sockets.length > 0 ? sockets.map((e) => String(e.data?.localAddress)) : null;
}

/** Read the facts the decision table uses out of a check report; what the report does not say stays unknown. */
export function readServerView(check: CheckReport | null): ServerView {
  if (!check)
    return {
      checkCause: null,
      findings: [],
      listening: null,
      listeners: null,
      firewall: 'unknown',
      rejectWith: null,
      firewallEvidence: null,
      ownAddresses: null,
    };
  const findings = check.findings.filter((f) => f.severity === 'error').map((f) => f.cause);
  const service = check.steps.find((s) => s.id === 'service');
  const listening = findings.includes('not-listening') ? false : service?.status === 'pass' || service?.status === 'warn' ? true : null;
  return {
    checkCause: check.verdict.cause,
    findings,
    listening,
    listeners: listenerAddresses(check),
    ...firewallDecision(check),
    ownAddresses: check.host?.addresses ?? null,
  };
}
