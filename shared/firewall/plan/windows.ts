import type { FixPlan, PlannedCommand } from '../../schemas/firewall';
import { basePlan, describe, planSay, planSayScoped, protoPort, refuse, setSummary, warn } from './plan-base';
import type { Said } from '../../i18n/say';
import type { NoteKey } from '../../i18n/note';
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

function profilesOf(ctx: FixContext, choices: FixChoices): { text: string; warning?: Said } {
  const chosen = choices.profiles ?? ctx.activeProfiles ?? [];
  const unique = (['domain', 'private', 'public'] as const).filter((p) => chosen.includes(p));
  if (unique.length === 0) return { text: 'Any', warning: planSay('winProfileUnknown', {}) };
  return { text: unique.map((p) => PROFILE_WORD[p]).join(',') };
}

/** Plan a Windows Defender Firewall allow rule in group PortDoctor; or, when a block rule decides, offer to disable it. */
export function planWindows(ctx: FixContext, choices: FixChoices, scope: Scope): PlanResult {
  const verdict = ctx.verdict;
  if (!verdict) return refuse('no Windows firewall verdict to plan from', 'Get-NetFirewallRule -Direction Inbound -Enabled True');
  const policyBlock = policyExplanation(ctx, choices, scope);
  if (policyBlock) return { kind: 'ok', data: policyBlock };
  if (verdict.decision !== 'accept' && verdict.rule !== undefined) return planDisableBlockRule(ctx, choices, scope);
  const plan = basePlan(ctx, choices, scope, 'windows', 'firewall');
  const name = windowsRuleName(choices, scope);
  const display = `PortDoctor: allow ${protoPort(choices)}`;
  const profiles = profilesOf(ctx, choices);
  if (profiles.warning) warn(plan, profiles.warning);
  const remote = scope.any ? 'Any' : scope.text;
  const create =
    `New-NetFirewallRule -Name '${name}' -DisplayName '${display}' -Group 'PortDoctor' -Direction Inbound -Action Allow ` +
    `-Protocol ${choices.protocol.toUpperCase()} -LocalPort ${choices.port} -RemoteAddress '${remote}' -Profile '${profiles.text}' -ErrorAction Stop | Out-Null`;
  plan.commands.push({
    argv: ps(create),
    ...describe(planSayScoped('winAdd', { rule: display, profiles: profiles.text }, scope)),
    // Identity: the unique name and group PortDoctor, both for reuse and for undo (a rule of that name outside the group is not ours).
    undo: ps(
      `Get-NetFirewallRule -Name '${name}' -ErrorAction Stop | Where-Object { $_.Group -eq 'PortDoctor' } | Remove-NetFirewallRule -ErrorAction Stop`,
    ),
    source: 'windows.fix.rule',
    role: 'change',
    check: ps(`$r = Get-NetFirewallRule -Name '${name}' -ErrorAction Stop; if ($r.Group -ne 'PortDoctor') { exit 3 }`),
  });
  setSummary(plan, planSayScoped('winSummary', { what: protoPort(choices), rule: display }, scope));
  return { kind: 'ok', data: plan };
}

/** Group Policy settings under which a local allow rule is ignored: say so instead of adding one that cannot work. */
function policyExplanation(ctx: FixContext, choices: FixChoices, scope: Scope): FixPlan | null {
  const noted = (key: NoteKey) => (ctx.verdict?.notes ?? []).some((n) => n.key === key);
  const profile = ctx.verdict?.policy?.table ?? 'the active';
  let guidance: FixPlan['guidance'];
  if (noted('note.windowsBlockAll') || ctx.verdict?.policy?.policy === 'block all inbound') {
    guidance = [
      {
        title: 'The profile blocks all incoming connections',
        text: `"Block all incoming connections" is on for the ${profile} profile, so every allow rule is ignored. Turn it off if this server should accept connections (Group Policy may set it; gpresult /h shows which).`,
        commands: [
          `Set-NetFirewallProfile -Name ${profile === 'the active' ? '<profile>' : profile} -AllowInboundRules True`,
          'gpresult /h gpresult.html',
        ],
      },
    ];
  } else if (noted('note.windowsGpo')) {
    guidance = [
      {
        title: 'Only Group Policy rules count',
        text: `Group Policy sets AllowLocalFirewallRules = False for the ${profile} profile: a local rule (what PortDoctor would add) is ignored. Add the allow rule for ${protoPort(choices)} to the Group Policy object instead, or ask its administrator.`,
        commands: [
          'gpresult /h gpresult.html',
          'Get-NetFirewallProfile -PolicyStore ActiveStore | Select-Object Name,AllowLocalFirewallRules',
        ],
      },
    ];
  } else return null;
  const plan = basePlan(ctx, choices, scope, 'windows', 'explain');
  setSummary(plan, planSay('winPolicy', { what: protoPort(choices) }));
  plan.guidance = guidance;
  return plan;
}

const LOCAL_STORES = /^(PersistentStore|Local|ActiveStore)?$/i;

/** A block rule beats every allow rule in Windows Defender Firewall: the only fix is to disable it, confirmed separately. */
function planDisableBlockRule(ctx: FixContext, choices: FixChoices, scope: Scope): PlanResult {
  const rule = ctx.verdict?.rule;
  const name = rule?.name;
  const plan = basePlan(ctx, choices, scope, 'windows', 'disable-block-rule');
  const shown = rule?.text ?? name ?? '';
  warn(plan, planSay('winBlockDecides', { rule: shown }));
  const store = rule?.table ?? '';
  if (!LOCAL_STORES.test(store)) {
    plan.kind = 'explain';
    setSummary(plan, planSay('winGpoRule', { what: protoPort(choices), store }));
    plan.guidance = [
      {
        title: 'Change the Group Policy rule',
        text: `Ask the administrator of "${store}" to narrow or remove "${shown}". A local change would be replaced at the next policy refresh.`,
        commands: ['gpresult /h gpresult.html'],
      },
    ];
    return { kind: 'ok', data: plan };
  }
  if (name === undefined || !validWindowsRuleName(name)) {
    plan.kind = 'explain';
    setSummary(plan, planSay('winByHand', { what: protoPort(choices) }));
    plan.guidance = [
      {
        title: 'Disable the block rule by hand',
        text: `Open wf.msc → Inbound Rules, find "${shown}", and disable it if nothing else needs it.`,
      },
    ];
    return { kind: 'ok', data: plan };
  }
  const command: PlannedCommand = {
    argv: ps(`Disable-NetFirewallRule -Name '${name}' -ErrorAction Stop`),
    ...describe(planSay('winDisable', { rule: shown })),
    undo: ps(`Enable-NetFirewallRule -Name '${name}' -ErrorAction Stop`),
    source: 'windows.fix.disable-rule',
    role: 'change',
  };
  plan.commands.push(command);
  plan.separateConfirmation = true;
  setSummary(plan, planSay('winDisableSummary', { rule: shown, what: protoPort(choices) }));
  return { kind: 'ok', data: plan };
}
