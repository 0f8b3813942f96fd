import type { NftRuleIdentity } from '../../shared/schemas/firewall';
import type { Runner } from '../system/runner';
import { runArgv, textOf } from './run-step';
import type { UndoStep } from './types';

/** An nft rule found by identity: its handle now, and what its counter has seen. */
export interface FoundNftRule {
  handle: number;
  packets: number;
  bytes: number;
}

/** The chain an identity lives in, as nft arguments. */
export function nftWhere(id: NftRuleIdentity): string[] {
  return [id.family, id.table, id.chain];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The rules of `nft -a list chain` output that are exactly the identity: the whole line is its expression, a counter,
 * `accept` and its comment (`… counter packets 3 bytes 180 accept comment "PortDoctor:8080/tcp" # handle 7`).
 * An admin's rule with the same port but another expression, action or comment never matches.
 */
export function parseNftRulesByIdentity(listing: string, id: NftRuleIdentity): FoundNftRule[] {
  const line = new RegExp(
    `^\\s*${escapeRegExp(id.match.join(' '))} counter packets (\\d+) bytes (\\d+) accept comment "${escapeRegExp(id.comment)}" # handle (\\d+)\\s*$`,
  );
  const found: FoundNftRule[] = [];
  for (const text of listing.split('\n')) {
    const m = line.exec(text);
    if (m) found.push({ packets: Number(m[1]), bytes: Number(m[2]), handle: Number(m[3]) });
  }
  return found;
}

/** Read the chain now and find the rules with this identity; a missing table or chain holds none. */
export async function findNftRules(
  runner: Runner,
  id: NftRuleIdentity,
): Promise<{ kind: 'ok'; rules: FoundNftRule[] } | { kind: 'error'; detail: string }> {
  const result = await runArgv(runner, ['nft', '-a', 'list', 'chain', ...nftWhere(id)], 'linux.fix.nft.identity');
  if (result.kind === 'ok') return { kind: 'ok', rules: parseNftRulesByIdentity(result.output.stdout.toString('utf8'), id) };
  // nft says "No such file or directory" for a table or chain that is not there (a reload without it, another namespace).
  if (/No such file or directory/.test(textOf(result))) return { kind: 'ok', rules: [] };
  return { kind: 'error', detail: `${result.error.reason}: ${textOf(result).trim().split('\n')[0] ?? ''}` };
}

/** How an identity reads in a message: `ip saddr 10.5.5.5 tcp dport 8080 … comment "PortDoctor:8080/tcp" in inet filter input`. */
export function describeNftRule(id: NftRuleIdentity): string {
  return `"${id.match.join(' ')} counter accept comment \\"${id.comment}\\"" in ${id.family} ${id.table} ${id.chain}`;
}

/** A step proven present: the exact argv that removes it now. */
export type Proof = { kind: 'present'; undo: string[] } | { kind: 'absent'; why: string } | { kind: 'error'; why: string };

/**
 * Prove that what a step would remove is exactly what its change added, and say how to remove it now. nft: the rule
 * found by identity (the remembered handle only when the rule there still has it); others: their check argv.
 */
export async function proveStep(runner: Runner, step: UndoStep): Promise<Proof> {
  if (step.nftRule) {
    const found = await findNftRules(runner, step.nftRule);
    if (found.kind === 'error') return { kind: 'error', why: `could not read ${nftWhere(step.nftRule).join(' ')} (${found.detail})` };
    const rule = found.rules.find((r) => r.handle === step.handle) ?? found.rules[0];
    if (!rule) return { kind: 'absent', why: `no rule ${describeNftRule(step.nftRule)}` };
    return { kind: 'present', undo: ['nft', 'delete', 'rule', ...nftWhere(step.nftRule), 'handle', String(rule.handle)] };
  }
  if (step.check) {
    const result = await runArgv(runner, step.check, 'fix.undo.check');
    if (result.kind === 'ok') return { kind: 'present', undo: [...step.undo] };
    const exit = result.error.output?.exitCode;
    if (typeof exit === 'number' && exit > 0)
      return { kind: 'absent', why: `the exact rule is not there (${step.check.slice(0, 8).join(' ')} says no)` };
    return { kind: 'error', why: `could not check (${result.error.reason})` };
  }
  return { kind: 'present', undo: [...step.undo] };
}

/** An undo argv that deletes by an nft handle, which only an identity may choose (records from before issue #11). */
export function deletesByHandle(argv: readonly string[]): boolean {
  return argv[0] === 'nft' && argv.includes('delete') && argv.includes('handle');
}
