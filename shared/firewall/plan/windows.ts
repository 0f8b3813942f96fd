import type { PlannedCommand } from '../../schemas/firewall';
import { basePlan, protoPort, refuse, scopeWords } from './plan-base';
import type { FixChoices, FixContext, PlanResult, Scope, WindowsProfile } from './types';
import { validWindowsRuleName } from './validate';

/**
 * The NetSecurity cmdlets (New-NetFirewallRule -Group …) exist only in PowerShell, so these argv arrays end
 * in one -Command text. It is assembled only from validated tokens (integers, enum words, parsed CIDRs, rule
 * names from the probe checked against a quote-free alphabet), each value inside single quotes, where
 * PowerShell expands nothing.
 */
const POWERSHELL = ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command'];

function ps(script: string): string[] {
  return [...POWERSHELL, script];
}

const PROFILE_WORD: Record<WindowsProfile, string> = { domain: 'Domain', private: 'Private', public: 'Public' };

/** The rule's stable name: one per port, protocol and scope, so a second apply finds and reuses it. */
export function windowsRuleName(choices: FixChoices, scope: Scope): string {
  const scopeKey = scope.any ? 'Any' : scope.text.replace(/\//g, '_').replace(/:/g, '.');
  return `PortDoctor-${choices.protocol.toUpperCase()}-${choices.port}-${scopeKey}`;
}

function profilesOf(ctx: FixContext, choices: FixChoices): { text: string; warning?: string } {
  const chosen = choices.profiles ?? ctx.activeProfiles ?? [];
  const unique = (['domain', 'private', 'public'] as const).filter((p) => chosen.includes(p));
  if (unique.length === 0) return { text: 'Any', warning: 'The network profile of the interface the client uses is not known: the rule applies to every profile. Pass --profile to narrow it.' };
  return { text: unique.map((p) => PROFILE_WORD[p]).join(',') };
}

/** Plan a Windows Defender Firewall allow rule in group PortDoctor; or, when a block rule decides, offer to disable it. */
export function planWindows(ctx: FixContext, choices: FixChoices, scope: Scope): PlanResult {
  const verdict = ctx.verdict;
  if (!verdict) return refuse('no Windows firewall verdict to plan from', 'Get-NetFirewallRule -Direction Inbound -Enabled True');
  if (verdict.decision !== 'accept' && verdict.rule !== undefined) return planDisableBlockRule(ctx, choices, scope);
  const plan = basePlan(ctx, choices, scope, 'windows', 'firewall');
  const name = windowsRuleName(choices, scope);
  const display = `PortDoctor: allow ${protoPort(choices)}`;
  const profiles = profilesOf(ctx, choices);
  if (profiles.warning) plan.warnings.push(profiles.warning);
  const remote = scope.any ? 'Any' : scope.text;
  const create =
    `New-NetFirewallRule -Name '${name}' -DisplayName '${display}' -Group 'PortDoctor' -Direction Inbound -Action Allow ` +
    `-Protocol ${choices.protocol.toUpperCase()} -LocalPort ${choices.port} -RemoteAddress '${remote}' -Profile '${profiles.text}' -ErrorAction Stop | Out-Null`;
  plan.commands.push({
    argv: ps(create),
    description: `Add the inbound allow rule "${display}" (group PortDoctor) for ${scopeWords(scope)}, profiles ${profiles.text}.`,
    undo: ps(`Remove-NetFirewallRule -Name '${name}' -ErrorAction Stop`),
    source: 'windows.fix.rule',
    role: 'change',
    check: ps(`Get-NetFirewallRule -Name '${name}' -ErrorAction Stop | Out-Null`),
  });
  plan.summary = `Allow ${protoPort(choices)} from ${scopeWords(scope)} in Windows Defender Firewall (rule "${display}").`;
  return { kind: 'ok', data: plan };
}

/** A block rule beats every allow rule in Windows Defender Firewall: the only fix is to disable it, confirmed separately. */
function planDisableBlockRule(ctx: FixContext, choices: FixChoices, scope: Scope): PlanResult {
  const rule = ctx.verdict?.rule;
  const name = rule?.name;
  const plan = basePlan(ctx, choices, scope, 'windows', 'disable-block-rule');
  const shown = rule?.text ?? name ?? '';
  plan.warnings.push(
    `The block rule "${shown}" decides. In Windows Defender Firewall a block rule wins over every allow rule, so adding an allow rule cannot let the client in.`,
  );
  if (name === undefined || !validWindowsRuleName(name)) {
    plan.kind = 'explain';
    plan.summary = `A block rule stops ${protoPort(choices)}; disable it by hand in "Windows Defender Firewall with Advanced Security" (wf.msc).`;
    plan.guidance = [{ title: 'Disable the block rule by hand', text: `Open wf.msc → Inbound Rules, find "${shown}", and disable it if nothing else needs it.` }];
    return { kind: 'ok', data: plan };
  }
  const command: PlannedCommand = {
    argv: ps(`Disable-NetFirewallRule -Name '${name}' -ErrorAction Stop`),
    description: `Disable (not delete) the block rule "${shown}". Undo enables it again.`,
    undo: ps(`Enable-NetFirewallRule -Name '${name}' -ErrorAction Stop`),
    source: 'windows.fix.disable-rule',
    role: 'change',
  };
  plan.commands.push(command);
  plan.separateConfirmation = true;
  plan.summary = `Disable the block rule "${shown}" that stops ${protoPort(choices)} (needs its own confirmation).`;
  return { kind: 'ok', data: plan };
}
