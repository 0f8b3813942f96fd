import { describe, expect, it } from 'vitest';
import { evaluateWindowsFirewall } from '../../../../../shared/firewall/windows/evaluate-windows-firewall';
import { matchAddresses, matchPort } from '../../../../../shared/firewall/windows/match';
import type { WindowsFirewallProfile, WindowsFirewallRule, WindowsFirewallState } from '../../../../../shared/firewall/windows/types';
import type { InboundPacket } from '../../../../../shared/firewall/types';
import { noteText } from '../../../../../shared/i18n/note';

const profile = (name: WindowsFirewallProfile['name'], over: Partial<WindowsFirewallProfile> = {}): WindowsFirewallProfile => ({
  name,
  enabled: true,
  defaultInboundAction: 'block',
  allowLocalFirewallRules: true,
  allowInboundRules: true,
  ...over,
});

const rule = (over: Partial<WindowsFirewallRule>): WindowsFirewallRule => ({
  name: over.displayName ?? 'r',
  displayName: 'r',
  enabled: true,
  direction: 'inbound',
  action: 'allow',
  profiles: 'any',
  store: 'PersistentStore',
  storeType: 'local',
  protocol: 'TCP',
  localPorts: ['8080'],
  remoteAddresses: ['Any'],
  localAddresses: ['Any'],
  program: 'Any',
  service: 'Any',
  interfaceTypes: 'any',
  ...over,
});

const state = (
  rules: WindowsFirewallRule[],
  profiles = [profile('domain'), profile('private'), profile('public')],
): WindowsFirewallState => ({
  profiles,
  rules,
  localSubnets: ['192.168.1.0/24'],
  interfaceTypes: { Ethernet: 'wired' },
});

const syn = (over: Partial<InboundPacket> = {}): InboundPacket => ({
  family: 4,
  protocol: 'tcp',
  source: '203.0.113.10',
  destination: '192.168.1.10',
  dport: 8080,
  iif: 'Ethernet',
  profile: 'public',
  ...over,
});
const GO_NEW = 'C:\\Users\\dev\\AppData\\Local\\Temp\\go-build2231\\b001\\exe\\server.exe';
const GO_OLD = 'C:\\Users\\dev\\AppData\\Local\\Temp\\go-build1187\\b001\\exe\\server.exe';

describe('evaluateWindowsFirewall', () => {
  it.each([
    ['default inbound action Block', [], {}, 'drop', undefined, 'block'],
    ['an allow rule for the port', [rule({ displayName: 'Web 8080' })], {}, 'accept', 'Web 8080', undefined],
    [
      'block beats allow',
      [rule({ displayName: 'Web 8080' }), rule({ displayName: 'Deny 8000-9000', action: 'block', localPorts: ['8000-9000'] })],
      {},
      'drop',
      'Deny 8000-9000',
      undefined,
    ],
    ['an allow rule in another profile', [rule({ displayName: 'Web private', profiles: ['private'] })], {}, 'drop', undefined, 'block'],
    ['an allow rule for UDP only', [rule({ protocol: 'UDP' })], {}, 'drop', undefined, 'block'],
    [
      'an allow rule for LocalSubnet, client on another network',
      [rule({ remoteAddresses: ['LocalSubnet'] })],
      {},
      'drop',
      undefined,
      'block',
    ],
    [
      'an allow rule for LocalSubnet, client on the LAN',
      [rule({ displayName: 'LAN', remoteAddresses: ['LocalSubnet'] })],
      { source: '192.168.1.77' },
      'accept',
      'LAN',
      undefined,
    ],
    [
      'an allow rule for a mask-form address',
      [rule({ displayName: 'Mask', remoteAddresses: ['203.0.113.0/255.255.255.0'] })],
      {},
      'accept',
      'Mask',
      undefined,
    ],
    ['an RPC keyword rule never matches a plain port', [rule({ localPorts: ['RPC'] })], {}, 'drop', undefined, 'block'],
    ['default action Allow', [], {}, 'accept', undefined, 'allow'],
  ] as const)('%s', (_name, rules, packet, decision, ruleName, policy) => {
    const profiles = policy === 'allow' ? [profile('public', { defaultInboundAction: 'allow' })] : undefined;
    const v = evaluateWindowsFirewall(state([...rules], profiles), syn(packet), { program: 'C:\\srv\\web.exe' });
    expect(v.decision).toBe(decision);
    expect(v.rule?.text.includes(`"${ruleName}"`) ?? undefined).toBe(ruleName === undefined ? undefined : true);
    expect(v.policy?.policy).toBe(policy);
  });

  it('says which allow rule a block rule beat', () => {
    const v = evaluateWindowsFirewall(
      state([
        rule({ displayName: 'Web 8080' }),
        rule({ displayName: 'Deny', action: 'block', store: 'contoso.com\\Servers', storeType: 'group-policy' }),
      ]),
      syn(),
    );
    expect(v.rule).toMatchObject({ backend: 'windows', table: 'contoso.com\\Servers' });
    expect(v.notes.map(noteText)[0]).toMatch(/Block rule "Deny" wins over allow rule\(s\) "Web 8080"/);
  });

  it('names the profile an allow rule is scoped to', () => {
    const v = evaluateWindowsFirewall(state([rule({ displayName: 'Web domain', profiles: ['domain'] })]), syn());
    expect(v.decision).toBe('drop');
    expect(v.notes.map(noteText).join(' ')).toMatch(
      /"Web domain" matches, but only in the Domain profile\(s\); this interface is in the Public profile/,
    );
  });

  it('ignores local rules when Group Policy sets AllowLocalFirewallRules = False, and says so', () => {
    const gpo = [profile('public', { allowLocalFirewallRules: false })];
    const local = rule({ displayName: 'Local web' });
    expect(evaluateWindowsFirewall(state([local], gpo), syn()).decision).toBe('drop');
    expect(
      evaluateWindowsFirewall(state([local], gpo), syn())
        .notes.map(noteText)
        .join(' '),
    ).toMatch(/local rule and Group Policy sets AllowLocalFirewallRules = False/);
    const fromGpo = rule({ displayName: 'GPO web', storeType: 'group-policy', store: 'corp\\FW' });
    expect(evaluateWindowsFirewall(state([fromGpo], gpo), syn())).toMatchObject({ decision: 'accept', rule: { table: 'corp\\FW' } });
  });

  it('matches a program rule only on the exact path, and explains `go run`', () => {
    const rules = [rule({ displayName: 'server.exe', localPorts: ['Any'], program: GO_OLD })];
    const v = evaluateWindowsFirewall(state(rules), syn(), { program: GO_NEW });
    expect(v.decision).toBe('drop');
    expect(v.notes.map(noteText).join(' ')).toMatch(/go run.*new temporary path/);
    expect(evaluateWindowsFirewall(state(rules), syn(), { program: GO_OLD.toUpperCase() }).decision).toBe('accept');
  });

  it('does not remark on any-port program rules for other applications', () => {
    const rules = [
      rule({ displayName: 'Teams', localPorts: ['Any'], program: 'C:\\Users\\dev\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe' }),
    ];
    expect(evaluateWindowsFirewall(state(rules), syn(), { program: GO_NEW }).notes).toEqual([]);
  });

  it('expands %SystemRoot% in program paths', () => {
    const rules = [rule({ displayName: 'svchost', program: '%SystemRoot%\\system32\\svchost.exe', service: 'TermService' })];
    expect(
      evaluateWindowsFirewall(state(rules), syn(), { program: 'C:\\Windows\\System32\\svchost.exe', service: 'TermService' }).decision,
    ).toBe('accept');
    expect(evaluateWindowsFirewall(state(rules), syn(), { program: 'C:\\Windows\\System32\\svchost.exe', service: 'Other' }).decision).toBe(
      'drop',
    );
  });

  it('is unknown, not accept, when an allow rule needs a program path that was not read', () => {
    const v = evaluateWindowsFirewall(state([rule({ program: 'C:\\srv\\web.exe' })]), syn());
    expect(v.decision).toBe('unknown');
    expect(v.unknownReason).toMatch(/program path is not known/);
    expect(evaluateWindowsFirewall(state([rule({ program: 'C:\\srv\\web.exe' })]), syn(), { name: 'WEB.EXE' }).decision).toBe('unknown');
  });

  it('knows a program rule for another file name does not match, even without the listener\u2019s path', () => {
    expect(
      evaluateWindowsFirewall(state([rule({ localPorts: ['Any'], program: 'C:\\Apps\\Teams.exe' })]), syn(), { name: 'node.exe' }).decision,
    ).toBe('drop');
  });

  it('is unknown when a block rule may match and an allow rule does', () => {
    const v = evaluateWindowsFirewall(
      state([rule({ displayName: 'Web' }), rule({ displayName: 'Deny DNS', action: 'block', remoteAddresses: ['DNS'] })]),
      syn(),
    );
    expect(v.decision).toBe('unknown');
  });

  it('is drop when only an unjudgeable block rule remains and the default blocks anyway', () => {
    expect(evaluateWindowsFirewall(state([rule({ action: 'block', remoteAddresses: ['DNS'] })]), syn()).decision).toBe('drop');
  });

  it('accepts when the profile is off, and drops everything under "block all incoming"', () => {
    expect(evaluateWindowsFirewall(state([], [profile('public', { enabled: false })]), syn())).toMatchObject({
      decision: 'accept',
      policy: { policy: 'firewall off' },
    });
    expect(evaluateWindowsFirewall(state([rule({})], [profile('public', { allowInboundRules: false })]), syn())).toMatchObject({
      decision: 'drop',
      policy: { policy: 'block all inbound' },
    });
  });

  it('filters by interface type', () => {
    expect(evaluateWindowsFirewall(state([rule({ interfaceTypes: ['wireless'] })]), syn()).decision).toBe('drop');
    expect(evaluateWindowsFirewall(state([rule({ interfaceTypes: ['wired'] })]), syn()).decision).toBe('accept');
    expect(evaluateWindowsFirewall(state([rule({ interfaceTypes: ['wired'] })]), syn({ iif: 'Wi-Fi' })).decision).toBe('unknown');
  });

  it('without a profile: decides only when all three profiles agree', () => {
    expect(evaluateWindowsFirewall(state([rule({})]), syn({ profile: undefined })).decision).toBe('accept');
    const v = evaluateWindowsFirewall(state([rule({ profiles: ['private'] })]), syn({ profile: undefined }));
    expect(v.decision).toBe('unknown');
    expect(v.unknownReason).toMatch(/Private: accept/);
  });

  it('is unknown, not drop, when the keywords or local addresses it needs were not read', () => {
    const noSubnets = { ...state([rule({ remoteAddresses: ['LocalSubnet'] })]), localSubnets: [] };
    expect(evaluateWindowsFirewall(noSubnets, syn({ source: '192.168.1.77' })).decision).toBe('unknown');
    expect(evaluateWindowsFirewall(state([rule({ localAddresses: ['192.168.1.10'] })]), syn({ destination: '0.0.0.0' })).decision).toBe(
      'unknown',
    );
    expect(evaluateWindowsFirewall(state([rule({ localAddresses: ['192.168.1.10'] })]), syn()).decision).toBe('accept');
  });

  it('does not let packaged-app (Owner) rules with any port stand for an ordinary listener', () => {
    const store = rule({ displayName: 'Photos', localPorts: ['Any'], protocol: 'Any', owner: 'S-1-15-2-1234' });
    expect(evaluateWindowsFirewall(state([store]), syn(), { program: 'C:\\srv\\web.exe' }).decision).toBe('drop');
    expect(
      evaluateWindowsFirewall(state([store]), syn(), { program: 'C:\\Program Files\\WindowsApps\\App_1.0_x64\\app.exe' }).decision,
    ).toBe('unknown');
  });

  it('never filters loopback', () => {
    expect(evaluateWindowsFirewall(state([]), syn({ source: '127.0.0.1' })).decision).toBe('accept');
  });
});

describe('Windows address and port filters', () => {
  it.each([
    [['10.0.0.1-10.0.0.9'], '10.0.0.5', 'yes'],
    [['10.0.0.1-10.0.0.9'], '10.0.0.10', 'no'],
    [['10.0.0.0/8'], '10.9.9.9', 'yes'],
    [['Internet'], '8.8.8.8', 'yes'],
    [['Internet'], '192.168.1.5', 'no'],
    [['Internet'], '10.1.1.1', 'unknown'],
    [['Intranet'], '8.8.8.8', 'no'],
    [['LocalSubnet'], '192.168.1.200', 'yes'],
    [['fe80::/64'], 'fe80::1', 'yes'],
  ])('%j vs %s → %s', (values, ip, m) => {
    expect(matchAddresses(values, ip, ['192.168.1.0/24']).m).toBe(m);
  });
  it.each([
    [['Any'], 'yes'],
    [['8000-9000'], 'yes'],
    [['80', '443'], 'no'],
    [['RPCEPMap'], 'no'],
  ])('port %j vs 8080 → %s', (values, m) => {
    expect(matchPort(values, 8080).m).toBe(m);
  });
});
