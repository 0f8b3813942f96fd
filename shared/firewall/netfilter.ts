import type { FirewallVerdict, InboundPacket } from './types';
import type { NftRuleset, NftTable } from './nft/model';
import { evaluateNftablesOrdered } from './nft/evaluate';
import type { IptablesRuleset } from './iptables/model';
import { evaluateIptablesOrdered } from './iptables/evaluate';

/** The rulesets present on one Linux host; any may be missing. */
export interface NetfilterInput {
  nft?: NftRuleset;
  iptablesNft?: IptablesRuleset;
  iptablesLegacy?: IptablesRuleset;
}

interface Part {
  verdict: FirewallVerdict;
  order: { hook: number; prio: number };
  /** Position among the inputs, to break priority ties in hook registration order. */
  rank: number;
}

const XTABLES = new Set(['filter', 'raw', 'mangle', 'nat', 'security']);
const LAST = { hook: 9, prio: 0 };

/**
 * Combine nftables, iptables-nft and iptables-legacy: the packet must pass every base chain of every
 * component (they all hook into the same netfilter path); the first non-accept in hook/priority order
 * decides; an `unknown` component with no drop anywhere makes the whole answer `unknown`.
 */
export function evaluateNetfilter(input: NetfilterInput, packet: InboundPacket): FirewallVerdict & { parts: FirewallVerdict[] } {
  const parts: Part[] = [];
  if (input.nft) parts.push(nftPart(input.nft, input.iptablesNft, packet));
  if (input.nft && !input.iptablesNft) {
    const compat = input.nft.tables.filter((t) => t.xtCompat);
    if (compat.length > 0) parts.push(missingIptablesNft(compat));
  }
  if (input.iptablesNft) parts.push(iptablesPart(input.iptablesNft, packet, 'iptables-nft', 2));
  if (input.iptablesLegacy) parts.push(iptablesPart(input.iptablesLegacy, packet, 'iptables-legacy', 3));
  return combine(parts);
}

function nftPart(nft: NftRuleset, iptablesNft: IptablesRuleset | undefined, packet: InboundPacket): Part {
  const family = packet.family === 4 ? 'ip' : 'ip6';
  const names = new Set(iptablesNft?.tables.map((t) => t.name) ?? []);
  // With iptables-save at hand, its tables are judged from there, even those without opaque xt matches.
  const skipTable = (t: NftTable): boolean => t.xtCompat || (t.family === family && XTABLES.has(t.name) && names.has(t.name));
  const { outcome, order } = evaluateNftablesOrdered(nft, packet, { skipTable });
  const { decidedAt: _d, ...verdict } = outcome;
  return { verdict, order: order ?? LAST, rank: 1 };
}

function missingIptablesNft(compat: NftTable[]): Part {
  const names = compat.map((t) => `${t.family} ${t.name}`).join(', ');
  return {
    verdict: {
      backend: 'iptables-nft',
      decision: 'unknown',
      trace: [],
      notes: [],
      unknownReason: `iptables-nft rules (${names}) contain matches only iptables-save spells out, and its output was not available`,
    },
    order: LAST,
    rank: 2,
  };
}

function iptablesPart(ruleset: IptablesRuleset, packet: InboundPacket, backend: 'iptables-nft' | 'iptables-legacy', rank: number): Part {
  const { outcome, order } = evaluateIptablesOrdered(ruleset, packet, backend);
  const { decidedAt: _d, ...verdict } = outcome;
  return { verdict, order: order ?? LAST, rank };
}

function byPath(a: Part, b: Part): number {
  return a.order.hook - b.order.hook || a.order.prio - b.order.prio || a.rank - b.rank;
}

function combine(parts: Part[]): FirewallVerdict & { parts: FirewallVerdict[] } {
  const verdicts = parts.map((p) => p.verdict);
  const notes = verdicts.flatMap((v) => (verdicts.length > 1 ? v.notes.map((n) => `${v.backend}: ${n}`) : v.notes));
  const trace = verdicts.flatMap((v) => v.trace);
  if (parts.length === 0) {
    return { backend: 'nftables', decision: 'accept', trace: [], notes: ['No rules: no nftables or iptables ruleset was found.'], parts: [] };
  }
  const ordered = [...parts].sort(byPath);
  const stop = ordered.find((p) => p.verdict.decision === 'drop' || p.verdict.decision === 'reject' || p.verdict.decision === 'queue');
  if (stop) return { ...stop.verdict, trace, notes, parts: verdicts };
  const unknown = ordered.find((p) => p.verdict.decision === 'unknown');
  if (unknown) return { ...unknown.verdict, trace, notes, parts: verdicts };
  // Everything accepts: the last component that accepted by a rule (not a default policy) is the informative one.
  const decider = [...ordered].reverse().find((p) => p.verdict.rule) ?? ordered[ordered.length - 1];
  return { ...(decider?.verdict ?? verdicts[0]), backend: decider?.verdict.backend ?? 'nftables', decision: 'accept', trace, notes, parts: verdicts };
}
