import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../../electron/cli/program';
import { parseFirewallRules } from '../../../../../electron/probes/windows/parse-firewall-rules';
import { WINDOWS_SOURCES } from '../../../../../electron/probes/windows/sources';
import { evaluateWindowsFirewall } from '../../../../../shared/firewall/windows/evaluate-windows-firewall';
import type { CheckReport } from '../../../../../shared/schemas/report';
import { fwRule, psJson } from '../../../../fixtures/windows-bundles/machine';
import { noteText } from '../../../../../shared/i18n/note';

// Issue 16 items 2, 3, 10 (the join), 11: rules as the rules script prints them (machine.ts keeps the 5.1 shapes).
const DIR = join(import.meta.dirname, '../../../../fixtures/windows-bundles');

async function check(name: string, ...extra: string[]): Promise<{ code: number; report: CheckReport }> {
  const port = String((JSON.parse(readFileSync(join(DIR, `${name}.portdoctor.json`), 'utf8')) as { target: { port: number } }).target.port);
  const out: string[] = [];
  const code = await runCli(['check', port, '--replay', join(DIR, `${name}.portdoctor.json`), '--json', ...extra], {
    out: (t) => out.push(t),
    err: () => undefined,
  });
  return { code, report: JSON.parse(out.join('')) as CheckReport };
}

const rulesOf = (rows: object[]) => {
  const r = parseFirewallRules(psJson(rows));
  if (r.kind !== 'ok') throw new Error(r.detail);
  return r.data;
};

const SYN = {
  family: 4 as const,
  source: '203.0.113.10',
  destination: '192.168.1.10',
  dport: 8080,
  protocol: 'tcp' as const,
  iif: 'Ethernet',
  profile: 'public' as const,
};
const state = (rows: object[]) => ({
  profiles: (['domain', 'private', 'public'] as const).map((name) => ({
    name,
    enabled: true,
    defaultInboundAction: 'block' as const,
    allowLocalFirewallRules: true,
    allowInboundRules: true,
  })),
  rules: rulesOf(rows).rules,
  localSubnets: ['192.168.1.0/24'],
});

describe('"allow if secure" rules let in authenticated peers only (item 2)', () => {
  it.each([
    ['Authentication Required', { Authentication: 1 }],
    ['Encryption Required', { Encryption: 1 }],
    ['OverrideBlockRules', { OverrideBlockRules: true, Authentication: 1 }],
    ['remote users/machines', { RemoteMachine: 'O:LSD:(A;;CC;;;S-1-5-21-1004336348-1177238915-682003330-512)' }],
    ['Action AllowBypass', { Action: 3 }],
  ])('%s: read from the security filter, judged as not letting a plain client in, and said', (needs, over) => {
    const { rules } = rulesOf([fwRule({ DisplayName: 'Secure 8080', LocalPort: '8080', ...over })]);
    expect(rules[0]?.authenticatedOnly).toContain(needs);
    const v = evaluateWindowsFirewall(state([fwRule({ DisplayName: 'Secure 8080', LocalPort: '8080', ...over })]), SYN);
    expect(v.decision).toBe('drop');
    expect(v.notes.map(noteText).join('\n')).toMatch(/Allow rule "Secure 8080" matches, but it allows only IPsec-authenticated peers/);
  });

  it('a plain allow rule still lets the client in beside a secure one; the default security filter is a plain allow', () => {
    const v = evaluateWindowsFirewall(
      state([fwRule({ DisplayName: 'Secure', LocalPort: '8080', Authentication: 1 }), fwRule({ DisplayName: 'Plain', LocalPort: '8080' })]),
      SYN,
    );
    expect(v).toMatchObject({ decision: 'accept', rule: { text: expect.stringContaining('Plain') } });
    expect(rulesOf([fwRule({ LocalPort: '8080' })]).rules[0]?.authenticatedOnly).toBeUndefined();
  });

  it('check --replay firewall-allow-if-secure: drop, the evidence names the security requirement, in en and keyed for zh-CN', async () => {
    const { code, report } = await check('firewall-allow-if-secure');
    expect(code).toBe(1);
    expect(report.verdict.cause).toBe('host-firewall-drop');
    const note = report.steps.find((s) => s.id === 'firewall')?.evidence.find((e) => e.key === 'engine.note.windowsSecureOnly');
    expect(note?.text).toBe(
      'Allow rule "Web App 8080 (secure)" matches, but it allows only IPsec-authenticated peers (Authentication Required): a client without IPsec is not let in by it.',
    );
  });
});

describe('a rule whose filters were joined from a duplicate InstanceID is unknown, never Any (item 3)', () => {
  it('Protocol / Program / Service arriving as two different values make the rule ambiguous with the reason', () => {
    const { rules } = rulesOf([
      fwRule({ Name: '{dup}', Protocol: { value: ['UDP', 'TCP'], Count: 2 } }),
      fwRule({ Name: '{prog}', Program: { value: ['C:\\a.exe', 'C:\\b.exe'], Count: 2 } }),
      fwRule({ Name: '{same}', Protocol: { value: ['TCP', 'TCP'], Count: 2 } }),
    ]);
    expect(rules[0]?.ambiguous).toBe('its filters were joined from more than one rule with the InstanceID {dup} (Protocol is UDP or TCP)');
    expect(rules[1]?.ambiguous).toMatch(/Program is C:\\a\.exe or C:\\b\.exe/);
    expect(rules[2]).toMatchObject({ protocol: 'TCP' });
    expect(rules[2]?.ambiguous).toBeUndefined();
  });

  it('JoinAmbiguous (the classes whose filters differ for a duplicated InstanceID) makes the rule ambiguous; empty does not', () => {
    const { rules } = rulesOf([fwRule({ Name: '{d}', JoinAmbiguous: 'Port,Address' }), fwRule({ Name: '{e}', JoinAmbiguous: '' })]);
    expect(rules[0]?.ambiguous).toBe(
      'its filters were joined from more than one rule with the InstanceID {d} (its Port, Address filters differ between the stores)',
    );
    expect(rules[1]?.ambiguous).toBeUndefined();
  });

  it('check --replay firewall-duplicate-instanceid --protocol udp: unknown with the reason, not a TCP block rule deciding a UDP port', async () => {
    const { report } = await check('firewall-duplicate-instanceid', '--protocol', 'udp');
    expect(report.verdict.cause).toBe('unknown');
    const fw = report.steps.find((s) => s.id === 'firewall');
    expect(fw?.status).toBe('unknown');
    expect(fw?.summary).toMatch(
      /joined from more than one rule with the InstanceID \{Game-9000\} \(its Port filters differ between the stores\)/,
    );
  });
});

describe('the rules script (items 2, 3, 10, 11)', () => {
  const script = WINDOWS_SOURCES.firewallRules.args.at(-1) ?? '';
  it('reads each filter class once into a hashtable filled in a loop, the security filter too, and no Group-Object', () => {
    expect(script).not.toMatch(/Group-Object/);
    for (const cls of ['Port', 'Address', 'Application', 'Service', 'InterfaceType', 'Security']) {
      expect(script.match(new RegExp(`J @\\(Get-NetFirewall${cls}Filter -PolicyStore \\$s\\)`, 'g'))).toHaveLength(1);
    }
    expect(script).toMatch(/foreach\(\$f in \$l\)\{\$k=\$f\.InstanceID;if\(\$h\.ContainsKey/);
    // No per-rule filter call: duplicate InstanceIDs keep every filter and name the classes that differ.
    expect(script).not.toMatch(/\|\s*Get-NetFirewall\w*Filter/);
    expect(script.match(/Get-NetFirewall\w+/g)).toHaveLength(7);
    expect(script).toMatch(/Get-NetFirewallRule -PolicyStore \$s -TracePolicyStore -Direction Inbound/);
    expect(script).toMatch(/@\{n='JoinAmbiguous';e=\{\$m -join ','\}\}/);
    expect(script).not.toMatch(/"/);
    // Variable names must differ by more than case (PowerShell's are case-insensitive).
    const vars = [...new Set(script.match(/\$[A-Za-z_]\w*/g) ?? [])];
    expect(new Set(vars.map((v) => v.toLowerCase())).size).toBe(vars.length);
  });

  it('no PowerShell source asks for -ExecutionPolicy Bypass', () => {
    for (const spec of Object.values(WINDOWS_SOURCES)) expect(spec.args).not.toContain('-ExecutionPolicy');
  });
});
