import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFix } from '../../../../shared/firewall/plan';
import type { FirewallVerdict } from '../../../../shared/firewall/types';
import { ctxWith } from './helpers';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

const nftDrop: FirewallVerdict = {
  backend: 'nftables',
  decision: 'drop',
  rule: { backend: 'nftables', table: 'inet filter', chain: 'input', handle: 3, text: 'tcp dport 8080 drop' },
  trace: [],
  notes: [],
};

const iptReject = (backend: 'iptables-nft' | 'iptables-legacy'): FirewallVerdict => ({
  backend,
  decision: 'reject',
  rule: { backend, table: 'filter', chain: 'INPUT', position: 2, text: '-A INPUT -p tcp -m tcp --dport 8080 -j REJECT' },
  trace: [],
  notes: [],
});

describe('planFix: nftables', () => {
  it('inserts an allow rule before the deciding handle, scoped to the client, with its undo and idempotence check', () => {
    const r = planFix(ctxWith(nftDrop, { clientAddress: '10.0.0.2' }), { port: 8080, protocol: 'tcp' });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    const [cmd] = r.data.commands;
    expect(r.data.commands).toHaveLength(1);
    expect(cmd?.argv).toEqual([
      'nft',
      '--echo',
      '--handle',
      'insert',
      'rule',
      'inet',
      'filter',
      'input',
      'position',
      '3',
      'ip',
      'saddr',
      '10.0.0.2',
      'tcp',
      'dport',
      '8080',
      'counter',
      'accept',
      'comment',
      '"PortDoctor:8080/tcp"',
    ]);
    expect(cmd?.undo).toEqual(['nft', 'delete', 'rule', 'inet', 'filter', 'input', 'handle', '{handle}']);
    expect(cmd?.undoCapture).toBe('nft-handle');
    expect(cmd?.check).toEqual(['nft', '-a', 'list', 'chain', 'inet', 'filter', 'input']);
    expect(r.data.target).toEqual({ port: 8080, protocol: 'tcp', scope: '10.0.0.2' });
    expect(r.data.warnings.join(' ')).toMatch(/nftables\.conf/);
  });

  it("the check pattern finds the rule in nft's real listing only for the same scope", () => {
    const listing = fixture('nft-list-chain-with-portdoctor.txt').split('\n');
    const pattern = (source: string) => {
      const r = planFix(ctxWith(nftDrop), { port: 8080, protocol: 'tcp', source });
      if (r.kind !== 'ok') throw new Error('no plan');
      return new RegExp(r.data.commands[0]?.checkPattern ?? '$^');
    };
    expect(listing.some((l) => pattern('10.0.0.2').test(l))).toBe(true);
    expect(listing.some((l) => pattern('10.0.0.7/24').test(l))).toBe(true);
    expect(listing.some((l) => pattern('10.0.0.3').test(l))).toBe(false);
    expect(listing.some((l) => pattern('0.0.0.0/0').test(l))).toBe(false);
  });

  it('appends to the chain when its policy decides, and uses ip6 saddr for an IPv6 scope', () => {
    const policy: FirewallVerdict = {
      backend: 'nftables',
      decision: 'drop',
      policy: { table: 'inet filter', chain: 'input', policy: 'drop' },
      trace: [],
      notes: [],
    };
    const r = planFix(ctxWith(policy), { port: 443, protocol: 'tcp', source: 'fd00::/64' });
    expect(r.kind === 'ok' && r.data.commands[0]?.argv).toEqual([
      'nft',
      '--echo',
      '--handle',
      'add',
      'rule',
      'inet',
      'filter',
      'input',
      'ip6',
      'saddr',
      'fd00::/64',
      'tcp',
      'dport',
      '443',
      'counter',
      'accept',
      'comment',
      '"PortDoctor:443/tcp"',
    ]);
  });

  it.each([
    ['a table name with a quote', { ...nftDrop, rule: { ...nftDrop.rule!, table: 'inet fil"ter' } }],
    ['a chain name with a space', { ...nftDrop, rule: { ...nftDrop.rule!, chain: 'in put' } }],
    ['a chain name with a semicolon', { ...nftDrop, rule: { ...nftDrop.rule!, chain: 'input;flush' } }],
    ['a netdev table', { ...nftDrop, rule: { ...nftDrop.rule!, table: 'netdev ingress' } }],
    ['a rule without a handle', { ...nftDrop, rule: { ...nftDrop.rule!, handle: undefined } }],
  ])('refuses %s', (_name, verdict) => {
    const r = planFix(ctxWith(verdict as FirewallVerdict), { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
    expect(r.kind).toBe('unavailable');
  });

  it('refuses an IPv6 scope for an ip (IPv4-only) table and a bad CIDR', () => {
    const v4only = { ...nftDrop, rule: { ...nftDrop.rule!, table: 'ip filter' } };
    expect(planFix(ctxWith(v4only), { port: 8080, protocol: 'tcp', source: '2001:db8::1' }).kind).toBe('unavailable');
    expect(planFix(ctxWith(nftDrop), { port: 8080, protocol: 'tcp', source: '10.0.0.300' }).kind).toBe('unavailable');
    expect(planFix(ctxWith(nftDrop), { port: 8080, protocol: 'tcp', source: '10.0.0.0/33' }).kind).toBe('unavailable');
    expect(planFix(ctxWith(nftDrop), { port: 0, protocol: 'tcp' }).kind).toBe('unavailable');
  });

  it('warns when no scope and no client address were given (opens to every address)', () => {
    const r = planFix(ctxWith(nftDrop), { port: 8080, protocol: 'tcp' });
    expect(r.kind === 'ok' && r.data.target?.scope).toBe('any');
    expect(r.kind === 'ok' && r.data.warnings[0]).toMatch(/every address/);
    expect(r.kind === 'ok' && r.data.commands[0]?.argv.includes('saddr')).toBe(false);
  });
});

describe('planFix: iptables', () => {
  it.each([
    ['iptables-nft', 'iptables-nft'],
    ['iptables-legacy', 'iptables-legacy'],
  ] as const)('%s: -I before the deciding rule with -m comment; undo -D and check -C use the same spec', (backend, bin) => {
    const r = planFix(ctxWith(iptReject(backend)), { port: 8080, protocol: 'tcp', source: '10.0.0.2/32' });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    const spec = [
      '-s',
      '10.0.0.2',
      '-p',
      'tcp',
      '-m',
      'tcp',
      '--dport',
      '8080',
      '-m',
      'comment',
      '--comment',
      'PortDoctor:8080/tcp',
      '-j',
      'ACCEPT',
    ];
    expect(r.data.commands).toHaveLength(1);
    expect(r.data.commands[0]?.argv).toEqual([bin, '-w', '5', '-t', 'filter', '-I', 'INPUT', '2', ...spec]);
    expect(r.data.commands[0]?.undo).toEqual([bin, '-w', '5', '-t', 'filter', '-D', 'INPUT', ...spec]);
    expect(r.data.commands[0]?.check).toEqual([bin, '-w', '5', '-t', 'filter', '-C', 'INPUT', ...spec]);
    expect(r.data.warnings.join(' ')).toMatch(/persistence/);
  });

  it('uses ip6tables for an IPv6 client and saves with netfilter-persistent when the distro has it', () => {
    const r = planFix(ctxWith(iptReject('iptables-legacy'), { iptablesPersistence: 'netfilter-persistent' }), {
      port: 53,
      protocol: 'udp',
      source: 'fd00:1::/48',
    });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.data.commands.map((c) => c.argv)).toEqual([
      [
        'ip6tables-legacy',
        '-w',
        '5',
        '-t',
        'filter',
        '-I',
        'INPUT',
        '2',
        '-s',
        'fd00:1::/48',
        '-p',
        'udp',
        '-m',
        'udp',
        '--dport',
        '53',
        '-m',
        'comment',
        '--comment',
        'PortDoctor:53/udp',
        '-j',
        'ACCEPT',
      ],
      ['netfilter-persistent', 'save'],
    ]);
    expect(r.data.commands[1]?.role).toBe('persist');
  });

  it('refuses a nat table, a chain name with shell characters, and a rule with no position', () => {
    const base = iptReject('iptables-nft');
    expect(planFix(ctxWith({ ...base, rule: { ...base.rule!, table: 'nat' } }), { port: 80, protocol: 'tcp' }).kind).toBe('unavailable');
    expect(planFix(ctxWith({ ...base, rule: { ...base.rule!, chain: 'INPUT$(reboot)' } }), { port: 80, protocol: 'tcp' }).kind).toBe(
      'unavailable',
    );
    expect(planFix(ctxWith({ ...base, rule: { ...base.rule!, position: undefined } }), { port: 80, protocol: 'tcp' }).kind).toBe(
      'unavailable',
    );
  });

  it("explains DOCKER-USER instead of touching Docker's own chains, and runs nothing", () => {
    const base = iptReject('iptables-nft');
    const r = planFix(ctxWith({ ...base, rule: { ...base.rule!, chain: 'DOCKER', table: 'filter' } }), {
      port: 8080,
      protocol: 'tcp',
      source: '10.0.0.2',
    });
    expect(r.kind === 'ok' && r.data.kind).toBe('explain');
    expect(r.kind === 'ok' && r.data.commands).toEqual([]);
    expect(r.kind === 'ok' && r.data.guidance?.[0]?.commands?.[0]).toMatch(/DOCKER-USER -s 10\.0\.0\.2 /);
    const user = planFix(ctxWith({ ...base, rule: { ...base.rule!, chain: 'DOCKER-USER' } }), {
      port: 8080,
      protocol: 'tcp',
      source: '10.0.0.2',
    });
    expect(user.kind === 'ok' && user.data.commands[0]?.argv.slice(5, 8)).toEqual(['-I', 'DOCKER-USER', '2']);
  });

  describe('a published port stopped on the FORWARD path (the SYN was DNATed to a container)', () => {
    const forwarded = {
      to: '172.17.0.2',
      port: 80,
      oif: 'docker0',
      rule: {
        backend: 'iptables-nft' as const,
        table: 'nat',
        chain: 'DOCKER',
        position: 1,
        text: '-A DOCKER -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
      },
    };
    const drop: FirewallVerdict = {
      backend: 'iptables-nft',
      decision: 'drop',
      rule: { backend: 'iptables-nft', table: 'filter', chain: 'DOCKER-USER', position: 1, text: '-A DOCKER-USER -s 10.0.0.2/32 -j DROP' },
      trace: [],
      notes: [],
      forwarded,
    };

    it('DOCKER-USER gets a RETURN matched on the port the client used (conntrack), before the deciding rule, with its undo', () => {
      const r = planFix(ctxWith(drop), { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
      expect(r.kind === 'ok' && r.data.kind).toBe('firewall');
      if (r.kind !== 'ok') return;
      const spec = [
        '-s',
        '10.0.0.2',
        '-p',
        'tcp',
        '-m',
        'conntrack',
        '--ctorigdstport',
        '8080',
        '-m',
        'comment',
        '--comment',
        'PortDoctor:8080/tcp',
        '-j',
        'RETURN',
      ];
      expect(r.data.commands[0]?.argv).toEqual(['iptables-nft', '-w', '5', '-t', 'filter', '-I', 'DOCKER-USER', '1', ...spec]);
      expect(r.data.commands[0]?.undo).toEqual(['iptables-nft', '-w', '5', '-t', 'filter', '-D', 'DOCKER-USER', ...spec]);
      expect(r.data.warnings.join(' ')).toMatch(/forwarded to 172\.17\.0\.2:80 .*--ctorigdstport/);
    });

    it("the admin's own FORWARD rule gets an ACCEPT before it; Docker's own chains and nftables are explained", () => {
      const own: FirewallVerdict = {
        ...drop,
        rule: { backend: 'iptables-nft', table: 'filter', chain: 'FORWARD', position: 3, text: '-A FORWARD -j DROP' },
      };
      const f = planFix(ctxWith(own), { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
      expect(f.kind === 'ok' && f.data.commands[0]?.argv.slice(5)).toEqual([
        '-I',
        'FORWARD',
        '3',
        '-s',
        '10.0.0.2',
        '-p',
        'tcp',
        '-m',
        'conntrack',
        '--ctorigdstport',
        '8080',
        '-m',
        'comment',
        '--comment',
        'PortDoctor:8080/tcp',
        '-j',
        'ACCEPT',
      ]);
      const docker: FirewallVerdict = {
        ...drop,
        rule: {
          backend: 'iptables-nft',
          table: 'filter',
          chain: 'DOCKER-ISOLATION-STAGE-2',
          position: 1,
          text: '-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP',
        },
      };
      const d = planFix(ctxWith(docker), { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
      expect(d.kind === 'ok' && d.data.kind).toBe('explain');
      expect(d.kind === 'ok' && d.data.guidance?.[0]?.commands?.[0]).toBe(
        'iptables -I DOCKER-USER -s 10.0.0.2 -p tcp -m conntrack --ctorigdstport 8080 -j RETURN',
      );
      const nft: FirewallVerdict = {
        backend: 'nftables',
        decision: 'drop',
        policy: { table: 'inet filter', chain: 'forward', policy: 'drop' },
        trace: [],
        notes: [],
        forwarded,
      };
      const n = planFix(ctxWith(nft), { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
      expect(n.kind === 'ok' && n.data.kind).toBe('explain');
      expect(n.kind === 'ok' && n.data.commands).toEqual([]);
      expect(n.kind === 'ok' && n.data.guidance?.[0]?.commands?.[0]).toBe(
        'nft add rule inet filter forward ip saddr 10.0.0.2 meta l4proto tcp ct original proto-dst 8080 accept',
      );
    });
  });

  it('plans nothing when the firewall already accepts, and refuses when the decision is unknown', () => {
    const accept: FirewallVerdict = { backend: 'nftables', decision: 'accept', trace: [], notes: [] };
    const r = planFix({ ...ctxWith(accept), cause: 'ok' }, { port: 8080, protocol: 'tcp' });
    expect(r.kind === 'ok' && r.data.kind).toBe('nothing');
    expect(r.kind === 'ok' && r.data.commands).toEqual([]);
    const unknown: FirewallVerdict = { backend: 'nftables', decision: 'unknown', unknownReason: 'a set lookup', trace: [], notes: [] };
    const u = planFix(ctxWith(unknown), { port: 8080, protocol: 'tcp' });
    expect(u.kind === 'unavailable' && u.detail).toMatch(/a set lookup/);
  });

  it.each([
    [
      "firewalld's nft table",
      { ...nftDrop, rule: { ...nftDrop.rule!, table: 'inet firewalld', chain: 'filter_IN_public' } },
      'nftables',
      /firewall-cmd/,
    ],
    [
      'a ufw chain',
      { ...iptReject('iptables-nft'), rule: { ...iptReject('iptables-nft').rule!, chain: 'ufw-user-input' } },
      'iptables-nft',
      /ufw allow proto tcp from 10\.0\.0\.2 to any port 8080/,
    ],
    [
      'a kube-proxy chain',
      { ...iptReject('iptables-legacy'), rule: { ...iptReject('iptables-legacy').rule!, chain: 'KUBE-FIREWALL' } },
      'iptables-legacy',
      /kubectl/,
    ],
  ] as const)('explains instead of editing %s behind its manager', (_n, verdict, inCharge, command) => {
    const r = planFix(ctxWith(verdict as FirewallVerdict, { inCharge }), { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
    expect(r.kind === 'ok' && r.data.kind).toBe('explain');
    expect(r.kind === 'ok' && r.data.commands).toEqual([]);
    expect(r.kind === 'ok' && (r.data.guidance?.[0]?.commands ?? []).join('\n')).toMatch(command);
  });
});
