import { describe, expect, it } from 'vitest';
import { planFix } from '../../../../shared/firewall/plan';
import type { FirewallVerdict } from '../../../../shared/firewall/types';
import { ctxWith } from './helpers';

const PS = ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command'];

const fwdReject: FirewallVerdict = {
  backend: 'firewalld',
  decision: 'reject',
  rejectWith: 'icmpx admin-prohibited',
  rule: {
    backend: 'firewalld',
    table: 'inet firewalld',
    chain: 'filter_IN_public',
    handle: 40,
    text: 'reject with icmpx admin-prohibited',
  },
  trace: [],
  notes: [],
};
const zones = [
  { name: 'public', interfaces: ['eth0'], sources: [], default: true },
  { name: 'internal', interfaces: ['eth1'], sources: [] },
  { name: 'trusted', interfaces: [], sources: ['192.168.50.0/24'] },
];

describe('planFix: firewalld', () => {
  it('adds a rich rule for a source scope in the zone of the input interface, runtime and permanent, each with undo and query', () => {
    const r = planFix(ctxWith(fwdReject, { firewalldZones: zones, clientInterface: 'eth1' }), {
      port: 8080,
      protocol: 'tcp',
      source: '10.1.0.0/16',
    });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    const rule = 'rule family="ipv4" source address="10.1.0.0/16" port port="8080" protocol="tcp" accept';
    expect(r.data.commands.map((c) => c.argv)).toEqual([
      ['firewall-cmd', '--zone=internal', `--add-rich-rule=${rule}`],
      ['firewall-cmd', '--permanent', '--zone=internal', `--add-rich-rule=${rule}`],
    ]);
    expect(r.data.commands.map((c) => c.undo)).toEqual([
      ['firewall-cmd', '--zone=internal', `--remove-rich-rule=${rule}`],
      ['firewall-cmd', '--permanent', '--zone=internal', `--remove-rich-rule=${rule}`],
    ]);
    expect(r.data.commands[1]?.check).toEqual(['firewall-cmd', '--permanent', '--zone=internal', `--query-rich-rule=${rule}`]);
  });

  it('uses --add-port for anywhere, a source-bound zone first, and runtime only when persistence is declined', () => {
    const any = planFix(ctxWith(fwdReject, { firewalldZones: zones }), { port: 443, protocol: 'tcp', source: '0.0.0.0/0', persist: false });
    expect(any.kind === 'ok' && any.data.commands.map((c) => c.argv)).toEqual([['firewall-cmd', '--zone=public', '--add-port=443/tcp']]);
    expect(any.kind === 'ok' && any.data.warnings.join(' ')).toMatch(/Runtime only/);
    const bySource = planFix(ctxWith(fwdReject, { firewalldZones: zones, clientAddress: '192.168.50.9', clientInterface: 'eth0' }), {
      port: 443,
      protocol: 'tcp',
    });
    expect(bySource.kind === 'ok' && bySource.data.commands[0]?.argv[1]).toBe('--zone=trusted');
  });

  it('takes the zone from the deciding chain when no zone list was read, and refuses zone names outside the list or the alphabet', () => {
    const fromChain = planFix(ctxWith(fwdReject), { port: 22, protocol: 'tcp', source: '10.0.0.1' });
    expect(fromChain.kind === 'ok' && fromChain.data.commands[0]?.argv[1]).toBe('--zone=public');
    const bad = { ...fwdReject, rule: { ...fwdReject.rule!, chain: 'filter_IN_pub lic' } };
    expect(planFix(ctxWith(bad), { port: 22, protocol: 'tcp' }).kind).toBe('unavailable');
    const unlisted = planFix(
      ctxWith(fwdReject, { firewalldZones: [{ name: 'x"y', interfaces: ['eth0'], sources: [] }], clientInterface: 'eth0' }),
      { port: 22, protocol: 'tcp' },
    );
    expect(unlisted.kind).toBe('unavailable');
  });
});

describe('planFix: ufw', () => {
  const ufwDrop: FirewallVerdict = {
    backend: 'ufw',
    decision: 'drop',
    policy: { chain: 'ufw-user-input', policy: 'deny (incoming)' },
    trace: [],
    notes: [],
  };
  it('ufw allow proto <p> from <scope> to any port <n>, with comment; undo is the matching delete', () => {
    const r = planFix(ctxWith(ufwDrop), { port: 8080, protocol: 'tcp', source: '10.0.0.0/24' });
    expect(r.kind === 'ok' && r.data.commands[0]?.argv).toEqual([
      'ufw',
      'allow',
      'proto',
      'tcp',
      'from',
      '10.0.0.0/24',
      'to',
      'any',
      'port',
      '8080',
      'comment',
      'PortDoctor:8080/tcp',
    ]);
    expect(r.kind === 'ok' && r.data.commands[0]?.undo).toEqual([
      'ufw',
      'delete',
      'allow',
      'proto',
      'tcp',
      'from',
      '10.0.0.0/24',
      'to',
      'any',
      'port',
      '8080',
    ]);
    expect(r.kind === 'ok' && r.data.commands[0]?.alreadyPattern).toBe('Skipping adding existing rule');
  });
  it('prepends when a deny rule (not the default policy) decides', () => {
    const rule: FirewallVerdict = {
      ...ufwDrop,
      policy: undefined,
      rule: { backend: 'ufw', chain: 'ufw-user-input', position: 1, text: '-A ufw-user-input -p tcp --dport 8080 -j DROP' },
    };
    const r = planFix(ctxWith(rule), { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
    expect(r.kind === 'ok' && r.data.commands[0]?.argv.slice(0, 3)).toEqual(['ufw', 'prepend', 'allow']);
  });
});

describe('planFix: Windows', () => {
  const defaultBlock: FirewallVerdict = { backend: 'windows', decision: 'drop', policy: { policy: 'BlockInbound' }, trace: [], notes: [] };
  it('New-NetFirewallRule in group PortDoctor with a recognisable DisplayName, profile and remote address', () => {
    const r = planFix(
      { ...ctxWith(defaultBlock), platform: 'win32', activeProfiles: ['private', 'domain'] },
      { port: 8080, protocol: 'tcp', source: '10.0.0.0/24' },
    );
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.data.commands[0]?.argv).toEqual([
      ...PS,
      "New-NetFirewallRule -Name 'PortDoctor-TCP-8080-10.0.0.0_24' -DisplayName 'PortDoctor: allow TCP 8080' -Group 'PortDoctor' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 8080 -RemoteAddress '10.0.0.0/24' -Profile 'Domain,Private' -ErrorAction Stop | Out-Null",
    ]);
    expect(r.data.commands[0]?.undo).toEqual([
      ...PS,
      "Get-NetFirewallRule -Name 'PortDoctor-TCP-8080-10.0.0.0_24' -ErrorAction Stop | Where-Object { $_.Group -eq 'PortDoctor' } | Remove-NetFirewallRule -ErrorAction Stop",
    ]);
    expect(r.data.commands[0]?.check).toEqual([
      ...PS,
      "$r = Get-NetFirewallRule -Name 'PortDoctor-TCP-8080-10.0.0.0_24' -ErrorAction Stop; if ($r.Group -ne 'PortDoctor') { exit 3 }",
    ]);
  });
  it('the user-chosen profiles win; unknown profiles mean Any with a warning', () => {
    const r = planFix(
      { ...ctxWith(defaultBlock), platform: 'win32', activeProfiles: ['public'] },
      { port: 3389, protocol: 'udp', profiles: ['private'], source: 'fd00::1' },
    );
    expect(r.kind === 'ok' && r.data.commands[0]?.argv[4]).toContain(
      "-Protocol UDP -LocalPort 3389 -RemoteAddress 'fd00::1' -Profile 'Private'",
    );
    expect(r.kind === 'ok' && r.data.commands[0]?.argv[4]).toContain("-Name 'PortDoctor-UDP-3389-fd00..1'");
    const any = planFix({ ...ctxWith(defaultBlock), platform: 'win32' }, { port: 80, protocol: 'tcp', source: '10.0.0.1' });
    expect(any.kind === 'ok' && any.data.commands[0]?.argv[4]).toContain("-Profile 'Any'");
    expect(any.kind === 'ok' && any.data.warnings.join(' ')).toMatch(/every profile/);
  });
  it('a block rule decides: no allow rule; offers to disable that rule, separately confirmed, undone by enabling it', () => {
    const block: FirewallVerdict = {
      ...defaultBlock,
      policy: undefined,
      rule: {
        backend: 'windows',
        table: 'PersistentStore',
        chain: 'Inbound',
        name: '{4F2C8A1E-0000-4B1B-9C3A-1234567890AB}',
        text: 'Block 8080 (contoso)',
      },
    };
    const r = planFix({ ...ctxWith(block), platform: 'win32' }, { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.data.kind).toBe('disable-block-rule');
    expect(r.data.separateConfirmation).toBe(true);
    expect(r.data.warnings.join(' ')).toMatch(/block rule wins over every allow rule/);
    expect(r.data.commands.map((c) => c.argv)).toEqual([
      [...PS, "Disable-NetFirewallRule -Name '{4F2C8A1E-0000-4B1B-9C3A-1234567890AB}' -ErrorAction Stop"],
    ]);
    expect(r.data.commands[0]?.undo).toEqual([
      ...PS,
      "Enable-NetFirewallRule -Name '{4F2C8A1E-0000-4B1B-9C3A-1234567890AB}' -ErrorAction Stop",
    ]);
  });
  it('a block rule whose name cannot be quoted safely is explained, not disabled', () => {
    const block: FirewallVerdict = {
      ...defaultBlock,
      policy: undefined,
      rule: { backend: 'windows', name: "Bob's rule'; Remove-Item C:\\", text: "Bob's rule" },
    };
    const r = planFix({ ...ctxWith(block), platform: 'win32' }, { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
    expect(r.kind === 'ok' && r.data.kind).toBe('explain');
    expect(r.kind === 'ok' && r.data.commands).toEqual([]);
  });
});

describe('planFix: guided fixes for causes a rule cannot fix', () => {
  const accept: FirewallVerdict = { backend: 'nftables', decision: 'accept', trace: [], notes: [] };
  it.each([
    ['loopback-only', /0\.0\.0\.0/, "app.listen(8080, '0.0.0.0')"],
    ['port-in-use', /holder/, "ss -ltnp 'sport = :8080'"],
    ['port-excluded', /excluded/, 'netsh int ipv4 add excludedportrange protocol=tcp startport=8080 numberofports=1'],
    ['accept-queue-overflow', /backlog/, 'sysctl -w net.core.somaxconn=4096'],
  ] as const)('%s: guidance with exact commands, and no command to run', (cause, text, command) => {
    const r = planFix({ ...ctxWith(accept), cause }, { port: 8080, protocol: 'tcp' });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.data.kind).toBe('guided');
    expect(r.data.commands).toEqual([]);
    const all = r.data.guidance ?? [];
    expect(all.map((g) => `${g.title} ${g.text}`).join(' ')).toMatch(text);
    expect(all.flatMap((g) => g.commands ?? [])).toContain(command);
  });
  it('names the holder of the port from the listeners', () => {
    const listeners = [
      {
        protocol: 'tcp' as const,
        family: 4 as const,
        state: 'LISTEN',
        localAddress: '0.0.0.0',
        localPort: 8080,
        remoteAddress: '0.0.0.0',
        remotePort: 0,
        owner: { pid: 4242, name: 'java', unit: 'tomcat.service' },
      },
    ];
    const r = planFix({ ...ctxWith(accept), cause: 'port-in-use', listeners }, { port: 8080, protocol: 'tcp' });
    expect(r.kind === 'ok' && r.data.guidance?.[0]?.text).toBe('The port is held by java (PID 4242, unit tomcat.service).');
    expect(r.kind === 'ok' && r.data.guidance?.[1]?.commands).toContain('kill 4242');
  });
  it('covers every server the issue names for loopback-only', () => {
    const r = planFix({ ...ctxWith(accept), cause: 'loopback-only' }, { port: 5000, protocol: 'tcp' });
    const titles = r.kind === 'ok' ? (r.data.guidance ?? []).map((g) => g.title) : [];
    expect(titles).toEqual(['Node.js / Express', 'Go net/http', 'Flask / uvicorn', 'Spring Boot', 'nginx', 'Docker -p']);
  });
});
