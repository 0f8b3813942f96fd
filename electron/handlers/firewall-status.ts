import type { FirewallStatus, TracedRule } from '../../shared/schemas/firewall';
import type { FirewallVerdict, RuleRef } from '../../shared/firewall/types';
import { unavailable } from '../../shared/schemas/common';
import { judgeFirewall } from '../../shared/diagnose/firewall-step';
import type { CheckFacts } from '../../shared/diagnose/facts';
import { readCheckFacts } from './check-port';
import type { CallHandler } from './types';

const BACKENDS = ['nftables', 'iptables-nft', 'iptables-legacy', 'firewalld', 'ufw', 'windows', 'none', 'unknown'] as const;

/** The verdict's trace as rows for the rule list; the deciding rule is added when the trace left it out. */
function traceOf(verdict: FirewallVerdict): TracedRule[] {
  const same = (a: RuleRef, b: RuleRef | undefined) =>
    b !== undefined &&
    a.text === b.text &&
    a.chain === b.chain &&
    a.table === b.table &&
    a.handle === b.handle &&
    a.position === b.position;
  const rules = verdict.rule && !verdict.trace.some((r) => same(r, verdict.rule)) ? [...verdict.trace, verdict.rule] : verdict.trace;
  return rules.map((r) => {
    const { backend: _backend, ...rest } = r;
    return { ...rest, deciding: same(r, verdict.rule) };
  });
}

/** `firewall:status`: which firewall is in charge and what it decides for a SYN to the port (step 3 alone). */
export const firewallStatusHandler: CallHandler<'firewall:status'> = async (request, { services }) => {
  const target: CheckFacts['target'] = { port: request.port, protocol: request.protocol };
  if (request.source) target.source = request.source;
  const facts = await readCheckFacts(services, target);
  if (!facts) return unavailable('unsupported-platform', `no probes for ${services.platform} yet`);
  if (facts.firewall.kind !== 'ok') return facts.firewall;
  const f = facts.firewall.data;
  const judged = judgeFirewall(facts, target.source ? undefined : f.evaluatedSource);
  const backend = (BACKENDS as readonly string[]).includes(f.inCharge) ? (f.inCharge as FirewallStatus['backend']) : 'unknown';
  const d = f.verdict?.decision;
  const status: FirewallStatus = {
    backend,
    enabled: f.present.length > 0,
    decision: d === 'accept' || d === 'drop' || d === 'reject' ? d : 'unknown',
    evidence: judged.step.evidence,
  };
  if (f.verdict?.rule) status.decidingRule = f.verdict.rule.text;
  if (f.verdict) status.trace = traceOf(f.verdict);
  if (f.verdict?.policy) status.policy = f.verdict.policy;
  if (target.source ?? f.evaluatedSource) status.evaluatedSource = target.source ?? f.evaluatedSource;
  return { kind: 'ok', data: status };
};
