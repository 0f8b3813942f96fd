import type { FirewallVerdict, Forwarding, InboundPacket, RuleRef } from '../types';
import type { WalkAction, WalkChain, WalkEnv, WalkOutcome, WalkStep } from '../chain-walk';
import { packetProblem, walkChains } from '../chain-walk';
import { parseIpValue } from '../ip-match';
import { forwardingTo, redirectAddress } from '../dnat';
import type { IptablesRule, IptablesRuleset } from './model';
import type { IptPacket } from './match';
import { basicMatches, moduleMatches } from './match';
import { finishRecent, seeRecent } from '../recent';
import { note } from '../../i18n/note';
import type { Note } from '../../i18n/note';

/** Where a built-in chain runs: hook order (prerouting 1, input 2), netfilter priority, and its table. */
export interface IptablesBaseOrder {
  hook: number;
  prio: number;
  table: string;
}

// The chains a packet for a local socket crosses, in kernel order (iptables(8) TABLES, nf_ip_hook_priorities);
// a DNATed packet (Docker's published ports) crosses FORWARD's instead of INPUT's.
const PREROUTING: PathChain[] = [
  { table: 'raw', chain: 'PREROUTING', order: { hook: 1, prio: -300, table: 'raw' } },
  { table: 'mangle', chain: 'PREROUTING', order: { hook: 1, prio: -150, table: 'mangle' } },
];
const INPUT_PATH: PathChain[] = [
  ...PREROUTING,
  { table: 'mangle', chain: 'INPUT', order: { hook: 2, prio: -150, table: 'mangle' } },
  { table: 'filter', chain: 'INPUT', order: { hook: 2, prio: 0, table: 'filter' } },
  { table: 'security', chain: 'INPUT', order: { hook: 2, prio: 50, table: 'security' } },
];
const FORWARD_PATH: PathChain[] = [
  ...PREROUTING,
  { table: 'mangle', chain: 'FORWARD', order: { hook: 3, prio: -150, table: 'mangle' } },
  { table: 'filter', chain: 'FORWARD', order: { hook: 3, prio: 0, table: 'filter' } },
  { table: 'security', chain: 'FORWARD', order: { hook: 3, prio: 50, table: 'security' } },
];

interface PathChain {
  table: string;
  chain: string;
  order: IptablesBaseOrder;
}

// Targets that let the packet go on to the next rule.
const NON_TERMINAL = new Set([
  'LOG',
  'NFLOG',
  'ULOG',
  'MARK',
  'CONNMARK',
  'CT',
  'NOTRACK',
  'TRACE',
  'TCPMSS',
  'DSCP',
  'TOS',
  'CLASSIFY',
  'SET',
  'AUDIT',
  'CHECKSUM',
  'SECMARK',
  'CONNSECMARK',
  'TEE',
  'HMARK',
  'LED',
  'IDLETIMER',
  'TTL',
  'HL',
  'ECN',
  'RATEEST',
  'TCPOPTSTRIP',
  'NETMAP',
  'DNAT',
  'SNAT',
  'MASQUERADE',
  'REDIRECT',
]);

// iptables-save spells reject types with dashes; show them as nft does so both backends read alike.
const REJECT_NAMES: Record<string, string> = {
  'tcp-reset': 'tcp reset',
  'icmp-port-unreachable': 'icmp port-unreachable',
  'icmp-net-unreachable': 'icmp net-unreachable',
  'icmp-host-unreachable': 'icmp host-unreachable',
  'icmp-proto-unreachable': 'icmp prot-unreachable',
  'icmp-net-prohibited': 'icmp net-prohibited',
  'icmp-host-prohibited': 'icmp host-prohibited',
  'icmp-admin-prohibited': 'icmp admin-prohibited',
  'icmp6-port-unreachable': 'icmpv6 port-unreachable',
  'icmp6-adm-prohibited': 'icmpv6 admin-prohibited',
  'icmp6-no-route': 'icmpv6 no-route',
  'icmp6-addr-unreachable': 'icmpv6 addr-unreachable',
};

/**
 * Trace a new inbound SYN through the raw/mangle/filter/security chains of an iptables-save ruleset: INPUT's for a
 * packet to a local socket, FORWARD's when a DNAT in nat PREROUTING sends it on (found here unless given).
 */
export function evaluateIptables(
  ruleset: IptablesRuleset,
  packet: InboundPacket,
  backend: 'iptables-nft' | 'iptables-legacy',
): FirewallVerdict {
  const { outcome } = evaluateIptablesOrdered(ruleset, packet, backend);
  const { decidedAt: _decidedAt, ...verdict } = outcome;
  return verdict;
}

/**
 * Like evaluateIptables, plus the hook/priority of the deciding chain (for combining backends). `forwarding`: the
 * DNAT the host applies to this packet (null: none), when the caller has looked across every ruleset.
 */
export function evaluateIptablesOrdered(
  ruleset: IptablesRuleset,
  packet: InboundPacket,
  backend: 'iptables-nft' | 'iptables-legacy',
  forwarding?: Forwarding | null,
  marksSet = true,
): { outcome: WalkOutcome; order?: IptablesBaseOrder } {
  const problem = packetProblem(packet) ?? familyProblem(ruleset, packet);
  if (problem) return { outcome: { backend, decision: 'unknown', trace: [], notes: [], unknownReason: problem, decidedAt: 0 } };
  const chains = chainIndex(ruleset);
  const found = forwarding === undefined ? findIptablesDnat(ruleset, packet, backend) : { forwarding, notes: [] };
  const fwd = found.forwarding;
  const path = (fwd && !fwd.local ? FORWARD_PATH : INPUT_PATH).filter((p) => chains.has(`${p.table}\u0000${p.chain}`));
  const bases = path.map((p) => {
    const declared = ruleset.tables.find((t) => t.name === p.table)?.chains.find((c) => c.name === p.chain);
    return { table: p.table, name: p.chain, rules: declared?.rules ?? [], policy: (declared?.policy ?? 'ACCEPT').toLowerCase() };
  });
  const pk: IptPacket = {
    p: packet,
    saddr: parseIpValue(packet.source)!,
    daddr: parseIpValue(packet.destination)!,
    untracked: false,
    forwarded: false,
    marksSet,
  };
  // After nat PREROUTING the packet has the DNAT's destination and, on its way out, an output interface.
  const fpk: IptPacket | null = fwd ? forwardedPacket(pk, fwd) : null;
  const outcome = walkChains({
    backend,
    bases,
    lookup: (from: WalkChain<IptablesRule>, name: string) => chains.get(`${from.table}\u0000${name}`),
    step: (rule: IptablesRule, env: Readonly<WalkEnv>, base: number) => {
      const k = fpk && (path[base]?.order.hook ?? 0) >= 2 ? fpk : pk;
      k.untracked = env.untracked;
      k.beforeConntrack = path[base]?.table === 'raw';
      return stepRule(rule, k);
    },
    ref: (rule: IptablesRule): RuleRef => ({
      backend,
      table: rule.table,
      chain: rule.chain,
      position: rule.position,
      text: rule.text,
      ...(rule.comment ? { comment: rule.comment } : {}),
      ...(rule.counters ? { counters: rule.counters } : {}),
    }),
  });
  if (outcome.policy) outcome.policy.policy = outcome.policy.policy.toUpperCase();
  outcome.notes.push(...found.notes);
  finishRecent(outcome, [...(pk.recentSeen ?? []), ...(fpk?.recentSeen ?? [])]);
  if (fwd) outcome.forwarded = fwd;
  const decider = path[outcome.decidedAt];
  return decider ? { outcome, order: decider.order } : { outcome };
}

function forwardedPacket(pk: IptPacket, fwd: Forwarding): IptPacket {
  const p: InboundPacket = { ...pk.p, destination: fwd.to, dport: fwd.port };
  if (fwd.oif !== undefined) p.oif = fwd.oif;
  return {
    p,
    saddr: pk.saddr,
    daddr: parseIpValue(fwd.to) ?? pk.daddr,
    untracked: false,
    forwarded: !fwd.local,
    orig: { daddr: pk.daddr, dport: pk.p.dport },
    marksSet: pk.marksSet,
  };
}

// Parsed rulesets are not mutated: index the chains once, however many packets are evaluated.
const indexes = new WeakMap<IptablesRuleset, Map<string, WalkChain<IptablesRule>>>();

function chainIndex(ruleset: IptablesRuleset): Map<string, WalkChain<IptablesRule>> {
  const hit = indexes.get(ruleset);
  if (hit) return hit;
  const chains = new Map<string, WalkChain<IptablesRule>>();
  for (const t of ruleset.tables)
    for (const c of t.chains) chains.set(`${t.name}\u0000${c.name}`, { table: t.name, name: c.name, rules: c.rules });
  indexes.set(ruleset, chains);
  return chains;
}

function familyProblem(ruleset: IptablesRuleset, packet: InboundPacket): string | null {
  if (ruleset.family === undefined || ruleset.family === packet.family) return null;
  const tool = ruleset.family === 6 ? 'iptables-save' : 'ip6tables-save';
  return `these rules are IPv${ruleset.family} (${ruleset.generatedBy ?? 'save output'}); an IPv${packet.family} packet is judged by ${tool} output`;
}

function targetAction(rule: IptablesRule): WalkAction | { unknown: string } {
  const t = rule.target;
  if (!t) return { kind: 'continue' };
  if (t.goto) return { kind: 'goto', chain: t.name };
  switch (t.name) {
    case 'ACCEPT':
      return { kind: 'accept' };
    case 'DROP':
      return { kind: 'drop' };
    case 'RETURN':
      return { kind: 'return' };
    case 'QUEUE':
    case 'NFQUEUE':
      return { kind: 'queue' };
    case 'REJECT': {
      const w = t.options.find((o) => o.name === 'reject-with')?.values[0] ?? 'icmp-port-unreachable';
      return { kind: 'reject', with: REJECT_NAMES[w] ?? w };
    }
    default:
      if (NON_TERMINAL.has(t.name)) return { kind: 'continue' };
      // Any other word is a user chain; an extension target without options shows up as a missing chain.
      return t.options.length > 0 ? { unknown: `target ${t.name} is not modelled` } : { kind: 'jump', chain: t.name };
  }
}

const RATE_MODULES = new Set(['limit', 'hashlimit', 'recent']);
const NOMATCH: WalkStep = { kind: 'nomatch' };

function stepRule(rule: IptablesRule, pk: IptPacket): WalkStep {
  const basic = basicMatches(rule, pk);
  if (basic === false) return NOMATCH;
  // Allocated only when needed: most rules of a large ruleset do not match.
  let unknowns: string[] | undefined = basic === true ? undefined : [basic.unknown];
  for (const m of rule.matches) {
    if (m.module === 'recent' && pk.p.recent) seeRecent(m.options, rule, pk);
    const r = moduleMatches(m, pk);
    if (r === false) return NOMATCH;
    if (r !== true) (unknowns ??= []).push(r.unknown);
  }
  // With the kernel's recent lists read, a recent match is judged, not assumed: its standing is noted by finishRecent.
  const notes = rule.matches.some((m) => RATE_MODULES.has(m.module) && !(m.module === 'recent' && pk.p.recent))
    ? [note('note.iptRateLimited', { rule: rule.text, position: rule.position, chain: rule.chain })]
    : undefined;
  const action = targetAction(rule);
  if ('unknown' in action) return { kind: 'fail', reason: [...(unknowns ?? []), action.unknown].join('; ') };
  const notrack = rule.target?.name === 'NOTRACK' || (rule.target?.name === 'CT' && rule.target.options.some((o) => o.name === 'notrack'));
  const extra = { ...(notes ? { notes } : {}), ...(notrack ? { effects: { untracked: true } } : {}) };
  if (unknowns) return { kind: 'unknown', reason: unknowns.join('; '), action, ...extra };
  return { kind: 'match', action, ...extra };
}

// A DNAT in nat PREROUTING sends the packet to FORWARD instead of INPUT (Docker's published ports,
// kube-proxy NodePorts). The nat chains are walked like the filter ones, with DNAT/REDIRECT as the terminal
// verdict. A DNAT that surely applies gives the forwarding; one that may apply (a match that cannot be judged)
// and REDIRECT (to another local port) are only noted.
/** The DNAT this ruleset's nat PREROUTING applies to the packet, if any, with notes on what could not be told. */
export function findIptablesDnat(
  ruleset: IptablesRuleset,
  packet: InboundPacket,
  backend: 'iptables-nft' | 'iptables-legacy',
): { forwarding: Forwarding | null; notes: Note[] } {
  const chains = chainIndex(ruleset);
  const pre = chains.get('nat\u0000PREROUTING');
  const none = { forwarding: null, notes: [] };
  const saddr = parseIpValue(packet.source);
  const daddr = parseIpValue(packet.destination);
  if (!pre || !pre.rules.length || !saddr || !daddr) return none;
  const pk: IptPacket = { p: packet, saddr, daddr, untracked: false, forwarded: false };
  const outcome = walkChains({
    backend,
    bases: [{ ...pre, policy: 'accept' }],
    lookup: (from: WalkChain<IptablesRule>, name: string) => chains.get(`${from.table}\u0000${name}`),
    step: (rule: IptablesRule, env: Readonly<WalkEnv>) => {
      pk.untracked = env.untracked;
      const step = stepRule(rule, pk);
      const redirect = rule.target?.name === 'DNAT' || rule.target?.name === 'REDIRECT';
      return redirect && (step.kind === 'match' || step.kind === 'unknown') ? { ...step, action: { kind: 'drop' } } : step;
    },
    ref: (rule: IptablesRule): RuleRef => ({ backend, table: rule.table, chain: rule.chain, position: rule.position, text: rule.text }),
  });
  const r = outcome.rule;
  if (!r || (outcome.decision !== 'drop' && outcome.decision !== 'unknown')) return none;
  const target = chains.get(`nat\u0000${r.chain ?? ''}`)?.rules[(r.position ?? 0) - 1]?.target;
  const to =
    target?.name === 'DNAT'
      ? dnatTarget(target.options.find((o) => o.name === 'to-destination')?.values[0], packet)
      : target?.name === 'REDIRECT'
        ? redirectTarget(target.options.find((o) => o.name === 'to-ports')?.values[0], packet)
        : null;
  if (outcome.decision === 'drop' && to) return { forwarding: forwardingTo(to.address, to.port, r, packet), notes: [] };
  const at = { chain: r.chain ?? '', position: r.position ?? '', rule: r.text };
  return { forwarding: null, notes: [note(outcome.decision === 'drop' ? 'note.iptNatRedirects' : 'note.iptNatMayRedirect', at)] };
}

/** REDIRECT `--to-ports 8080` (or none: the same port) sends the packet to this host: one port, else not judged. */
function redirectTarget(ports: string | undefined, packet: InboundPacket): { address: string; port: number } | null {
  const m = ports === undefined ? null : /^(\d+)(?:-(\d+))?$/.exec(ports);
  if (ports !== undefined && (!m || (m[2] !== undefined && m[2] !== m[1]))) return null;
  return { address: redirectAddress(packet), port: m?.[1] ? Number(m[1]) : packet.dport };
}

/** `172.17.0.2:80`, `172.17.0.2`, `[fd00::2]:80` → address and port (the packet's own when none); ranges are not judged. */
function dnatTarget(spec: string | undefined, packet: InboundPacket): { address: string; port: number } | null {
  if (!spec) return null;
  const m = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(spec) ?? /^([0-9.]+)(?::(\d+))?$/.exec(spec) ?? /^([0-9A-Fa-f:]+)()$/.exec(spec);
  if (!m?.[1] || !parseIpValue(m[1])) return null;
  return { address: m[1], port: m[2] ? Number(m[2]) : packet.dport };
}
