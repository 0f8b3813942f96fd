import type { FirewallVerdict, InboundPacket, RuleRef } from '../types';
import type { WalkAction, WalkChain, WalkOutcome, WalkStep } from '../chain-walk';
import { packetProblem, walkChains } from '../chain-walk';
import type { NftChain, NftRule, NftRuleset, NftSet, NftTable } from './model';
import type { NftPacket, Tri } from './match';
import { elemMatches, evaluateMatch, leftValue, nftPacket } from './match';
import { statementText } from './text';

type Obj = Record<string, unknown>;

/** Which tables to leave out, e.g. iptables-nft compat tables judged from iptables-save instead. */
export interface NftEvaluateOptions {
  skipTable?: (table: NftTable) => boolean;
}

/** A base chain's place in the packet's path: hook order then priority. */
export interface NftBaseOrder {
  hook: number;
  prio: number;
}

// The hooks a packet for a local socket crosses, in order (ingress runs before prerouting).
const HOOKS: Record<string, number> = { ingress: 0, prerouting: 1, input: 2 };

/** The tables iptables-nft manages (they contain `xt` expressions only iptables-save can spell out). */
export function nftCompatTables(ruleset: NftRuleset): NftTable[] {
  return ruleset.tables.filter((t) => t.xtCompat);
}

/** Trace a new inbound SYN through every nftables filter base chain on its way to a local socket. */
export function evaluateNftables(ruleset: NftRuleset, packet: InboundPacket, options: NftEvaluateOptions = {}): FirewallVerdict {
  const { outcome } = evaluateNftablesOrdered(ruleset, packet, options);
  const { decidedAt: _decidedAt, ...verdict } = outcome;
  return verdict;
}

/** Like evaluateNftables, plus the hook/priority of the deciding base chain (for combining with iptables-legacy). */
export function evaluateNftablesOrdered(ruleset: NftRuleset, packet: InboundPacket, options: NftEvaluateOptions = {}): { outcome: WalkOutcome; order?: NftBaseOrder } {
  const problem = packetProblem(packet);
  if (problem) return { outcome: { backend: 'nftables', decision: 'unknown', trace: [], notes: [], unknownReason: problem, decidedAt: 0 } };
  const notes: string[] = [];
  const tables = ruleset.tables.filter((t) => applies(t, packet, options, notes));
  const bases = tables.flatMap((t) => t.chains.filter(isInboundFilter)).sort(byOrder);
  const index = indexTables(tables);
  let current: NftRule | undefined;
  const pk = nftPacket(packet, (n) => (current ? index.sets.get(`${current.family}\u0000${current.table}\u0000${n}`) : undefined));
  const program = {
    backend: 'nftables' as const,
    bases: bases.map(toWalk),
    lookup: (from: WalkChain<NftRule>, name: string) => index.chains.get(`${from.table}\u0000${name}`),
    step: (rule: NftRule) => {
      current = rule;
      return stepRule(rule, pk);
    },
    ref: (rule: NftRule): RuleRef => ({ backend: 'nftables', table: `${rule.family} ${rule.table}`, chain: rule.chain, handle: rule.handle, text: rule.text, ...(rule.comment ? { comment: rule.comment } : {}) }),
  };
  const outcome = walkChains(program);
  outcome.notes.unshift(...notes);
  const decider = bases[outcome.decidedAt];
  return decider ? { outcome, order: { hook: HOOKS[decider.hook ?? ''] ?? 9, prio: decider.prio ?? 0 } } : { outcome };
}

function applies(t: NftTable, packet: InboundPacket, options: NftEvaluateOptions, notes: string[]): boolean {
  if (options.skipTable?.(t) ?? t.xtCompat) {
    notes.push(`table ${t.family} ${t.name} is managed by iptables-nft: judged from iptables-save, not here.`);
    return false;
  }
  if (t.family === 'netdev' && t.chains.some((c) => c.hook === 'ingress')) notes.push(`table netdev ${t.name} has ingress chains, which are not evaluated.`);
  return t.family === 'inet' || t.family === (packet.family === 4 ? 'ip' : 'ip6');
}

function isInboundFilter(c: NftChain): boolean {
  return c.type === 'filter' && c.hook !== undefined && c.hook in HOOKS;
}

function byOrder(a: NftChain, b: NftChain): number {
  return (HOOKS[a.hook ?? ''] ?? 9) - (HOOKS[b.hook ?? ''] ?? 9) || (a.prio ?? 0) - (b.prio ?? 0);
}

function toWalk(c: NftChain): WalkChain<NftRule> {
  return { table: `${c.family} ${c.table}`, name: c.name, rules: c.rules, policy: c.policy ?? 'accept' };
}

function indexTables(tables: NftTable[]): { chains: Map<string, WalkChain<NftRule>>; sets: Map<string, NftSet> } {
  const chains = new Map<string, WalkChain<NftRule>>();
  const sets = new Map<string, NftSet>();
  for (const t of tables) {
    for (const c of t.chains) chains.set(`${c.family} ${c.table}\u0000${c.name}`, { table: `${c.family} ${c.table}`, name: c.name, rules: c.rules });
    for (const s of t.sets) sets.set(`${s.family}\u0000${s.table}\u0000${s.name}`, s);
  }
  return { chains, sets };
}

function verdictAction(v: unknown, family: string): WalkAction | null {
  if (!isObj(v)) return null;
  const [k, body] = Object.entries(v)[0] ?? ['', undefined];
  const b = isObj(body) ? body : {};
  if (k === 'accept' || k === 'drop' || k === 'return' || k === 'continue' || k === 'queue') return { kind: k };
  if (k === 'jump' || k === 'goto') return { kind: k, chain: String(b.target) };
  if (k === 'reject') return { kind: 'reject', with: rejectWith(b, family) };
  return null;
}

function rejectWith(b: Obj, family: string): string {
  if (b.type === 'tcp reset') return 'tcp reset';
  if (b.type !== undefined) return `${String(b.type)} ${String(b.expr ?? 'port-unreachable')}`;
  // A bare `reject` answers with port-unreachable of the family's ICMP flavour (nft(8) REJECT STATEMENT).
  return family === 'inet' ? 'icmpx port-unreachable' : family === 'ip6' ? 'icmpv6 port-unreachable' : 'icmp port-unreachable';
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Statements that change nothing about whether the packet passes.
const NON_TERMINAL = new Set(['counter', 'log', 'mangle', 'notrack', 'set', 'map', 'ct helper', 'ct timeout', 'ct expectation', 'meter', 'dup', 'snat', 'dnat', 'masquerade', 'redirect', 'tproxy', 'flow', 'secmark', 'quota']);

function stepRule(rule: NftRule, pk: NftPacket): WalkStep {
  const unknowns: string[] = [];
  const notes: string[] = [];
  let action: WalkAction = { kind: 'continue' };
  for (const e of rule.expr) {
    if (!isObj(e)) return { kind: 'fail', reason: `statement ${JSON.stringify(e)} is not understood` };
    const [k, body] = Object.entries(e)[0] ?? ['', undefined];
    const b = isObj(body) ? body : {};
    if (k === 'match') {
      const r = evaluateMatch(b, pk);
      if (r === false) return { kind: 'nomatch' };
      if (r !== true) unknowns.push(r.unknown);
    } else if (k === 'limit') {
      if (b.inv) return { kind: 'nomatch' };
      notes.push(`rate-limited: "${rule.text}" (handle ${rule.handle}) matches only while the rate stays under ${statementText(e)}.`);
    } else if (k === 'vmap') {
      const r = vmapAction(b, pk, rule.family);
      if (r === null) return { kind: 'nomatch' };
      if ('unknown' in r) return { kind: 'fail', reason: r.unknown };
      action = r;
    } else if (k === 'xt') {
      unknowns.push(`iptables-nft ${String(b.type)} "${String(b.name)}" is opaque in nft output; iptables-save shows it`);
      if (b.type === 'target') action = { kind: 'continue' };
    } else {
      const verdict = verdictAction(e, rule.family);
      if (verdict) action = verdict;
      else if (!NON_TERMINAL.has(k)) unknowns.push(`statement "${k}" is not modelled`);
    }
  }
  if (unknowns.length > 0) return { kind: 'unknown', reason: unknowns.join('; '), action, notes };
  return { kind: 'match', action, notes };
}

function vmapAction(b: Obj, pk: NftPacket, family: string): WalkAction | null | { unknown: string } {
  const key = leftValue(b.key, pk);
  if (key.kind === 'absent') return null;
  if (key.kind === 'unknown') return { unknown: `verdict map key: ${key.reason}` };
  let elems: unknown[] | undefined;
  if (typeof b.data === 'string' && b.data.startsWith('@')) elems = pk.sets(b.data.slice(1))?.elem;
  else if (isObj(b.data) && Array.isArray(b.data.set)) elems = b.data.set;
  if (!elems) return { unknown: `verdict map ${JSON.stringify(b.data)} is not found` };
  for (const el of elems) {
    if (!Array.isArray(el)) continue;
    const hit: Tri = elemMatches(key, el[0]);
    if (hit === false) continue;
    if (hit !== true) return { unknown: `verdict map element: ${hit.unknown}` };
    return verdictAction(el[1], family) ?? { unknown: `verdict ${JSON.stringify(el[1])} is not understood` };
  }
  return null;
}
