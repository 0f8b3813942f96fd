import type { FixPlan, FixProof } from '../../shared/schemas/firewall';
import type { Evidence } from '../../shared/schemas/report';
import { engineT } from '../../shared/i18n/engine-text';
import type { EngineParams } from '../../shared/i18n/engine-text';
import type { EngineKeyUnder } from '../../shared/i18n/engine-keys';
import type { Runner } from '../system/runner';
import { ufwKernelCheck } from './fix-presence';
import { findNftRules } from './rule-identity';
import { runArgv } from './run-step';
import type { UndoStep } from './types';

/** What a rule's counter says now: packets it accepted, or why it cannot be read. */
export type CounterReading = { kind: 'ok'; packets: number } | { kind: 'none'; why: string };

const SAVE_TOOL: Record<string, string> = {
  'iptables-nft': 'iptables-nft-save',
  'ip6tables-nft': 'ip6tables-nft-save',
  'iptables-legacy': 'iptables-legacy-save',
  'ip6tables-legacy': 'ip6tables-legacy-save',
  iptables: 'iptables-save',
  ip6tables: 'ip6tables-save',
};

/** `-s 10.5.5.5` as iptables-save prints it (`-s 10.5.5.5/32`). */
function withPrefix(address: string): string {
  if (address.includes('/')) return address;
  return address.includes(':') ? `${address}/128` : `${address}/32`;
}

/**
 * The packet counter of the rule `-C <chain> <spec>` checks, from `iptables-save -c` output (`[3:180] -A INPUT -s
 * 10.5.5.5/32 -p tcp -m tcp --dport 8080 -m comment --comment "PortDoctor:8080/tcp" -j ACCEPT`): the line of that chain
 * holding every word of the spec (the source with its prefix, the comment with or without quotes). Null when none does.
 */
export function iptablesSaveCounter(save: string, chain: string, spec: readonly string[]): number | null {
  const want = spec.map((w, i) => (spec[i - 1] === '-s' ? withPrefix(w) : w));
  for (const line of save.split('\n')) {
    const m = /^\[(\d+):(\d+)\] -A (\S+) (.*)$/.exec(line.trim());
    if (!m || m[3] !== chain) continue;
    const words = (m[4] ?? '').split(' ').map((w) => w.replace(/^"(.*)"$/, '$1'));
    if (words.length === want.length && want.every((w) => words.includes(w))) return Number(m[1]);
  }
  return null;
}

/** The check argv as `{ tool, table, chain, spec }` (`iptables-nft -w 5 -t filter -C INPUT <spec>`), or null. */
function iptablesParts(check: readonly string[]): { tool: string; table: string; chain: string; spec: string[] } | null {
  const at = check.indexOf('-C');
  const tool = check[0] ?? '';
  if (at < 0 || !SAVE_TOOL[tool]) return null;
  const t = check.indexOf('-t');
  return { tool, table: t >= 0 ? (check[t + 1] ?? 'filter') : 'filter', chain: check[at + 1] ?? '', spec: check.slice(at + 2) };
}

/**
 * Read the packet counter of the rule a step added, by its identity: nft — the rule found by expression and comment
 * (PortDoctor's rules always carry `counter`); iptables — `iptables-save -c` for the full rule spec; ufw — the kernel
 * rule ufw made from the spec. firewalld and Windows keep no per-rule counter PortDoctor reads.
 */
export async function readCounter(runner: Runner, step: UndoStep): Promise<CounterReading> {
  if (step.nftRule) {
    const found = await findNftRules(runner, step.nftRule);
    if (found.kind === 'error') return { kind: 'none', why: `the rule's counter could not be read (${found.detail})` };
    const rule = found.rules.find((r) => r.handle === step.handle) ?? found.rules[0];
    return rule ? { kind: 'ok', packets: rule.packets } : { kind: 'none', why: 'the rule is not in the firewall here' };
  }
  const parts = iptablesParts(step.check ?? ufwKernelCheck(step.undo) ?? []);
  if (!parts) return { kind: 'none', why: 'this firewall keeps no per-rule counter PortDoctor reads' };
  const save = SAVE_TOOL[parts.tool] ?? 'iptables-save';
  const result = await runArgv(runner, [save, '-c', '-t', parts.table], 'fix.verify.counter');
  if (result.kind !== 'ok') return { kind: 'none', why: `the rule's counter could not be read (${save}: ${result.error.reason})` };
  const packets = iptablesSaveCounter(result.output.stdout.toString('utf8'), parts.chain, parts.spec);
  return packets === null ? { kind: 'none', why: 'the rule is not in the firewall here' } : { kind: 'ok', packets };
}

/** The first counter the steps' rules give (a fix's one rule; firewalld's runtime and permanent changes have none). */
export async function readStepsCounter(runner: Runner, steps: readonly UndoStep[]): Promise<CounterReading> {
  let last: CounterReading = { kind: 'none', why: 'the fix made no change with a rule' };
  for (const step of steps) {
    last = await readCounter(runner, step);
    if (last.kind === 'ok') return last;
  }
  return last;
}

/** A plan's changes as steps (for a fix whose rule was already there: reused, so no undo record holds them). */
export function stepsOfPlan(plan: FixPlan): UndoStep[] {
  return plan.commands
    .filter((c) => c.role !== 'persist')
    .map((c) => ({
      undo: c.undo ? [...c.undo] : ['none'],
      ...(c.nftRule ? { nftRule: c.nftRule } : {}),
      ...(c.check ? { check: [...c.check] } : {}),
    }));
}

/** The single client a scope lets in (`10.5.5.5`, `10.5.5.5/32`), or null for a network or anywhere. */
export function singleClient(scope: string | undefined): string | null {
  if (!scope || scope === 'any') return null;
  const [address, prefix] = scope.split('/');
  if (!address) return null;
  if (prefix === undefined || prefix === (address.includes(':') ? '128' : '32')) return address;
  return null;
}

/**
 * Which proof "fixed" rests on. Traffic (`rule-counter`) only when the new rule's counter grew since it was added —
 * never claimed otherwise; the client is named only when the rule lets in that one address. `re-evaluation` when the
 * ruleset accepts but no packet was counted yet (or no counter can be read); `none` when it does not accept.
 */
export function proofOf(fixed: boolean, before: number, reading: CounterReading, scope: string | undefined): FixProof {
  if (!fixed) return { kind: 'none' };
  if (reading.kind === 'ok' && reading.packets > before) {
    const client = singleClient(scope);
    return { kind: 'rule-counter', before, after: reading.packets, ...(client ? { client } : {}) };
  }
  if (reading.kind === 'ok') return { kind: 're-evaluation', before, after: reading.packets };
  return { kind: 're-evaluation', detail: reading.why };
}

/** The proof as one evidence line (English text + `engine.fixCheck.*` key, translated by the presenters). */
export function proofEvidence(proof: FixProof): Evidence {
  const say = (name: EngineKeyUnder<'fixCheck'>, params: EngineParams): Evidence => {
    const key = `engine.fixCheck.${name}`;
    return { kind: 'proof', text: engineT('en', key, params, name), key, params, data: { proof: proof.kind } };
  };
  const counts = { before: proof.before ?? 0, after: proof.after ?? 0 };
  if (proof.kind === 'rule-counter')
    return proof.client ? say('proofCounter', { client: proof.client, ...counts }) : say('proofCounterAny', counts);
  if (proof.kind === 're-evaluation')
    return proof.after !== undefined ? say('proofReevaluated', counts) : say('proofReevaluatedNoCounter', { why: proof.detail ?? '' });
  return say('notFixed', {});
}
