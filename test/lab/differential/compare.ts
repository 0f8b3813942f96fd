import { buildFirewallFacts } from '../../../shared/firewall/judge-linux';
import type { FirewallReadings } from '../../../shared/firewall/judge-linux';
import type { FirewallVerdict, InboundPacket } from '../../../shared/firewall/types';
import type { KernelAnswer, PairNet, ProbeRequest } from './rig';
import type { Counted, CountedRules, Listings } from './truth';
import { risen, ruleKey } from './truth';

/** What PortDoctor says about one SYN: the verdict and the component it names in charge. */
export interface Said {
  verdict: FirewallVerdict;
  inCharge: string;
}

/** One probe's comparison. */
export interface Comparison {
  kernel: KernelAnswer;
  said: { decision: string; rule?: string; inCharge: string; rejectWith?: string; unknownReason?: string };
  counted: CountedRules;
  wrongOk: boolean;
  unknown: boolean;
  causeAgrees: boolean;
  /** Does the named deciding rule (or policy) match the counters? null when the cause differs or is unknown. */
  ruleAgrees: boolean | null;
  /** Does the reject flavour predict what the client saw (RST/port-unreachable → refused, prohibited → unreachable)? */
  rejectAgrees: boolean | null;
}

/** The packet as `check --source` builds it for this probe (the pair's addresses, the input interface, the captured SYN's headers). */
export function packetFor(net: PairNet, req: ProbeRequest): InboundPacket {
  const p: InboundPacket = {
    family: 4,
    protocol: 'tcp',
    source: req.src,
    destination: req.dst,
    dport: req.dport,
    sport: req.sport,
    iif: net.srvIf,
    links: net.links,
  };
  if (net.syn) p.headers = net.syn;
  // Judged right after the probe: its time is the SYN's (nft `meta time`).
  p.at = Date.now();
  return p;
}

/** iptables-save output as the product reads it (without -c): the counters are the ground truth, not its input. */
function withoutCounters(text: string): string {
  return text.replace(/^\[\d+:\d+\] /gm, '').replace(/^(:\S+ \S+) \[\d+:\d+\]$/gm, '$1 [0:0]');
}

/** Judge the packet as the product does: parse the listings, evaluate, attribute, name the component in charge. */
export function judge(l: Listings, packet: InboundPacket): Said {
  const ok = <T>(data: T) => ({ kind: 'ok' as const, data });
  const readings: FirewallReadings = {
    nft: ok(l.nft),
    iptablesNft: ok(withoutCounters(l.iptablesNft)),
    iptablesLegacy: ok(withoutCounters(l.iptablesLegacy)),
    firewalld: ok({ running: false, activeZones: [], zones: [] }),
    ufw: ok({ active: false, rules: [] }),
  };
  const facts = buildFirewallFacts(readings, packet, false);
  if (facts.kind !== 'ok' || !facts.data.verdict) throw new Error(`no firewall verdict: ${JSON.stringify(facts)}`);
  return { verdict: facts.data.verdict, inCharge: facts.data.inCharge };
}

function saidKey(v: FirewallVerdict): string | undefined {
  if (v.rule) return ruleKey(v.rule);
  if (v.policy && v.backend !== 'nftables') return `${v.backend}|${v.policy.table ?? ''}|${v.policy.chain ?? ''}|policy`;
  return undefined;
}

const REFUSED = /tcp reset|port-unreachable/;

function rejectAgrees(v: FirewallVerdict, k: KernelAnswer): boolean | null {
  if (v.decision !== 'reject' || k.outcome !== 'reject' || !v.rejectWith) return null;
  return REFUSED.test(v.rejectWith) === (k.code === 'ECONNREFUSED');
}

/** Does the named deciding rule (or policy) match the counters? null when the cause differs. */
export function ruleAgreement(said: Said, kernel: KernelAnswer, counted: CountedRules): boolean | null {
  const v = said.verdict;
  if (v.decision !== kernel.outcome) return null;
  const key = saidKey(v);
  const accept = kernel.outcome === 'accept';
  const pool = accept ? counted.accepts : counted.stops;
  const maybe = (accept ? counted.maybeAccepts : counted.maybeStops) ?? [];
  const rules = pool.filter((k) => !k.endsWith('|policy'));
  const named = key !== undefined && maybe.includes(key);
  // A rule that counted this SYN with that verdict must be named; a policy only when no such rule counted
  // (an nft policy has no counter; an iptables policy's must have risen). A rule that counted before a test that
  // may have failed may be named too: where a sure rule counted, only for an accept (an accept goes on to the next
  // base chain; a drop or reject ends the path, so a sure stop that counted was the one); else beside a policy.
  let agrees =
    rules.length > 0
      ? key !== undefined && (rules.includes(key) || (accept && named))
      : named || (v.rule === undefined && v.policy !== undefined && (key === undefined || pool.includes(key)));
  // Whoever is named in charge of an accepted SYN must be a component whose rule accepted it.
  if (kernel.outcome === 'accept' && rules.length > 0 && !rules.some((k) => k.startsWith(`${said.inCharge}|`))) agrees = false;
  return agrees;
}

/** Compare what was said with what the kernel did and counted. */
export function compare(said: Said, kernel: KernelAnswer, before: Counted, after: Counted): Comparison {
  const v = said.verdict;
  const counted = risen(before, after);
  const key = saidKey(v);
  return {
    kernel,
    said: {
      decision: v.decision,
      inCharge: said.inCharge,
      ...(key ? { rule: key } : {}),
      ...(v.rejectWith ? { rejectWith: v.rejectWith } : {}),
      ...(v.unknownReason ? { unknownReason: v.unknownReason } : {}),
    },
    counted,
    wrongOk: v.decision === 'accept' && kernel.outcome !== 'accept',
    unknown: v.decision === 'unknown',
    causeAgrees: v.decision === kernel.outcome,
    ruleAgrees: ruleAgreement(said, kernel, counted),
    rejectAgrees: rejectAgrees(v, kernel),
  };
}
