import type { WindowsFirewallProfile, WindowsProfileName } from '../../../shared/firewall/windows/types';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';

// `netsh advfirewall show allprofiles` translates headers, labels and the ON/OFF value, but keeps the
// `Firewall Policy` value (`BlockInbound,AllowOutbound`), the `LocalFirewallRules` label and `N/A` in
// English. So: sections by shape (a `…:` line over a `----` rule), the policy row by its value, the
// state from the first row through a small table of known translations (an unknown word stays null).

const ON = new Set(['on', '打开', '開啟', 'ein', 'activé', 'activado', 'attivato']);
const OFF = new Set(['off', '关闭', '關閉', 'aus', 'désactivé', 'desactivado', 'disattivato']);
/** Section headers name the profile; matched as words in the few locales seen, else by position. */
const NAMES: [RegExp, WindowsProfileName][] = [
  [/domain|域|domäne/i, 'domain'],
  [/private|专用|私人|privat/i, 'private'],
  [/public|公用|公共|öffentlich/i, 'public'],
];

/** One profile's settings as netsh shows them; null where the value could not be told. */
export interface AdvfirewallProfile {
  name: WindowsProfileName | null;
  enabled: boolean | null;
  inbound: 'allow' | 'block' | 'block-always' | null;
  /** False when `LocalFirewallRules` is `N/A (GPO-store only)`. */
  localRules: boolean | null;
}

const isRule = (l: string): boolean => /^-{10,}\s*$/.test(l.trim());
const valueOf = (l: string): string =>
  l
    .trim()
    .split(/\s{2,}/)
    .slice(1)
    .join(' ')
    .trim();

function readSection(header: string, rows: string[]): AdvfirewallProfile {
  const name = NAMES.find(([re]) => re.test(header))?.[1] ?? null;
  const state = valueOf(rows[0] ?? '').toLowerCase();
  const policyRow = rows.map((r) => /\b(Block|Allow)Inbound(Always)?,(Block|Allow)Outbound\b/.exec(r)).find((m) => m !== null);
  const localRow = rows.find((r) => /^\s*LocalFirewallRules\b/.test(r));
  const local = localRow === undefined ? '' : valueOf(localRow);
  return {
    name,
    enabled: ON.has(state) ? true : OFF.has(state) ? false : null,
    inbound: !policyRow ? null : policyRow[2] ? 'block-always' : policyRow[1] === 'Allow' ? 'allow' : 'block',
    localRules: local === '' ? null : !/^N\/A\b/.test(local),
  };
}

/** `netsh advfirewall show allprofiles` → profiles (Domain, Private, Public in that order when all three print). */
export function parseAdvfirewallProfiles(text: string): Result<AdvfirewallProfile[]> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const sections: { header: string; rows: string[] }[] = [];
  lines.forEach((line, i) => {
    if (isRule(line) && i > 0) sections.push({ header: lines[i - 1] ?? '', rows: [] });
    else if (sections.length > 0 && line.trim() !== '' && !isRule(lines[i + 1] ?? '')) sections.at(-1)?.rows.push(line);
  });
  if (sections.length === 0)
    return unavailable('unparseable', `no profile sections in the netsh advfirewall output: ${JSON.stringify(text.trim().slice(0, 160))}`);
  const profiles = sections.map((s) => readSection(s.header, s.rows));
  const order: WindowsProfileName[] = ['domain', 'private', 'public'];
  if (profiles.length === 3) profiles.forEach((p, i) => (p.name ??= order[i] ?? null));
  return { kind: 'ok', data: profiles };
}

/** Profiles the evaluator can use: only those whose name, state and inbound policy were all told. */
export function advfirewallToProfiles(parsed: AdvfirewallProfile[]): WindowsFirewallProfile[] {
  const out: WindowsFirewallProfile[] = [];
  for (const p of parsed) {
    if (!p.name || p.enabled === null || p.inbound === null) continue;
    out.push({
      name: p.name,
      enabled: p.enabled,
      defaultInboundAction: p.inbound === 'allow' ? 'allow' : 'block',
      allowLocalFirewallRules: p.localRules ?? true,
      allowInboundRules: p.inbound !== 'block-always',
    });
  }
  return out;
}
