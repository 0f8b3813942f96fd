import type { WindowsInterfaceType } from '../../../shared/firewall/windows/types';
import type { WindowsFirewallRead } from '../../../shared/firewall/windows/readings';
import type { Result, Unavailable } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { runConsole } from './console';
import { advfirewallToProfiles, parseAdvfirewallProfiles } from './parse-advfirewall';
import { parseFirewallProfiles } from './parse-firewall-profiles';
import { parseFirewallRules } from './parse-firewall-rules';
import type { ParsedFirewallRules } from './parse-firewall-rules';
import { parseNetshRules } from './parse-netsh-rules';
import { parseAdapterTypes } from './parse-interfaces';
import { WINDOWS_SOURCES } from './sources';

/** The netsh rule listing, read when PowerShell timed out, failed or is restricted: the rules, or why not. */
async function readRulesFromNetsh(runner: Runner, codePage: number | null): Promise<Result<ParsedFirewallRules>> {
  const text = await runConsole(runner, WINDOWS_SOURCES.advfirewallRules, codePage);
  return text.kind === 'ok' ? parseNetshRules(text.data.stdout) : text;
}

/** Profiles known, rules from netsh (PowerShell said why not), or unread with both reasons. */
async function withNetshRules(
  runner: Runner,
  codePage: number | null,
  base: Omit<WindowsFirewallRead, 'skippedRules'>,
  psWhy: string,
): Promise<WindowsFirewallRead> {
  const rules = await readRulesFromNetsh(runner, codePage);
  if (rules.kind !== 'ok') return { ...base, skippedRules: [], rulesUnread: `${psWhy}; netsh: ${rules.detail}` };
  return {
    state: { ...base.state, rules: rules.data.rules },
    skippedRules: rules.data.skipped,
    rulesSource: { kind: 'netsh', why: psWhy },
  };
}

/** Without PowerShell (missing, ConstrainedLanguage), `netsh advfirewall show allprofiles` still tells each profile's state; the rules then come from netsh too. */
async function readProfilesFromNetsh(
  runner: Runner,
  codePage: number | null,
  why: Unavailable,
  localSubnets: string[],
): Promise<Result<WindowsFirewallRead>> {
  const text = await runConsole(runner, WINDOWS_SOURCES.advfirewallProfiles, codePage);
  const parsed = text.kind === 'ok' ? parseAdvfirewallProfiles(text.data.stdout) : text;
  const profiles = parsed.kind === 'ok' ? advfirewallToProfiles(parsed.data) : [];
  if (profiles.length === 0) return why;
  return { kind: 'ok', data: await withNetshRules(runner, codePage, { state: { profiles, rules: [], localSubnets } }, why.detail) };
}

/** Profiles and inbound rules from the ActiveStore (so Group Policy rules count), plus adapter types. */
export async function readWindowsFirewall(
  runner: Runner,
  codePage: number | null,
  localSubnets: string[],
): Promise<Result<WindowsFirewallRead>> {
  const profText = await runConsole(runner, WINDOWS_SOURCES.firewallProfiles, codePage);
  const profiles = profText.kind === 'ok' ? parseFirewallProfiles(profText.data.stdout, profText.data.stderr) : profText;
  if (profiles.kind !== 'ok') return readProfilesFromNetsh(runner, codePage, profiles, localSubnets);
  const ruleText = await runConsole(runner, WINDOWS_SOURCES.firewallRules, codePage);
  const rules = ruleText.kind === 'ok' ? parseFirewallRules(ruleText.data.stdout, ruleText.data.stderr) : ruleText;
  if (rules.kind !== 'ok')
    return {
      kind: 'ok',
      data: await withNetshRules(runner, codePage, { state: { profiles: profiles.data, rules: [], localSubnets } }, rules.detail),
    };
  const adapters = await runConsole(runner, WINDOWS_SOURCES.adapters, codePage);
  const interfaceTypes: Record<string, WindowsInterfaceType> = adapters.kind === 'ok' ? parseAdapterTypes(adapters.data.stdout) : {};
  return {
    kind: 'ok',
    data: {
      state: { profiles: profiles.data, rules: rules.data.rules, localSubnets, interfaceTypes },
      skippedRules: rules.data.skipped,
      rulesSource: { kind: 'powershell' },
    },
  };
}
