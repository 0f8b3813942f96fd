import { say } from '../../shared/i18n/say';
import type { Said } from '../../shared/i18n/say';
import type { EngineKeyUnder } from '../../shared/i18n/engine-keys';
import type { AppliedFix, FixPlan } from '../../shared/schemas/firewall';
import type { Runner } from '../system/runner';
import { describeNftRule, findNftRules, nftWhere } from './rule-identity';
import { runArgv, textOf } from './run-step';
import type { UndoRecord, UndoStep } from './types';
import { stepsOf } from './undo-fix';

/** Whether one change of a fix is in the firewall being viewed, and (when not `present`) why. */
export interface StepPresence {
  presence: NonNullable<AppliedFix['presence']>;
  /** The reason as an engine sentence (`engine.fixCheck.presence.*`): English text plus its key, for zh-CN. */
  why?: Said;
}

const why = (key: EngineKeyUnder<'fixCheck.presence'>, params?: Record<string, string>): Said => say(`fixCheck.presence.${key}`, params);

/**
 * The kernel rule ufw makes from the spec a ufw fix was added with (`ufw delete allow proto tcp from S to any port N`):
 * `-A ufw-user-input [-s S] -p tcp -m tcp --dport N -j ACCEPT`. Checked with `iptables -C`, so the firewall viewed
 * (this network namespace) is asked, not ufw's files, which every namespace on the host shares.
 */
export function ufwKernelCheck(undo: readonly string[]): string[] | null {
  const [ufw, del, action, p, proto, from, scope, to, any, portWord, port] = undo;
  if (
    ufw !== 'ufw' ||
    del !== 'delete' ||
    action !== 'allow' ||
    p !== 'proto' ||
    from !== 'from' ||
    to !== 'to' ||
    any !== 'any' ||
    portWord !== 'port'
  )
    return null;
  if (!proto || !/^(tcp|udp)$/.test(proto) || !scope || !port || !/^\d{1,5}$/.test(port) || undo.length !== 11) return null;
  const tool = scope.includes(':') ? 'ip6tables' : 'iptables';
  const source = scope === 'any' ? [] : ['-s', scope];
  return [tool, '-w', '5', '-C', 'ufw-user-input', ...source, '-p', proto, '-m', proto, '--dport', port, '-j', 'ACCEPT'];
}

// A check that ran and said "no": iptables -C and firewall-cmd --query-* exit 1, PortDoctor's Windows check exits 1
// (no rule of that name) or 3 (the name is not in group PortDoctor). Anything else (no root, firewalld not running,
// a tool missing) is "could not check", never "not present".
const SAYS_NO = new Set([1, 3]);

async function checkPresence(runner: Runner, check: readonly string[]): Promise<StepPresence> {
  const result = await runArgv(runner, check, 'fix.list.check');
  if (result.kind === 'ok') return { presence: 'present' };
  const exit = result.error.output?.exitCode;
  if (result.error.reason === 'exit-code' && typeof exit === 'number' && SAYS_NO.has(exit)) {
    return { presence: 'absent', why: why('saysAbsent', { check: check.slice(0, 8).join(' ') }) };
  }
  const said = textOf(result).trim().split('\n')[0] ?? '';
  const tool = check[0] ?? '';
  return {
    presence: 'unknown',
    why: said
      ? why('notAskedSaid', { tool, reason: result.error.reason, said: said.slice(0, 200) })
      : why('notAsked', { tool, reason: result.error.reason }),
  };
}

/** Whether one recorded change is in the firewall this process sees, by the same identity undo proves. */
export async function stepPresence(runner: Runner, step: UndoStep): Promise<StepPresence> {
  if (step.nftRule) {
    const found = await findNftRules(runner, step.nftRule);
    if (found.kind === 'error')
      return { presence: 'unknown', why: why('nftUnread', { where: nftWhere(step.nftRule).join(' '), detail: found.detail }) };
    return found.rules.length > 0
      ? { presence: 'present' }
      : { presence: 'absent', why: why('nftAbsent', { rule: describeNftRule(step.nftRule) }) };
  }
  if (step.check) return checkPresence(runner, step.check);
  const ufw = ufwKernelCheck(step.undo);
  if (ufw) return checkPresence(runner, ufw);
  return { presence: 'unknown', why: why('noIdentity') };
}

/**
 * Whether a fix is in the firewall being viewed: `absent` when any change it made is proven missing (another
 * namespace, container or host; a reload without it), `unknown` when one could not be checked (no privilege, tool
 * missing), `present` only when every change is there exactly as added.
 */
export async function fixPresence(runner: Runner, record: UndoRecord, plan: FixPlan | null): Promise<StepPresence> {
  const steps = stepsOf(record, plan);
  let unknown: StepPresence | null = null;
  for (const step of steps) {
    const found = await stepPresence(runner, step);
    if (found.presence === 'absent') return found;
    if (found.presence === 'unknown') unknown ??= found;
  }
  if (unknown) return unknown;
  return steps.length > 0 ? { presence: 'present' } : { presence: 'unknown', why: why('noChange') };
}
