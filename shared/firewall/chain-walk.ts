import type { Decision, FirewallBackend, FirewallVerdict, InboundPacket, RuleRef } from './types';
import { normalizeIp } from '../net/address';
import { parseIpValue } from './ip-match';
import { note } from '../i18n/note';
import type { Note } from '../i18n/note';

/**
 * The chain walk shared by the nftables and iptables evaluators: base chains in hook/priority order,
 * jump/goto/return, policies, and rules whose match cannot be judged statically. Such a rule forks the
 * walk: when both branches end in the same decision the rule did not matter (noted); otherwise the
 * verdict is `unknown`, naming the rule. Hand-written because no library evaluates netfilter statically.
 */

/** What a rule does when it matches. `continue` is a non-terminal statement (log, counter, mark, …). */
export type WalkAction =
  | { kind: 'accept' | 'drop' | 'queue' | 'return' | 'continue' }
  | { kind: 'reject'; with: string }
  | { kind: 'jump' | 'goto'; chain: string };

/** What earlier rules did to the packet that later matches see: a `notrack` makes `ct state` untracked. */
export interface WalkEnv {
  untracked: boolean;
}

/** One rule's result for the packet. `fail` stops the walk as unknown (a map lookup that cannot be judged). */
export type WalkStep =
  | { kind: 'nomatch' }
  | { kind: 'match'; action: WalkAction; notes?: Note[]; effects?: Partial<WalkEnv> }
  | { kind: 'unknown'; reason: string; action: WalkAction; notes?: Note[]; effects?: Partial<WalkEnv> }
  | { kind: 'fail'; reason: string };

/** A chain as the walk sees it; `policy` is set on base chains only. */
export interface WalkChain<R> {
  table: string;
  name: string;
  rules: R[];
  policy?: string;
}

/** A ruleset prepared for one packet: ordered base chains, chain lookup, and the per-rule judgement. */
export interface WalkProgram<R> {
  backend: FirewallBackend;
  bases: WalkChain<R>[];
  lookup(from: WalkChain<R>, name: string): WalkChain<R> | undefined;
  /** `base`: the index in `bases` of the base chain the walk is under (a DNATed packet changes between hooks). */
  step(rule: R, env: Readonly<WalkEnv>, base: number): WalkStep;
  ref(rule: R): RuleRef;
}

/** A verdict plus the index of the base chain that decided (for ordering several components). */
export interface WalkOutcome extends FirewallVerdict {
  decidedAt: number;
}

interface Budget {
  forks: number;
  steps: number;
}

interface Frame<R> {
  chain: WalkChain<R>;
  index: number;
  base: boolean;
}

interface State<R> {
  base: number;
  stack: Frame<R>[];
  trace: RuleRef[];
  notes: Note[];
  accepted: Pick<FirewallVerdict, 'rule' | 'policy'>[];
  env: WalkEnv;
}

const MAX_FORKS = 64;
const MAX_STEPS = 2_000_000;
const PAST: Record<Decision, string> = {
  accept: 'accepted',
  drop: 'dropped',
  reject: 'rejected',
  queue: 'queued',
  unknown: 'undetermined',
};
const MAX_DEPTH = 64;

/** Walk the packet through every base chain in order and return the verdict. */
export function walkChains<R>(program: WalkProgram<R>): WalkOutcome {
  const state: State<R> = { base: 0, stack: [], trace: [], notes: [], accepted: [], env: { untracked: false } };
  enterBase(program, state);
  return run(program, state, { forks: 0, steps: 0 });
}

function enterBase<R>(program: WalkProgram<R>, state: State<R>): void {
  const chain = program.bases[state.base];
  state.stack = chain ? [{ chain, index: 0, base: true }] : [];
}

function clone<R>(s: State<R>): State<R> {
  return {
    base: s.base,
    stack: s.stack.map((f) => ({ ...f })),
    trace: [...s.trace],
    notes: [...s.notes],
    accepted: [...s.accepted],
    env: { ...s.env },
  };
}

function finish<R>(program: WalkProgram<R>, s: State<R>, v: Partial<FirewallVerdict> & { decision: Decision }): WalkOutcome {
  return { backend: program.backend, trace: s.trace, notes: s.notes, decidedAt: s.base, ...v };
}

function finalAccept<R>(program: WalkProgram<R>, s: State<R>): WalkOutcome {
  const byRule = [...s.accepted].reverse().find((a) => a.rule);
  const last = s.accepted[s.accepted.length - 1];
  if (s.accepted.length === 0) s.notes.push(note('note.noRules'));
  const decider = byRule ?? last;
  return finish(program, { ...s, base: Math.max(0, s.base - 1) }, { decision: 'accept', ...decider });
}

function run<R>(program: WalkProgram<R>, s: State<R>, budget: Budget): WalkOutcome {
  for (;;) {
    const frame = s.stack[s.stack.length - 1];
    if (!frame) return finalAccept(program, s);
    const rule = frame.chain.rules[frame.index];
    if (rule === undefined) {
      const end = endOfChain(program, s);
      if (end) return end;
      continue;
    }
    frame.index += 1;
    budget.steps += 1;
    if (budget.steps > MAX_STEPS)
      return finish(program, s, { decision: 'unknown', rule: program.ref(rule), unknownReason: 'the walk does not end (a goto loop?)' });
    const step = program.step(rule, s.env, s.base);
    if (step.kind === 'nomatch') continue;
    if (step.kind === 'fail')
      return finish(program, s, { decision: 'unknown', rule: program.ref(rule), unknownReason: describe(program.ref(rule), step.reason) });
    if (step.kind === 'unknown' && step.action.kind === 'continue' && !step.effects) {
      // Both outcomes lead to the next rule: nothing to decide, so no fork (and no exponential blow-up).
      s.notes.push(undecidedNote(program.ref(rule), step.reason));
      continue;
    }
    if (step.kind === 'unknown') return fork(program, s, rule, step, budget);
    if (step.notes) s.notes.push(...step.notes);
    if (step.effects) Object.assign(s.env, step.effects);
    const out = apply(program, s, rule, step.action);
    if (out) return out;
  }
}

function describe(ref: RuleRef, reason: string): string {
  const where = [ref.table, ref.chain].filter(Boolean).join(' ');
  const id = ref.handle !== undefined ? `handle ${ref.handle}` : ref.position !== undefined ? `rule ${ref.position}` : '';
  return `${where}${id ? ` ${id}` : ''}: "${ref.text}" cannot be judged statically (${reason})`;
}

/** A rule that cannot be judged but decides nothing (`describe`'s wording, as a note). */
function undecidedNote(ref: RuleRef, reason: string): Note {
  const at = { where: [ref.table, ref.chain].filter(Boolean).join(' '), rule: ref.text, reason };
  return ref.handle !== undefined
    ? note('note.undecidedHandle', { ...at, handle: ref.handle })
    : note('note.undecidedPosition', { ...at, position: ref.position ?? '' });
}

/** A rule that cannot be judged, whose packet ends the same whether it matches or not. */
function eitherWayNote(ref: RuleRef, reason: string, decision: Decision): Note {
  const at = { where: [ref.table, ref.chain].filter(Boolean).join(' '), rule: ref.text, reason, decision };
  return ref.handle !== undefined
    ? note('note.eitherWayHandle', { ...at, handle: ref.handle })
    : note('note.eitherWayPosition', { ...at, position: ref.position ?? '' });
}

function fork<R>(program: WalkProgram<R>, s: State<R>, rule: R, step: Extract<WalkStep, { kind: 'unknown' }>, budget: Budget): WalkOutcome {
  const ref = program.ref(rule);
  budget.forks += 1;
  if (budget.forks > MAX_FORKS) {
    return finish(program, s, {
      decision: 'unknown',
      rule: ref,
      unknownReason: `${describe(ref, step.reason)}; too many such rules to follow every case`,
    });
  }
  const matched = clone(s);
  if (step.notes) matched.notes.push(...step.notes);
  if (step.effects) Object.assign(matched.env, step.effects);
  const a = apply(program, matched, rule, step.action) ?? run(program, matched, budget);
  const here = clone(s);
  const b = run(program, s, budget);
  if (a.decision === b.decision && a.rejectWith === b.rejectWith) {
    b.notes.unshift(eitherWayNote(ref, step.reason, b.decision));
    return b;
  }
  const unknownReason = `${describe(ref, step.reason)}: if it matches the packet is ${PAST[a.decision]}, otherwise ${PAST[b.decision]}`;
  return finish(program, here, { decision: 'unknown', rule: ref, unknownReason });
}

function endOfChain<R>(program: WalkProgram<R>, s: State<R>): WalkOutcome | undefined {
  const frame = s.stack.pop();
  if (!frame?.base) return undefined;
  const base = program.bases[s.base];
  const policy = base?.policy ?? 'accept';
  const ref = { table: base?.table, chain: base?.name, policy };
  if (policy === 'drop') return finish(program, s, { decision: 'drop', policy: ref });
  if (policy !== 'accept')
    return finish(program, s, { decision: 'unknown', policy: ref, unknownReason: `chain policy "${policy}" is not modelled` });
  s.accepted.push({ policy: ref });
  s.base += 1;
  enterBase(program, s);
  return undefined;
}

function apply<R>(program: WalkProgram<R>, s: State<R>, rule: R, action: WalkAction): WalkOutcome | undefined {
  const ref = program.ref(rule);
  s.trace.push(ref);
  switch (action.kind) {
    case 'continue':
      return undefined;
    case 'accept':
      s.accepted.push({ rule: ref });
      s.base += 1;
      enterBase(program, s);
      return undefined;
    case 'drop':
    case 'queue':
      return finish(program, s, { decision: action.kind, rule: ref });
    case 'reject':
      return finish(program, s, { decision: 'reject', rejectWith: action.with, rule: ref });
    case 'return':
      return endOfChain(program, s);
    case 'jump':
    case 'goto':
      return enter(program, s, ref, action);
  }
}

function enter<R>(
  program: WalkProgram<R>,
  s: State<R>,
  ref: RuleRef,
  action: { kind: 'jump' | 'goto'; chain: string },
): WalkOutcome | undefined {
  const top = s.stack[s.stack.length - 1];
  const target = top ? program.lookup(top.chain, action.chain) : undefined;
  if (!top || !target)
    return finish(program, s, {
      decision: 'unknown',
      rule: ref,
      unknownReason: describe(ref, `no chain ${action.chain} (or an unmodelled target)`),
    });
  if (s.stack.length >= MAX_DEPTH)
    return finish(program, s, { decision: 'unknown', rule: ref, unknownReason: describe(ref, 'jumps nest too deep (a loop?)') });
  if (action.kind === 'goto') s.stack[s.stack.length - 1] = { chain: target, index: 0, base: top.base };
  else s.stack.push({ chain: target, index: 0, base: false });
  return undefined;
}

/** Why a packet cannot be evaluated (addresses that do not fit its family, a bad port), or null. */
export function packetProblem(p: InboundPacket): string | null {
  for (const [what, addr] of [
    ['source', p.source],
    ['destination', p.destination],
  ] as const) {
    const ip = parseIpValue(addr);
    if (!ip) return `the packet ${what} "${addr}" is not an IP address`;
    if (ip.family !== p.family) return `the packet ${what} ${addr} is not an IPv${p.family} address`;
    // Linux drops IPv6 packets from ::ffff:a.b.c.d: such a client sends IPv4, so an `ip6 saddr ::ffff:…` rule never matches it.
    if (ip.family === 6 && ip.value >> 32n === 0xffffn)
      return `the packet ${what} ${addr} is IPv4-mapped: that client sends IPv4 packets from ${normalizeIp(addr)}`;
  }
  if (!Number.isInteger(p.dport) || p.dport < 1 || p.dport > 65535) return `destination port ${p.dport} is out of range`;
  return null;
}
