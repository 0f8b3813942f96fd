import { describe, expect, it } from 'vitest';
import { decodeConsole } from '../../../../../electron/probes/windows/console';
import { parseFirewallProfiles } from '../../../../../electron/probes/windows/parse-firewall-profiles';
import { parseFirewallRules, ruleProfiles } from '../../../../../electron/probes/windows/parse-firewall-rules';
import { parseConnectionProfiles } from '../../../../../electron/probes/windows/parse-interfaces';
import { parsePowerShellJson } from '../../../../../shared/firewall/windows/parse-powershell-json';
import { parseNetSockets, parseProcesses, ownerOf } from '../../../../../electron/probes/windows/parse-sockets';
import { fixture } from './fake-runner';

// The rows of the real `get-nettcpconnection.table.txt` capture, in the JSON shape 5.1 prints for them (State as a number).
const TCP_ROWS = [
  { LocalAddress: '::1', LocalPort: 22, RemoteAddress: '::1', RemotePort: 12699, State: 5, OwningProcess: 5584 },
  { LocalAddress: '::', LocalPort: 22, RemoteAddress: '::', RemotePort: 0, State: 2, OwningProcess: 5584 },
  { LocalAddress: '0.0.0.0', LocalPort: 22, RemoteAddress: '0.0.0.0', RemotePort: 0, State: 2, OwningProcess: 5584 },
];

describe('parsePowerShellJson: the shapes PowerShell really prints', () => {
  it('reads an array, a bare single object and a {value,Count} collection alike', () => {
    const one = { Name: 'Domain' };
    for (const text of [JSON.stringify([one]), JSON.stringify(one), JSON.stringify({ value: [one], Count: 1 })]) {
      expect(parsePowerShellJson(text)).toEqual({ kind: 'ok', data: [one] });
    }
  });
  it('strips a UTF-8 BOM (pwsh) and decodes UTF-16LE with or without a BOM', () => {
    const text = '[{"Name":"Public"}]';
    expect(parsePowerShellJson(decodeConsole(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 437)).kind).toBe('ok');
    expect(parsePowerShellJson(decodeConsole(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 437)).kind).toBe(
      'ok',
    );
    expect(parsePowerShellJson(decodeConsole(Buffer.from(text, 'utf16le'), 437))).toEqual({ kind: 'ok', data: [{ Name: 'Public' }] });
  });
  it('reports truncated JSON as unparseable with the reason', () => {
    const r = parsePowerShellJson('[{"Name":"Domain","Enabled":1},{"Name":"Priv');
    expect(r).toMatchObject({ kind: 'unavailable', reason: 'unparseable' });
    expect(r.kind === 'unavailable' && r.detail).toMatch(/cut short/);
  });
  it('names ConstrainedLanguage mode when PowerShell refused and printed nothing', () => {
    const r = parsePowerShellJson(
      '',
      'Cannot invoke method. Method invocation is supported only on core types in this language mode.\r\n+ FullyQualifiedErrorId : MethodInvocationNotSupportedInConstrainedLanguage',
    );
    expect(r).toMatchObject({ kind: 'unavailable', reason: 'unparseable' });
    expect(r.kind === 'unavailable' && r.detail).toMatch(/ConstrainedLanguage/);
  });
  it('treats empty output as no results, and a scalar as not a list', () => {
    expect(parsePowerShellJson('\r\n')).toEqual({ kind: 'ok', data: [] });
    expect(parsePowerShellJson('[1,2]').kind).toBe('unavailable');
  });
});

describe('parseFirewallRules on the real Server 2022 excerpt', () => {
  it('decodes the enum numbers: Enabled 2 = False, Direction 1 = Inbound, Action 2 = Allow, Profiles "Any"', () => {
    const r = parseFirewallRules(fixture('get-netfirewallrule.ps51.excerpt.json').toString('utf8'));
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.data.skipped).toEqual([]);
    expect(r.data.rules).toEqual([
      expect.objectContaining({
        name: 'FPS-ICMP4-ERQ-In',
        enabled: false,
        direction: 'inbound',
        action: 'allow',
        profiles: 'any',
        store: 'PersistentStore',
        storeType: 'local',
        group: 'File and Printer Sharing',
      }),
    ]);
  });
  it('keeps a rule with an unknown enum value out, and says so', () => {
    const r = parseFirewallRules(JSON.stringify([{ Name: 'x', Enabled: 1, Direction: 1, Action: 7, Profile: 0 }]));
    expect(r.kind === 'ok' && r.data).toEqual({ rules: [], skipped: ['rule x: unknown Action 7'] });
  });
  it('reads the profile bit set', () => {
    expect(ruleProfiles(0)).toBe('any');
    expect(ruleProfiles(7)).toBe('any');
    expect(ruleProfiles(4)).toEqual(['public']);
    expect(ruleProfiles(3)).toEqual(['domain', 'private']);
    expect(ruleProfiles('Domain, Private')).toEqual(['domain', 'private']);
  });
  it('reads {value,Count} port lists from calculated properties', () => {
    const r = parseFirewallRules(
      JSON.stringify({
        Name: 'w',
        DisplayName: 'Web',
        Enabled: 1,
        Direction: 1,
        Action: 2,
        Profile: 2,
        LocalPort: { value: ['80', '443'], Count: 2 },
      }),
    );
    expect(r.kind === 'ok' && r.data.rules[0]?.localPorts).toEqual(['80', '443']);
  });
});

describe('parseFirewallProfiles', () => {
  it('resolves NotConfigured: DefaultInboundAction 0 is Block, AllowLocalFirewallRules 2 is True', () => {
    const r = parseFirewallProfiles(
      JSON.stringify({ Name: 'Public', Enabled: 1, DefaultInboundAction: 0, AllowInboundRules: 2, AllowLocalFirewallRules: 2 }),
    );
    expect(r).toEqual({
      kind: 'ok',
      data: [{ name: 'public', enabled: true, defaultInboundAction: 'block', allowLocalFirewallRules: true, allowInboundRules: true }],
    });
  });
  it('reads a GPO that disables local rules', () => {
    const r = parseFirewallProfiles(
      JSON.stringify([{ Name: 'Domain', Enabled: 1, DefaultInboundAction: 4, AllowInboundRules: 1, AllowLocalFirewallRules: 0 }]),
    );
    expect(r.kind === 'ok' && r.data[0]?.allowLocalFirewallRules).toBe(false);
  });
  it('refuses an unknown value rather than guessing', () => {
    expect(parseFirewallProfiles(JSON.stringify([{ Name: 'Domain', Enabled: 9, DefaultInboundAction: 4 }])).kind).toBe('unavailable');
  });
});

describe('parseNetSockets / owners', () => {
  it('reads State 2 as LISTEN and keeps the owning PID', () => {
    const r = parseNetSockets(JSON.stringify(TCP_ROWS), 'tcp');
    expect(r.kind === 'ok' && r.data.map((s) => [s.localAddress, s.state, s.family, s.owner?.pid])).toEqual([
      ['::1', 'ESTAB', 6, 5584],
      ['::', 'LISTEN', 6, 5584],
      ['0.0.0.0', 'LISTEN', 4, 5584],
    ]);
  });
  it('names PID 4 System (the kernel, http.sys) and svchost-hosted services', () => {
    const procs = parseProcesses(
      JSON.stringify([
        {
          ProcessId: 1234,
          Name: 'svchost.exe',
          ExecutablePath: 'C:\\Windows\\system32\\svchost.exe',
          CommandLine: 'C:\\Windows\\system32\\svchost.exe -k termsvcs',
        },
      ]),
      JSON.stringify({ ProcessId: 1234, Name: 'TermService' }),
    );
    expect(procs.kind).toBe('ok');
    if (procs.kind !== 'ok') return;
    expect(ownerOf(1234, procs.data)).toEqual({
      pid: 1234,
      name: 'svchost.exe',
      command: 'C:\\Windows\\system32\\svchost.exe -k termsvcs',
      path: 'C:\\Windows\\system32\\svchost.exe',
      service: 'TermService',
    });
    expect(ownerOf(4, procs.data)).toMatchObject({ pid: 4, name: 'System', command: expect.stringMatching(/http\.sys/) });
  });
});

describe('parseConnectionProfiles', () => {
  it('maps NetworkCategory 0/1/2 to public/private/domain (the real capture shows "Private" for Ethernet)', () => {
    const r = parseConnectionProfiles(
      JSON.stringify({ Name: 'Network', InterfaceAlias: 'Ethernet', InterfaceIndex: 7, NetworkCategory: 1 }),
    );
    expect(r).toEqual({ kind: 'ok', data: [{ interfaceAlias: 'Ethernet', interfaceIndex: 7, profile: 'private', network: 'Network' }] });
  });
});
