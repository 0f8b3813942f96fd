import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../../electron/cli/program';
import { parseNetshRules } from '../../../../../electron/probes/windows/parse-netsh-rules';
import { evaluateWindowsFirewall } from '../../../../../shared/firewall/windows/evaluate-windows-firewall';
import type { WindowsFirewallRule } from '../../../../../shared/firewall/windows/types';
import type { CheckReport } from '../../../../../shared/schemas/report';
import { LOCALES, renderListing, stockRules } from './netsh-rules-render';
import type { NetshRule } from './netsh-rules-render';

// Issue 16 item 10: `netsh advfirewall firewall show rule name=all dir=in verbose`, the fallback when PowerShell
// is slow, restricted or missing, read by shape in every display language.
const FIX = join(import.meta.dirname, '../../../../fixtures/windows');
const rulesOf = (text: string): WindowsFirewallRule[] => {
  const r = parseNetshRules(text);
  if (r.kind !== 'ok') throw new Error(r.detail);
  expect(r.data.skipped).toEqual([]);
  return r.data.rules;
};

describe('real captures (non-verbose, one rule each)', () => {
  it('en-US: the DC/OS agent rule', () => {
    expect(rulesOf(readFileSync(join(FIX, 'advfirewall-rule.en-US.txt'), 'utf8'))).toEqual([
      expect.objectContaining({
        name: 'Open Port 61001 for admin router',
        enabled: true,
        action: 'allow',
        protocol: 'TCP',
        localPorts: ['61001'],
        remoteAddresses: ['Any'],
        profiles: 'any',
        program: 'Any',
      }),
    ]);
  });
  it('zh-CN (padding collapsed in the paste): 是 / 任何 / 允许 read as Yes / Any / Allow', () => {
    expect(rulesOf(readFileSync(join(FIX, 'advfirewall-rule.zh-CN.collapsed.txt'), 'utf8'))).toEqual([
      expect.objectContaining({
        name: 'Chrome CDP 9222',
        enabled: true,
        action: 'allow',
        protocol: 'TCP',
        localPorts: ['9222'],
        localAddresses: ['Any'],
        profiles: 'any',
      }),
    ]);
  });
});

const OURS: NetshRule[] = [
  { name: 'Web App 8080', localPort: '8080', program: 'C:\\Program Files\\nodejs\\node.exe' },
  { name: 'Block 8081', localPort: '8081', action: 'block', gpo: 'contoso.com\\Server Baseline' },
  { name: 'Secure 8082', localPort: '8082', security: 'auth' },
  { name: 'Old 8083', localPort: '8083', enabled: false, description: 'An old rule: kept disabled.' },
  { name: 'Lab 8084', localPort: '8084,9000-9010', remoteIp: '10.0.0.0/255.0.0.0', profiles: [2] },
];

describe.each(Object.keys(LOCALES))('verbose listing in %s (stock rules + ours)', (locale) => {
  const loc = LOCALES[locale] ?? (undefined as never);
  const rules = rulesOf(renderListing([...stockRules(), ...OURS], loc));
  const byName = (n: string) => rules.find((r) => r.name === n);

  it('reads every block, with optional lines absent or present', () => {
    expect(rules).toHaveLength(stockRules().length + OURS.length);
    expect(byName('Core Networking - Dynamic Host Configuration Protocol (DHCP-In)')).toMatchObject({
      protocol: 'UDP',
      localPorts: ['68'],
      program: '%SystemRoot%\\system32\\svchost.exe',
      service: 'dhcp',
      group: 'Core Networking',
    });
    expect(byName('Core Networking - Destination Unreachable (ICMPv4-In)')).toMatchObject({
      protocol: 'ICMPv4',
      localPorts: ['Any'],
      program: 'System',
      service: 'Any',
    });
    expect(byName('Virtual Desktop Streamer')).toMatchObject({
      protocol: 'Any',
      program: 'C:\\Program Files\\Virtual Desktop Streamer\\VirtualDesktop.Streamer.exe',
    });
    expect(byName('Windows Remote Management (HTTP-In)')?.profiles).toEqual(['domain', 'private']);
    expect(byName('Remote Desktop - User Mode (TCP-In)')?.enabled).toBe(false);
  });

  it('actions, sources, security, ports and addresses', () => {
    expect(byName('Web App 8080')).toMatchObject({
      enabled: true,
      action: 'allow',
      storeType: 'local',
      localPorts: ['8080'],
      program: 'C:\\Program Files\\nodejs\\node.exe',
    });
    expect(byName('Block 8081')).toMatchObject({ action: 'block', store: 'contoso.com\\Server Baseline', storeType: 'other' });
    expect(byName('Secure 8082')?.authenticatedOnly).toMatch(/^Security /);
    expect(byName('Web App 8080')?.authenticatedOnly).toBeUndefined();
    expect(byName('Old 8083')).toMatchObject({ enabled: false, service: 'Any' });
    expect(byName('Lab 8084')).toMatchObject({
      localPorts: ['8084', '9000-9010'],
      remoteAddresses: ['10.0.0.0/255.0.0.0'],
      profiles: ['public'],
    });
  });

  it('the evaluator decides from them: allow 8080, the block rule drops 8081, the secure rule lets no plain client in', () => {
    const state = {
      profiles: (['domain', 'private', 'public'] as const).map((name) => ({
        name,
        enabled: true,
        defaultInboundAction: 'block' as const,
        allowInboundRules: true,
        allowLocalFirewallRules: true,
      })),
      rules,
      localSubnets: ['192.168.1.0/24'],
    };
    const syn = (dport: number) => ({
      family: 4 as const,
      protocol: 'tcp' as const,
      source: '203.0.113.10',
      destination: '192.168.1.10',
      dport,
      iif: 'Ethernet',
      profile: 'public' as const,
    });
    const node = { program: 'C:\\Program Files\\nodejs\\node.exe' };
    expect(evaluateWindowsFirewall(state, syn(8080), node).decision).toBe('accept');
    expect(evaluateWindowsFirewall(state, syn(8081), node).decision).toBe('drop');
    expect(evaluateWindowsFirewall(state, syn(8082), node).decision).toBe('drop');
  });
});

describe('what cannot be read is unknown with the reason', () => {
  it('no rule block at all', () => {
    expect(parseNetshRules('The requested operation requires elevation (Run as administrator).\r\n')).toMatchObject({
      kind: 'unavailable',
      reason: 'unparseable',
    });
  });
  it('no TCP or UDP rule to learn the layout from', () => {
    const r = parseNetshRules(
      renderListing([{ name: 'ICMP only', protocol: 'ICMPv4', icmp: true }], LOCALES['en-US'] ?? (undefined as never)),
    );
    expect(r).toMatchObject({ kind: 'unavailable', reason: 'unparseable', detail: expect.stringMatching(/no TCP or UDP rule/) });
  });
  it('an action word that is neither seen before nor clearly the most common one', () => {
    const loc = { ...(LOCALES['de-DE'] ?? (undefined as never)), allow: 'Erlauben', block: 'Sperren' };
    const half = [1, 2, 3, 4].map((i): NetshRule => ({ name: `r${i}`, localPort: String(i), action: i % 2 ? 'allow' : 'block' }));
    expect(parseNetshRules(renderListing(half, loc))).toMatchObject({
      kind: 'unavailable',
      detail: expect.stringMatching(/Allow could not be told/),
    });
  });
});

describe('check --replay firewall-rules-netsh.zh-CN: PowerShell refused (ConstrainedLanguage), rules from netsh in GBK', () => {
  const bundle = join(import.meta.dirname, '../../../../fixtures/windows-bundles/firewall-rules-netsh.zh-CN.portdoctor.json');
  const check = async (port: number): Promise<CheckReport> => {
    const out: string[] = [];
    await runCli(['check', String(port), '--replay', bundle, '--json'], { out: (t) => out.push(t), err: () => undefined });
    return JSON.parse(out.join('')) as CheckReport;
  };
  it('the netsh allow rule lets 8080 in; the GPO block rule drops 8081; the evidence says netsh was read and why', async () => {
    const ok = await check(8080);
    expect(ok.verdict.cause).toBe('ok');
    const ev = ok.steps.find((s) => s.id === 'firewall')?.evidence ?? [];
    expect(ev.find((e) => e.key === 'engine.note.windowsRulesNetsh')?.text).toMatch(
      /^Rules read from netsh advfirewall firewall show rule name=all dir=in verbose, because PowerShell could not read them \(.*language mode/,
    );
    expect(ev.find((e) => e.kind === 'rule')).toMatchObject({
      source: 'windows.netsh.advfirewall.rules',
      command: 'netsh advfirewall firewall show rule name=all dir=in verbose',
    });
    // Nothing listens on 8081 (that comes first), but the firewall step names the netsh block rule.
    const fw = (await check(8081)).steps.find((s) => s.id === 'firewall');
    expect(fw?.status).toBe('fail');
    expect(fw?.evidence.find((e) => e.kind === 'rule')?.text).toContain(
      '"阻止 8081" (store: contoso.com\\Server Baseline): Block inbound TCP port 8081',
    );
  });
});
