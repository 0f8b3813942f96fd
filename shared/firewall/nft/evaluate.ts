import type { FirewallVerdict, Forwarding, InboundPacket, RuleRef } from '../types';
import type { WalkChain, WalkEnv, WalkOutcome } from '../chain-walk';
import { packetProblem, walkChains } from '../chain-walk';
import { applies, boundHere, ctStage, setsKey, setsMarks } from './hooks';
import type { TableFilter } from './hooks';
export { setsKey, setsMarks } from './hooks';
import { forwardingTo } from '../dnat';
import { natTarget } from './nat-target';
import type { NftChain, NftRule, NftRuleset, NftSet, NftTable } from './model';
import { firstKey, nftPacket } from './match';
import { stepRule } from './step';
import { note } from '../../i18n/note';
import type { Note } from '../../i18n/note';

type Obj = Record<string, unknown>;

/** Which tables to leave out, e.g. iptables-nft compat tables judged from iptables-save instead. */
export interface NftEvaluateOptions extends TableFilter {
  /** The priority of the nat chain that applied `forwarding` (later prerouting chains see the rewritten packet). */
  natPrio?: number;
  /** Whether any component of the host sets packet marks (default: whether this ruleset does). */
  marksSet?: boolean;
  /** Likewise for packet priorities and conntrack zones (default: whether this ruleset does). */
  prioritySet?: boolean;
  zoneSet?: boolean;
  /** A DNAT (found in iptables' nat table) sends the packet on: the forward hook's chains judge it, not input's. */
  forwarding?: Forwarding | null;
}

/** A base chain's place in the packet's path: hook order, priority, then `tie` (lower runs first). */
export interface NftBaseOrder {
  hook: number;
  prio: number;
  tie: number;
}

// The hooks a packet for a local socket crosses, in order (ingress runs before prerouting); a DNATed one goes
// through forward instead of input (numbered as the iptables evaluator numbers them, for combining).
const HOOKS: Record<string, number> = { ingress: 0, prerouting: 1, input: 2 };
// (A netdev ingress chain and an inet one share hook 0; their priorities order them.)
const FORWARD_HOOKS: Record<string, number> = { ingress: 0, prerouting: 1, forward: 3 };

/** Trace a new inbound SYN through every nftables filter base chain on its way to a local socket. */
export function evaluateNftables(ruleset: NftRuleset, packet: InboundPacket, options: NftEvaluateOptions = {}): FirewallVerdict {
  const { outcome } = evaluateNftablesOrdered(ruleset, packet, options);
  const { decidedAt: _decidedAt, ...verdict } = outcome;
  return verdict;
}

/** Like evaluateNftables, plus the hook/priority of the deciding base chain (for combining with iptables-legacy). */
export function evaluateNftablesOrdered(
  ruleset: NftRuleset,
  packet: InboundPacket,
  options: NftEvaluateOptions = {},
): { outcome: WalkOutcome; order?: NftBaseOrder } {
  const problem = packetProblem(packet);
  if (problem) return { outcome: { backend: 'nftables', decision: 'unknown', trace: [], notes: [], unknownReason: problem, decidedAt: 0 } };
  const notes: Note[] = [];
  const fwd = options.forwarding && !options.forwarding.local ? options.forwarding : null;
  const hooks = fwd ? FORWARD_HOOKS : HOOKS;
  const tables = ruleset.tables.filter((t) => applies(t, packet, options, notes));
  const bases = tables
    .flatMap((t) => t.chains.filter((c) => c.type === 'filter' && c.hook !== undefined && c.hook in hooks && boundHere(c, packet, notes)))
    .sort(byOrderWith(tableHandles(ruleset), hooks));
  const natPrio = options.forwarding?.rule.backend === 'nftables' ? (options.natPrio ?? -100) : -100;
  const marksSet = options.marksSet ?? setsMarks(ruleset);
  const index = new Map<string, TableIndex>(tables.map((t) => [`${t.family} ${t.name}`, tableIndex(t)]));
  let current: NftRule | undefined;
  const sets = (n: string) => (current ? index.get(`${current.family} ${current.table}`)?.sets.get(n) : undefined);
  const pk = nftPacket(packet, sets);
  // After nat prerouting the packet has the DNAT's destination and port, and an output interface.
  const rewritten = options.forwarding
    ? { ...packet, destination: options.forwarding.to, dport: options.forwarding.port, ...(fwd?.oif ? { oif: fwd.oif } : {}) }
    : null;
  const fpk = rewritten ? nftPacket(rewritten, sets) : null;
  if (fpk) fpk.forwarded = fwd !== null;
  for (const k of fpk ? [pk, fpk] : [pk]) {
    k.marksSet = marksSet;
    k.prioritySet = options.prioritySet ?? setsKey(ruleset, 'priority');
    k.zoneSet = options.zoneSet ?? setsKey(ruleset, 'zone');
    // Conntrack's original tuple keeps the destination the client chose.
    k.orig = pk.orig;
  }
  const program = {
    backend: 'nftables' as const,
    bases: bases.map(toWalk),
    lookup: (from: WalkChain<NftRule>, name: string) => index.get(from.table)?.chains.get(name),
    step: (rule: NftRule, env: Readonly<WalkEnv>, base: number) => {
      current = rule;
      const chain = bases[base];
      const hook = hooks[chain?.hook ?? ''] ?? 0;
      // The DNAT happens in nat prerouting: later prerouting chains and every later hook see the rewritten packet.
      const k = fpk && (hook >= 2 || (hook === 1 && (chain?.prio ?? 0) > natPrio)) ? fpk : pk;
      k.untracked = env.untracked;
      k.ctStage = ctStage(chain);
      return stepRule(rule, k);
    },
    ref: (rule: NftRule): RuleRef => {
      const counters = ruleCounters(rule);
      return {
        backend: 'nftables',
        table: `${rule.family} ${rule.table}`,
        chain: rule.chain,
        handle: rule.handle,
        text: rule.text,
        ...(rule.comment ? { comment: rule.comment } : {}),
        ...(counters ? { counters } : {}),
      };
    },
  };
  const outcome = walkChains(program);
  outcome.notes.unshift(...notes);
  if (options.forwarding) outcome.forwarded = options.forwarding;
  const decider = bases[outcome.decidedAt];
  return decider ? { outcome, order: orderOf(decider, tableHandles(ruleset), hooks) } : { outcome };
}

/**
 * The DNAT a native nftables nat chain at the prerouting hook applies to the packet (firewalld forward-ports,
 * kube-proxy's nft mode, hand-written `dnat to`), walked like the filter chains in priority order with a matching
 * `dnat`/`redirect` as the terminal verdict (a redirect goes to this host). One that may match, or through a map, is only noted.
 */
export function findNftDnat(
  ruleset: NftRuleset,
  packet: InboundPacket,
  options: NftEvaluateOptions = {},
): { forwarding: Forwarding | null; notes: Note[]; natPrio?: number } {
  const none = { forwarding: null, notes: [] };
  if (packetProblem(packet)) return none;
  const tables = ruleset.tables.filter((t) => applies(t, packet, options, []));
  const hooks = { prerouting: 1 };
  const bases = tables
    .flatMap((t) => t.chains.filter((c) => c.type === 'nat' && c.hook === 'prerouting'))
    .sort(byOrderWith(tableHandles(ruleset), hooks));
  if (bases.length === 0) return none;
  const index = new Map<string, TableIndex>(tables.map((t) => [`${t.family} ${t.name}`, tableIndex(t)]));
  let current: NftRule | undefined;
  const pk = nftPacket(packet, (n) => (current ? index.get(`${current.family} ${current.table}`)?.sets.get(n) : undefined));
  const redirecting = (rule: NftRule) => rule.expr.some((e) => isObj(e) && (firstKey(e) === 'dnat' || firstKey(e) === 'redirect'));
  const byHandle = new Map<string, NftRule>();
  const outcome = walkChains({
    backend: 'nftables' as const,
    bases: bases.map((c) => ({ ...toWalk(c), policy: 'accept' })),
    lookup: (from: WalkChain<NftRule>, name: string) => index.get(from.table)?.chains.get(name),
    step: (rule: NftRule, env: Readonly<WalkEnv>) => {
      current = rule;
      pk.untracked = env.untracked;
      const step = stepRule(rule, pk);
      if (!redirecting(rule) || (step.kind !== 'match' && step.kind !== 'unknown')) return step;
      byHandle.set(`${rule.family} ${rule.table} ${rule.handle}`, rule);
      return { ...step, action: { kind: 'drop' } };
    },
    ref: (rule: NftRule): RuleRef => ({
      backend: 'nftables',
      table: `${rule.family} ${rule.table}`,
      chain: rule.chain,
      handle: rule.handle,
      text: rule.text,
    }),
  });
  const r = outcome.rule;
  if (!r || (outcome.decision !== 'drop' && outcome.decision !== 'unknown')) return none;
  const rule = byHandle.get(`${r.table ?? ''} ${r.handle ?? ''}`);
  const to = rule ? natTarget(rule, packet) : null;
  const natPrio = bases.find((c) => `${c.family} ${c.table}` === r.table && c.name === r.chain)?.prio;
  if (outcome.decision === 'drop' && to)
    return { forwarding: forwardingTo(to.addr, to.port, r, packet), notes: [], ...(natPrio !== undefined ? { natPrio } : {}) };
  const at = { table: r.table ?? '', chain: r.chain ?? '', handle: r.handle ?? '', rule: r.text };
  return { forwarding: null, notes: [note(outcome.decision === 'drop' ? 'note.nftNatRedirects' : 'note.nftNatMayRedirect', at)] };
}

function ruleCounters(rule: NftRule): RuleRef['counters'] {
  for (const e of rule.expr) {
    const c = isObj(e) && isObj(e.counter) ? e.counter : undefined;
    if (c && typeof c.packets === 'number' && typeof c.bytes === 'number') return { packets: c.packets, bytes: c.bytes };
  }
  return undefined;
}

function tableHandles(ruleset: NftRuleset): Map<string, number> {
  return new Map(ruleset.tables.map((t) => [`${t.family} ${t.name}`, t.handle ?? 0]));
}

// At equal priority the kernel runs the hook registered last first (nf_hook_entries_grow inserts a new
// hook before existing ones of the same priority); table handles grow with creation, so newer runs first.
function orderOf(c: NftChain, handles: Map<string, number>, hooks: Record<string, number>): NftBaseOrder {
  return { hook: hooks[c.hook ?? ''] ?? 9, prio: c.prio ?? 0, tie: -(handles.get(`${c.family} ${c.table}`) ?? 0) };
}

function byOrderWith(handles: Map<string, number>, hooks: Record<string, number>): (a: NftChain, b: NftChain) => number {
  return (a, b) => {
    const x = orderOf(a, handles, hooks);
    const y = orderOf(b, handles, hooks);
    return x.hook - y.hook || x.prio - y.prio || x.tie - y.tie;
  };
}

function toWalk(c: NftChain): WalkChain<NftRule> {
  return { table: `${c.family} ${c.table}`, name: c.name, rules: c.rules, policy: c.policy ?? 'accept' };
}

interface TableIndex {
  chains: Map<string, WalkChain<NftRule>>;
  sets: Map<string, NftSet>;
}

// Parsed rulesets are not mutated: index each table once, however many packets are evaluated.
const tableIndexes = new WeakMap<NftTable, TableIndex>();

function tableIndex(t: NftTable): TableIndex {
  const hit = tableIndexes.get(t);
  if (hit) return hit;
  const index: TableIndex = { chains: new Map(), sets: new Map() };
  for (const c of t.chains) index.chains.set(c.name, { table: `${c.family} ${c.table}`, name: c.name, rules: c.rules });
  for (const s of t.sets) index.sets.set(s.name, s);
  tableIndexes.set(t, index);
  return index;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
