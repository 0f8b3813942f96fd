import type { WindowsFirewallRule, WindowsInterfaceType, WindowsProfileName } from '../../../shared/firewall/windows/types';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { ParsedFirewallRules } from './parse-firewall-rules';

// `netsh advfirewall firewall show rule name=all dir=in verbose`: per rule a `label: value` name line, a `----`
// line, then `label: value` lines in a fixed order, all translated (labels and values: `Yes`/`是`, `Allow`/`允许`,
// `Any`/`任何`). Some lines are optional (Description; LocalPort/RemotePort only for TCP/UDP; Program and Service
// only when set; InterfaceTypes/Security/Rule source only with `verbose`), so fields are found by shape: a rule
// whose protocol value is TCP or UDP fixes every position around it (Enabled is 6 before it, LocalPort 1 after,
// Action last), which teaches the labels; every rule is then read by label. The words that mean Any, No and
// Allow are learnt from how often they occur (RemotePort is nearly always Any, Edge traversal nearly always No,
// inbound rules are nearly all Allow), checked against the words seen in real outputs.

type Role =
  | 'description'
  | 'enabled'
  | 'direction'
  | 'profiles'
  | 'grouping'
  | 'localIp'
  | 'remoteIp'
  | 'protocol'
  | 'localPort'
  | 'remotePort'
  | 'edge'
  | 'program'
  | 'service'
  | 'interfaceTypes'
  | 'security'
  | 'source'
  | 'action';
interface Field {
  label: string;
  value: string;
}
interface Block {
  name: string;
  fields: Field[];
}

/** Words seen in real outputs (test/fixtures/windows): a check on the frequency guesses, not the way fields are found. */
const SEEN_ALLOW = new Set(['Allow', '允许']);
const SEEN_BLOCK = new Set(['Block', '阻止']);
const SEEN_LOCAL = new Set(['Local Setting']);

const DASHES = /^\s*-{10,}\s*$/;

function splitField(line: string): Field | null {
  const m = /^([^:：]+)[:：]\s?(.*)$/.exec(line.trimEnd());
  if (!m || /^\s/.test(line)) return null;
  return { label: (m[1] ?? '').trim(), value: (m[2] ?? '').trim() };
}

/** Rule blocks: the `label: name` line before each `----` line, and the `label: value` lines after it. */
export function netshRuleBlocks(text: string): Block[] {
  const lines = text.split(/\r?\n/);
  const starts: number[] = [];
  lines.forEach((l, i) => {
    if (DASHES.test(l) && i > 0 && splitField(lines[i - 1] ?? '')) starts.push(i);
  });
  return starts.map((at, k) => {
    const end = k + 1 < starts.length ? (starts[k + 1] ?? lines.length) - 1 : lines.length;
    const fields = lines.slice(at + 1, end).flatMap((l) => splitField(l) ?? []);
    return { name: splitField(lines[at - 1] ?? '')?.value ?? '', fields };
  });
}

const TRANSPORT = /^(TCP|UDP)$/;

/** The roles of a TCP/UDP rule's fields, by position around its protocol field; null if the block has no such shape. */
function rolesByPosition(b: Block): Map<string, Role> | null {
  const p = b.fields.findIndex((f, i) => i >= 6 && TRANSPORT.test(f.value));
  const n = b.fields.length;
  if (p < 0 || n < p + 5) return null;
  const roles = new Map<string, Role>();
  const set = (i: number, r: Role) => {
    const f = b.fields[i];
    if (f) roles.set(f.label, r);
  };
  (['enabled', 'direction', 'profiles', 'grouping', 'localIp', 'remoteIp', 'protocol', 'localPort', 'remotePort', 'edge'] as const).forEach(
    (r, i) => set(p - 6 + i, r),
  );
  if (p === 7) set(0, 'description');
  set(n - 1, 'action');
  const rest = n - 1 - (p + 4);
  if (rest >= 3) {
    set(n - 2, 'source');
    set(n - 3, 'security');
    set(n - 4, 'interfaceTypes');
    if (rest === 5) {
      set(p + 4, 'program');
      set(p + 5, 'service');
    }
  }
  return roles;
}

/** label → role, by majority over every TCP/UDP rule. */
function learnLabels(blocks: Block[]): Map<string, Role> {
  const votes = new Map<string, Map<Role, number>>();
  for (const b of blocks) {
    for (const [label, role] of rolesByPosition(b) ?? []) {
      const v = votes.get(label) ?? new Map<Role, number>();
      v.set(role, (v.get(role) ?? 0) + 1);
      votes.set(label, v);
    }
  }
  const out = new Map<string, Role>();
  for (const [label, v] of votes) out.set(label, [...v.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'description');
  return out;
}

function mostCommon(values: string[]): { value: string; share: number } | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return top ? { value: top[0], share: top[1] / values.length } : null;
}

type Read = Partial<Record<Role, string>>;
const list = (v: string | undefined, any: string): string[] =>
  v === undefined || v === '' || v === any
    ? ['Any']
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
const IF_TYPES: Record<string, WindowsInterfaceType> = { lan: 'wired', wireless: 'wireless', ras: 'remote-access' };

/**
 * Parse the verbose rule listing into the evaluator's rules, in any display language. Rules whose profile or
 * interface words cannot be read are skipped with the reason; an output whose shape cannot be learnt is unknown.
 */
export function parseNetshRules(text: string): Result<ParsedFirewallRules> {
  const blocks = netshRuleBlocks(text);
  if (blocks.length === 0)
    return unavailable('unparseable', `no rule block (a name line, then a ---- line) in: ${text.trim().slice(0, 200)}`);
  const labels = learnLabels(blocks);
  if (![...labels.values()].includes('action'))
    return unavailable('unparseable', 'no TCP or UDP rule to learn the layout from: the rule listing could not be read');
  const reads: Array<{ name: string; r: Read }> = blocks.map((b) => {
    const r: Read = {};
    const at = (role: Role) => b.fields.findIndex((f) => labels.get(f.label) === role);
    const edge = at('edge');
    const tail = at('interfaceTypes') >= 0 ? at('interfaceTypes') : at('action');
    b.fields.forEach((f, i) => {
      const role = labels.get(f.label);
      if (role && r[role] === undefined) r[role] = f.value;
      // Program and Service appear only when set, between Edge traversal and InterfaceTypes: a label not learnt
      // there is one of them, told apart by a path's shape. Elsewhere (a Description) it is not read.
      else if (!role && edge >= 0 && i > edge && i < tail) r[/[\\%]|^System$|\.exe$/i.test(f.value) ? 'program' : 'service'] = f.value;
    });
    return { name: b.name, r };
  });
  const words = (role: Role) => reads.map(({ r }) => r[role]).filter((v): v is string => v !== undefined);
  const any = mostCommon(words('remotePort'))?.value ?? mostCommon(words('remoteIp'))?.value ?? '';
  const no = mostCommon(words('edge'))?.value ?? '';
  const allowGuess = mostCommon(words('action'));
  const allow =
    [...new Set(words('action'))].find((w) => SEEN_ALLOW.has(w)) ??
    (allowGuess && allowGuess.share >= 0.6 && !SEEN_BLOCK.has(allowGuess.value) ? allowGuess.value : undefined);
  if (!allow)
    return unavailable(
      'unparseable',
      `which action word means Allow could not be told (${[...new Set(words('action'))].slice(0, 4).join(', ')})`,
    );
  const plainSecurity = mostCommon(words('security'))?.value;
  const local = [...new Set(words('source'))].find((w) => SEEN_LOCAL.has(w)) ?? mostCommon(words('source'))?.value;
  const threeProfiles =
    words('profiles')
      .map((v) => v.split(',').map((s) => s.trim()))
      .find((p) => p.length === 3) ?? [];
  const profileNames: WindowsProfileName[] = ['domain', 'private', 'public'];
  const rules: WindowsFirewallRule[] = [];
  const skipped: string[] = [];
  for (const { name, r } of reads) {
    const profiles = list(r.profiles, any).map((w) => (w === 'Any' ? 'any' : profileNames[threeProfiles.indexOf(w)]));
    if (profiles.some((p) => p === undefined)) {
      skipped.push(`rule ${name}: unknown profile words ${JSON.stringify(r.profiles)}`);
      continue;
    }
    const ifWords = list(r.interfaceTypes, any);
    const ifTypes = ifWords.includes('Any') ? 'any' : ifWords.map((w) => IF_TYPES[w.toLowerCase()]);
    if (ifTypes !== 'any' && ifTypes.some((t) => t === undefined)) {
      skipped.push(`rule ${name}: unknown interface types ${JSON.stringify(r.interfaceTypes)}`);
      continue;
    }
    const secured = r.security !== undefined && r.security !== plainSecurity;
    const rule: WindowsFirewallRule = {
      name,
      displayName: name,
      enabled: r.enabled !== undefined && r.enabled !== no,
      direction: 'inbound',
      action: r.action === allow || secured ? 'allow' : 'block',
      profiles: profiles.includes('any') || profiles.length === 3 ? 'any' : (profiles as WindowsProfileName[]),
      store: r.source ?? 'unknown store',
      storeType: r.source === undefined ? 'other' : r.source === local ? 'local' : 'other',
      protocol: r.protocol === undefined || r.protocol === any ? 'Any' : r.protocol,
      localPorts: list(r.localPort, any),
      remoteAddresses: list(r.remoteIp, any),
      localAddresses: list(r.localIp, any),
      program: r.program === undefined || r.program === any ? 'Any' : r.program,
      service: r.service === undefined || r.service === any ? 'Any' : r.service,
      interfaceTypes: ifTypes === 'any' ? 'any' : (ifTypes as WindowsInterfaceType[]),
    };
    if (r.grouping) rule.group = r.grouping;
    if (secured) rule.authenticatedOnly = `Security ${r.security ?? ''}${r.action !== allow ? ` (action ${r.action ?? ''})` : ''}`;
    rules.push(rule);
  }
  return { kind: 'ok', data: { rules, skipped } };
}
