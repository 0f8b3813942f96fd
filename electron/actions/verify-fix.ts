import type { CheckFacts } from '../../shared/diagnose/facts';
import type { Evidence } from '../../shared/schemas/report';
import type { Runner } from '../system/runner';

/** Reads the facts again after a change (the same probes a check uses). */
export type ReadFacts = (runner: Runner, target: CheckFacts['target']) => Promise<CheckFacts>;

/**
 * Re-read the ruleset, re-evaluate and re-probe locally. "Fixed" only when the evaluation says accept:
 * a local connect that succeeds proves the service answers, not that the client's SYN gets through.
 */
export async function verifyFix(
  runner: Runner,
  readFacts: ReadFacts,
  target: CheckFacts['target'],
): Promise<{ fixed: boolean; evidence: Evidence[] }> {
  const facts = await readFacts(runner, target);
  const evidence: Evidence[] = [];
  let fixed = false;
  if (facts.firewall.kind !== 'ok') {
    evidence.push({
      kind: 'verify',
      text: `Could not re-read the firewall to verify (${facts.firewall.reason}): ${facts.firewall.detail}`,
      ...(facts.firewall.command ? { command: facts.firewall.command } : {}),
    });
  } else {
    const verdict = facts.firewall.data.verdict;
    const decision = verdict?.decision ?? 'unknown';
    fixed = decision === 'accept';
    const by = verdict?.rule ? ` by rule: ${verdict.rule.text}` : verdict?.policy ? ` by policy ${verdict.policy.policy}` : '';
    evidence.push({
      kind: 'verify',
      text: `Re-evaluated ${facts.firewall.data.inCharge}: a ${target.protocol.toUpperCase()} SYN to port ${target.port} from ${target.source ?? 'another network'} is now ${decision}${by}.`,
      data: { decision },
    });
  }
  if (facts.localConnect?.kind === 'ok') {
    for (const c of facts.localConnect.data)
      evidence.push({
        kind: 'local-connect',
        text: `Local connect to ${c.address}:${target.port}: ${c.outcome} (${c.elapsedMs} ms).`,
        data: { outcome: c.outcome },
      });
  }
  return { fixed, evidence };
}
