import { endpoint, normalizeIp } from '../net/address';
import type { FirewallVerdict, Forwarding, InboundPacket } from './types';
import type { NftRuleset, NftTable } from './nft/model';
import { evaluateNftablesOrdered, findNftDnat, setsKey, setsMarks } from './nft/evaluate';
import type { NftEvaluateOptions } from './nft/evaluate';
import type { IptablesRuleset } from './iptables/model';
import { evaluateIptablesOrdered, findIptablesDnat } from './iptables/evaluate';
import { fromBackend, note } from '../i18n/note';
import type { Note } from '../i18n/note';

/** The rulesets present on one Linux host; any may be missing. */
export interface NetfilterInput {
  nft?: NftRuleset;
  iptablesNft?: IptablesRuleset;
  iptablesLegacy?: IptablesRuleset;
}

interface Part {
  verdict: FirewallVerdict;
  /** Hook, priority, then tie (lower runs first; equal ties mean the kernel order cannot be told). */
  order: { hook: number; prio: number; tie: number };
  /** Position among the inputs, to break priority ties in hook registration order. */
  rank: number;
  /** Whether the component holds any rule (an empty one accepts by default and is never "in charge"). */
  hasRules: boolean;
}

const XTABLES = new Set(['filter', 'raw', 'mangle', 'nat', 'security']);
const LAST = { hook: 9, prio: 0, tie: 0 };

/**
 * Combine nftables, iptables-nft and iptables-legacy: the packet must pass every base chain of every
 * component (they all hook into the same netfilter path); the first non-accept in hook/priority order
 * decides; an `unknown` component with no drop anywhere makes the whole answer `unknown`.
 */
export function evaluateNetfilter(input: NetfilterInput, given: InboundPacket): FirewallVerdict & { parts: FirewallVerdict[] } {
  const packet = wirePacket(given);
  const parts: Part[] = [];
  input = withoutForeignTables(input);
  // A DNAT in any nat table redirects the packet for every component: all of them then judge the FORWARD path.
  const { forwarding, notes, natPrio } = findDnat(input, packet);
  const marksSet =
    (input.nft !== undefined && setsMarks(input.nft)) ||
    [input.iptablesNft, input.iptablesLegacy].some((r) => r !== undefined && iptablesSetsMarks(r));
  // iptables CLASSIFY sets a priority, a CT target may put the connection in a zone.
  const prioritySet = (input.nft !== undefined && setsKey(input.nft, 'priority')) || iptablesTargets(input, 'CLASSIFY');
  const zoneSet = (input.nft !== undefined && setsKey(input.nft, 'zone')) || iptablesTargets(input, 'CT');
  if (input.nft)
    parts.push(
      nftPart(input.nft, input.iptablesNft, packet, forwarding, {
        marksSet,
        prioritySet,
        zoneSet,
        ...(natPrio !== undefined ? { natPrio } : {}),
      }),
    );
  if (input.nft && !input.iptablesNft) {
    const compat = input.nft.tables.filter((t) => t.xtCompat);
    if (compat.length > 0) parts.push(missingIptablesNft(compat));
  }
  // iptables-nft tables are nft tables: their handles in the nft listing tell their registration order.
  const family = packet.family === 4 ? 'ip' : 'ip6';
  const handleOf = (table: string): number => {
    const named = (t: { family: string; name: string }): boolean => t.family === family && t.name === table;
    return (input.nft?.tables.find(named) ?? input.nft?.elsewhere?.find(named))?.handle ?? 0;
  };
  if (input.iptablesNft) parts.push(iptablesPart(input.iptablesNft, packet, 'iptables-nft', 2, handleOf, forwarding, marksSet));
  if (input.iptablesLegacy) parts.push(iptablesPart(input.iptablesLegacy, packet, 'iptables-legacy', 3, () => 0, forwarding, marksSet));
  const combined = combine(parts);
  combined.notes.push(...notes);
  if (forwarding) {
    combined.forwarded = forwarding;
    const to = endpoint(forwarding.to, forwarding.port);
    const r = forwarding.rule;
    const where = r.handle !== undefined ? `table ${r.table} chain ${r.chain} handle ${r.handle}` : `nat ${r.chain} rule ${r.position}`;
    const at = { backend: r.backend, where, to, rule: r.text };
    combined.notes.unshift(
      forwarding.local
        ? note('note.redirectsLocal', at)
        : forwarding.oif
          ? note('note.forwardsOut', { ...at, oif: forwarding.oif })
          : note('note.forwards', at),
    );
  }
  return combined;
}

/** The packet as it is on the wire: a SYN from an IPv4-mapped address (`::ffff:10.0.0.1`) is an IPv4 SYN from 10.0.0.1. */
export function wirePacket(p: InboundPacket): InboundPacket {
  const source = normalizeIp(p.source);
  if (p.family === 4 || source === p.source) return p;
  const destination = normalizeIp(p.destination);
  // The host's own IPv6 address cannot receive an IPv4 SYN: the packet stays as given and is judged unknown, never matched.
  return destination === p.destination ? p : { ...p, family: 4, source, destination };
}

/**
 * iptables-nft-save's partial view of tables nft wrote itself under an xtables name (`table ip filter` with an
 * `input` chain) is left out: nft lists them whole, and the nft evaluator judges them.
 */
function withoutForeignTables(input: NetfilterInput): NetfilterInput {
  const odd = input.iptablesNft?.incompatible;
  if (!input.iptablesNft || !odd?.length) return input;
  return { ...input, iptablesNft: { ...input.iptablesNft, tables: input.iptablesNft.tables.filter((t) => !odd.includes(t.name)) } };
}

/** Does an iptables ruleset set packet marks (MARK, CONNMARK --restore-mark)? */
function iptablesTargets(input: NetfilterInput, target: string): boolean {
  return [input.iptablesNft, input.iptablesLegacy].some((r) =>
    r?.tables.some((t) => t.chains.some((c) => c.rules.some((x) => x.target?.name === target))),
  );
}

function iptablesSetsMarks(r: IptablesRuleset): boolean {
  return r.tables.some((t) => t.chains.some((c) => c.rules.some((x) => x.target?.name === 'MARK' || x.target?.name === 'CONNMARK')));
}

/** The first DNAT that surely applies, from iptables-nft's nat table, else iptables-legacy's; notes on ones that may. */
function findDnat(input: NetfilterInput, packet: InboundPacket): { forwarding: Forwarding | null; notes: Note[]; natPrio?: number } {
  const notes: Note[] = [];
  for (const [ruleset, backend] of [
    [input.iptablesNft, 'iptables-nft'],
    [input.iptablesLegacy, 'iptables-legacy'],
  ] as const) {
    if (!ruleset || (ruleset.family !== undefined && ruleset.family !== packet.family)) continue;
    const found = findIptablesDnat(ruleset, packet, backend);
    if (found.forwarding) return { forwarding: found.forwarding, notes };
    notes.push(...found.notes.map((n) => fromBackend(backend, n)));
  }
  if (input.nft) {
    const found = findNftDnat(input.nft, packet, { skipTable: skipTableFor(input.iptablesNft, packet) });
    if (found.forwarding)
      return { forwarding: found.forwarding, notes, ...(found.natPrio !== undefined ? { natPrio: found.natPrio } : {}) };
    notes.push(...found.notes.map((n) => fromBackend('nftables', n)));
  }
  return { forwarding: null, notes };
}

/** nft tables judged from iptables-save instead (its xt-compat tables, and every xtables table it lists). */
function skipTableFor(iptablesNft: IptablesRuleset | undefined, packet: InboundPacket): (t: NftTable) => boolean {
  const family = packet.family === 4 ? 'ip' : 'ip6';
  const names = new Set(iptablesNft?.tables.map((t) => t.name) ?? []);
  return (t) => t.xtCompat || (t.family === family && XTABLES.has(t.name) && names.has(t.name));
}

function nftPart(
  nft: NftRuleset,
  iptablesNft: IptablesRuleset | undefined,
  packet: InboundPacket,
  forwarding: Forwarding | null,
  extra: NftEvaluateOptions,
): Part {
  // With iptables-save at hand, its tables are judged from there, even those without opaque xt matches.
  const { outcome, order } = evaluateNftablesOrdered(nft, packet, { skipTable: skipTableFor(iptablesNft, packet), forwarding, ...extra });
  const { decidedAt: _d, ...verdict } = outcome;
  const skip = skipTableFor(iptablesNft, packet);
  const hasRules = nft.tables.some(
    (t) => !skip(t) && t.chains.some((c) => c.rules.length > 0 || (c.policy !== undefined && c.policy !== 'accept')),
  );
  return { verdict, order: order ?? LAST, rank: 1, hasRules };
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
    hasRules: true,
  };
}

function iptablesPart(
  ruleset: IptablesRuleset,
  packet: InboundPacket,
  backend: 'iptables-nft' | 'iptables-legacy',
  rank: number,
  handleOf: (table: string) => number,
  forwarding: Forwarding | null,
  marksSet: boolean,
): Part {
  const { outcome, order } = evaluateIptablesOrdered(ruleset, packet, backend, forwarding, marksSet);
  const { decidedAt: _d, ...verdict } = outcome;
  const hasRules = ruleset.tables.some((t) =>
    t.chains.some((c) => c.rules.length > 0 || (c.policy !== undefined && c.policy !== 'ACCEPT')),
  );
  return { verdict, order: order ? { hook: order.hook, prio: order.prio, tie: -handleOf(order.table) } : LAST, rank, hasRules };
}

function byPath(a: Part, b: Part): number {
  return a.order.hook - b.order.hook || a.order.prio - b.order.prio || a.order.tie - b.order.tie || a.rank - b.rank;
}

const STOPS = new Set(['drop', 'reject', 'queue']);

// Legacy xtables hooks register when the legacy table is first used: their order against an nft base chain
// of the same priority is not in any listing, so say which other component might decide instead.
function tieNote(stop: Part, parts: Part[]): Note[] {
  const rivals = parts.filter(
    (p) =>
      p !== stop &&
      STOPS.has(p.verdict.decision) &&
      p.order.hook === stop.order.hook &&
      p.order.prio === stop.order.prio &&
      (p.order.tie === stop.order.tie || p.order.tie === 0 || stop.order.tie === 0),
  );
  return rivals.map(({ verdict: { backend: other, decision, rule } }) =>
    rule ? note('note.tieRule', { other, decision, rule: rule.text }) : note('note.tie', { other, decision }),
  );
}

function combine(parts: Part[]): FirewallVerdict & { parts: FirewallVerdict[] } {
  const verdicts = parts.map((p) => p.verdict);
  const notes = verdicts.flatMap((v) => (verdicts.length > 1 ? v.notes.map((n) => fromBackend(v.backend, n)) : v.notes));
  const trace = verdicts.flatMap((v) => v.trace);
  if (parts.length === 0) {
    return {
      backend: 'nftables',
      decision: 'accept',
      trace: [],
      notes: [note('note.noRuleset')],
      parts: [],
    };
  }
  const ordered = [...parts].sort(byPath);
  const stop = ordered.find((p) => STOPS.has(p.verdict.decision));
  if (stop) return { ...stop.verdict, trace, notes: [...notes, ...tieNote(stop, ordered)], parts: verdicts };
  const unknown = ordered.find((p) => p.verdict.decision === 'unknown');
  if (unknown) return { ...unknown.verdict, trace, notes, parts: verdicts };
  // Everything accepts: the last component that accepted by a rule (not a default policy) is the informative one;
  // else the last that has rules at all (its trace is not empty), not an empty ruleset that merely came last.
  // Everything accepts: the component whose rule accepted (the last one on the path), else the last one with rules
  // whose chain policy accepted, else any whose policy did (a chain on the packet's path) — never a component
  // without a chain on the path (an empty iptables-nft, an ingress chain of another device) that merely comes last.
  const last = [...ordered].reverse();
  const decider =
    last.find((p) => p.verdict.rule) ?? last.find((p) => p.hasRules && p.verdict.policy) ?? last.find((p) => p.verdict.policy) ?? last[0];
  return {
    ...(decider?.verdict ?? verdicts[0]),
    backend: decider?.verdict.backend ?? 'nftables',
    decision: 'accept',
    trace,
    notes,
    parts: verdicts,
  };
}
