import type { CheckFacts, FirewallFacts } from './facts';
import type { SourceId } from '../bundle/sources';
import type { FirewallVerdict, RateLimitTrip, RuleRef } from '../firewall/types';
import type { Evidence, Finding } from '../schemas/report';
import { ipForwardOffEvidence, unavailableEvidence } from './evidence';
import { noteEvidence } from './notes';
import { pendingEvidence } from './pending';
import { say, saySummary } from '../i18n/say';
import type { Judged } from './service-step';

/** Where a rule sits, as a person reads it: "table inet filter, chain input, handle 5". */
export function ruleWhere(r: RuleRef): string {
  // A Windows rule's text already names the rule and its store.
  if (r.backend === 'windows') return r.chain ? `chain ${r.chain}` : 'inbound';
  return [
    r.table ? `table ${r.table}` : '',
    r.chain ? `chain ${r.chain}` : '',
    r.handle !== undefined ? `handle ${r.handle}` : '',
    r.position !== undefined ? `rule ${r.position}` : '',
    r.name ? `"${r.name}"` : '',
    r.comment ? `comment "${r.comment}"` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** The rule as written, without the counter values nft prints inside it (they are said on their own). */
export function ruleBody(r: RuleRef): string {
  return r.text.replace(/\s+packets \d+ bytes \d+/g, '').replace(/^\[\d+:\d+\]\s+/, '');
}

const RULE_KEY: Partial<Record<FirewallVerdict['decision'], 'firewall.ruleAccept' | 'firewall.ruleDrop' | 'firewall.ruleReject'>> = {
  accept: 'firewall.ruleAccept',
  drop: 'firewall.ruleDrop',
  reject: 'firewall.ruleReject',
};

function decidingSaid(v: FirewallVerdict) {
  const base = { backend: v.backend === 'windows' ? 'Windows Defender Firewall' : v.backend, decision: v.decision };
  if (v.rule) {
    const rule = { ...base, rule: ruleBody(v.rule), where: ruleWhere(v.rule) };
    const counted = v.rule.counters && v.rule.counters.packets > 0 ? 'Counted' : '';
    const params = counted ? { ...rule, packets: v.rule.counters?.packets ?? 0 } : rule;
    if (v.rejectWith) return say(`firewall.ruleRejectWith${counted}`, { ...params, rejectWith: v.rejectWith });
    return say(`${RULE_KEY[v.decision] ?? 'firewall.rule'}${counted}`, params);
  }
  if (v.policy?.policy === 'no rules') return say('firewall.noRulesLoaded');
  if (v.policy?.chain)
    return say('firewall.policyChain', {
      ...base,
      chain: `${v.policy.table ? `${v.policy.table}/` : ''}${v.policy.chain}`,
      policy: v.policy.policy,
    });
  if (v.policy) return say('firewall.policy', { ...base, policy: v.policy.policy });
  return say('firewall.decides', base);
}

/** The evidence that names what decided: the deciding rule (with its counter), or the chain policy. */
export function decidingEvidence(v: FirewallVerdict, source: SourceId | undefined, command: string | undefined): Evidence {
  const e: Evidence = {
    kind: v.rule ? 'rule' : 'policy',
    ...decidingSaid(v),
    data: { decision: v.decision, backend: v.backend, rule: v.rule ?? null, policy: v.policy ?? null, rejectWith: v.rejectWith ?? null },
  };
  if (source) e.source = source;
  if (command) e.command = command;
  return e;
}

/** A tripped `-m recent` limit, from the kernel's list: who, how many attempts, when it lets them in again. */
export function rateLimitEvidence(t: RateLimitTrip): Evidence {
  const params = { address: t.address, list: t.list, hits: t.hits, threshold: t.threshold };
  const said =
    t.seconds !== undefined && t.clearsInSeconds !== undefined
      ? say('ratelimit.tripped', { ...params, seconds: t.seconds, clears: t.clearsInSeconds })
      : say('ratelimit.trippedKept', params);
  const path = `/proc/net/xt_recent/${t.list}`;
  const { rule: _rule, ...data } = t;
  return {
    kind: 'rate-limit',
    ...said,
    source: `linux.xt-recent.${t.list.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`,
    command: `sudo cat ${path}`,
    data: { ...data, rule: t.rule.text },
  };
}

function nftSource(table: string | undefined): SourceId {
  const [family, name] = (table ?? '').split(' ');
  if (!family || !name) return 'linux.nft.tables';
  const clean = name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `linux.nft.table.${family}.${clean}`;
}

function sourceOf(backend: string, platform: string, table?: string, byRule = true): { source?: SourceId; command?: string } {
  if (platform === 'win32') {
    return byRule
      ? { source: 'windows.ps.firewall-rules', command: 'Get-NetFirewallRule -PolicyStore ActiveStore -Enabled True -Direction Inbound' }
      : { source: 'windows.ps.firewall-profiles', command: 'Get-NetFirewallProfile' };
  }
  if (platform !== 'linux') return {};
  if (backend === 'iptables-legacy') return { source: 'linux.iptables.legacy.save', command: 'iptables-legacy-save' };
  if (backend === 'iptables-nft') return { source: 'linux.iptables.nft.save', command: 'iptables-save' };
  if (backend === 'firewalld') return { source: nftSource(table), command: 'firewall-cmd --list-all' };
  if (backend === 'ufw') return { source: 'linux.iptables.nft.save', command: 'ufw status verbose' };
  const [family, name] = (table ?? '').split(' ');
  return { source: nftSource(table), command: family && name ? `nft -a list table ${family} ${name}` : 'nft -a list ruleset' };
}

/** Step 3: does the host firewall let a SYN from the client (or a client from another network) in? */
export function judgeFirewall(facts: CheckFacts, representative?: string): Judged {
  const fw = facts.firewall;
  if (fw.kind !== 'ok')
    return {
      step: {
        id: 'firewall',
        status: 'unknown',
        reason: fw.reason,
        ...saySummary('firewall.unreadable'),
        evidence: [unavailableEvidence('The firewall ruleset', fw)],
      },
      findings: [],
    };
  const f = fw.data;
  const present = f.present.join(', ');
  const evidence: Evidence[] = [
    {
      kind: 'firewall',
      ...(present ? say('firewall.present', { present, inCharge: f.inCharge }) : say('firewall.presentNone', { inCharge: f.inCharge })),
      data: { present: f.present, inCharge: f.inCharge },
    },
  ];
  const v = f.verdict;
  if (!v)
    return {
      step: { id: 'firewall', status: 'unknown', reason: 'not-implemented', ...saySummary('firewall.notEvaluated'), evidence },
      findings: [],
    };
  const proof = verdictEvidence(facts, f, v, evidence);
  const forwardingOff = forwardingOffStep(facts, v, evidence);
  if (forwardingOff) return forwardingOff;
  if (f.allowedSources !== undefined)
    evidence.push({
      kind: 'allowed-sources',
      ...(f.allowedSources.length ? say('firewall.allowedSources', { sources: f.allowedSources.join(', ') }) : say('firewall.allowedNone')),
      data: { allowedSources: f.allowedSources },
    });
  return decisionStep(facts, f.inCharge, v, evidence, proof, representative);
}

/** The verdict's evidence, added to `evidence`: the deciding rule or policy, a tripped rate limit, notes, pending changes. Returns the proof of a block. */
function verdictEvidence(facts: CheckFacts, f: FirewallFacts, v: FirewallVerdict, evidence: Evidence[]): Evidence[] {
  const where =
    v.rule !== undefined && f.rulesSource
      ? f.rulesSource
      : sourceOf(v.backend, facts.platform, v.rule?.table ?? v.policy?.table, v.rule !== undefined);
  const decide = decidingEvidence(v, where.source, where.command);
  evidence.push(decide);
  const limit = v.rateLimit && facts.platform === 'linux' ? rateLimitEvidence(v.rateLimit) : null;
  if (limit) evidence.push(limit);
  for (const n of v.notes) evidence.push(noteEvidence(n));
  evidence.push(...pendingEvidence(facts));
  return limit ? [decide, limit] : [decide];
}

/** A DNATed packet (a published port) is routed on: with IPv4 forwarding off the kernel drops it before any rule. */
function forwardingOffStep(facts: CheckFacts, v: FirewallVerdict, evidence: Evidence[]): Judged | null {
  const fwd = v.forwarded;
  const ipForward = facts.forwarding?.kind === 'ok' ? facts.forwarding.data.ipForward : null;
  if (!fwd || fwd.local || fwd.to.includes(':') || ipForward !== false) return null;
  const e = ipForwardOffEvidence();
  evidence.push(e);
  return {
    step: { id: 'firewall', status: 'fail', ...saySummary('service.forwardingOff', { port: facts.target.port }), evidence },
    findings: [{ cause: 'forwarding-disabled', severity: 'error', evidence: [e] }],
  };
}

/** The step for the firewall's decision: pass on accept, fail on drop/reject (with the proof), unknown otherwise. */
function decisionStep(
  facts: CheckFacts,
  inCharge: FirewallFacts['inCharge'],
  v: FirewallVerdict,
  evidence: Evidence[],
  proof: Evidence[],
  representative: string | undefined,
): Judged {
  const { port, protocol, source } = facts.target;
  const whoKey = source ? 'Source' : representative ? 'Rep' : 'Network';
  const whatParams = { protocol: protocol.toUpperCase(), port, ...(source ? { source } : representative ? { representative } : {}) };
  if (v.decision === 'accept')
    return {
      step: {
        id: 'firewall',
        status: 'pass',
        ...(inCharge === 'none'
          ? saySummary(`firewall.noRules${whoKey}`, whatParams)
          : saySummary(`firewall.lets${whoKey}`, { firewall: inCharge, ...whatParams })),
        evidence,
      },
      findings: [],
    };
  if (v.decision === 'drop' || v.decision === 'reject') {
    const cause: Finding['cause'] = v.decision === 'drop' ? 'host-firewall-drop' : 'host-firewall-reject';
    return {
      step: {
        id: 'firewall',
        status: 'fail',
        ...saySummary(`firewall.${v.decision === 'drop' ? 'drops' : 'rejects'}${whoKey}`, { firewall: v.backend, ...whatParams }),
        evidence,
      },
      findings: [{ cause, severity: 'error', evidence: proof }],
    };
  }
  const reason =
    v.unknownReason ?? (v.decision === 'queue' ? 'the packet is queued to a userspace program' : 'could not be evaluated statically');
  evidence.push({
    kind: 'note',
    ...(v.unknownReason
      ? say('firewall.undecided', { reason })
      : say(v.decision === 'queue' ? 'firewall.undecidedQueue' : 'firewall.undecidedStatic')),
  });
  return {
    step: {
      id: 'firewall',
      status: 'unknown',
      reason: 'unparseable',
      ...saySummary(`firewall.unsure${whoKey}`, { ...whatParams, reason }),
      evidence,
    },
    findings: [],
  };
}
