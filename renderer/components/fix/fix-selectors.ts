import type { FixPlan } from '../../../shared/schemas/firewall';

// Anything beyond these characters is quoted, so the shown command is exactly the argv that runs, copyable as is.
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** An argv as one line of text, POSIX-quoted where needed (display only: PortDoctor never runs a shell string). */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (a !== '' && PLAIN.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
}

/**
 * An undo argv as one line before the fix has run: nft's `{handle}` is only known once the rule is added (and undo finds
 * the rule by its identity, not by that number), so the template is shown as a named placeholder, never as `'{handle}'`.
 */
export function formatUndo(argv: readonly string[], handlePlaceholder: string): string {
  return argv.map((a) => (a === '{handle}' ? handlePlaceholder : formatArgv([a]))).join(' ');
}

/** Whether the plan is a change the user can apply here: it has commands, it is a firewall change, and we are not replaying. */
export function selectCanApply(plan: FixPlan, replaying: boolean): boolean {
  if (replaying || plan.commands.length === 0) return false;
  return plan.kind === undefined || plan.kind === 'firewall' || plan.kind === 'disable-block-rule';
}
