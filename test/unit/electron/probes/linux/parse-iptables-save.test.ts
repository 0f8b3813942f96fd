import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIptablesSave, tokenizeIptablesLine } from '../../../../../shared/firewall/iptables/parse-iptables-save';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../../../fixtures/linux', name), 'utf8');

function parsed(name: string) {
  const r = parseIptablesSave(fixture(name));
  if (r.kind !== 'ok') throw new Error(r.detail);
  return r.data;
}

describe('parseIptablesSave on real output', () => {
  it('reads tables, policies, counters and user chains (nf_tables backend)', () => {
    const data = parsed('iptables-nft-host.save');
    expect(data.generatedBy).toBe('iptables-save v1.8.9 (nf_tables)');
    expect(data.family).toBe(4);
    expect(data.tables.map((t) => t.name)).toEqual(['mangle', 'raw', 'filter']);
    const filter = data.tables[2];
    expect(filter?.chains.map((c) => `${c.name}:${c.policy ?? '-'}`)).toEqual([
      'INPUT:DROP',
      'FORWARD:ACCEPT',
      'OUTPUT:ACCEPT',
      'ALLOW_SRC:-',
      'GOTO_CHAIN:-',
    ]);
    expect(filter?.chains[0]?.counters).toEqual({ packets: 0, bytes: 0 });
    expect(filter?.chains[0]?.rules).toHaveLength(25);
  });

  it('tells the legacy backend and ip6tables apart by the header', () => {
    expect(parsed('iptables-legacy-host.save').generatedBy).toBe('iptables-save v1.8.9');
    expect(parsed('ip6tables-host.save')).toMatchObject({ family: 6, generatedBy: 'ip6tables-save v1.8.9 (nf_tables)' });
  });

  it('reads basic matches with negation, modules, options, quoted values and targets', () => {
    const input = parsed('iptables-nft-host.save').tables[2]?.chains[0]?.rules ?? [];
    expect(input[4]).toMatchObject({
      position: 5,
      protocol: { neg: false, value: 'tcp' },
      comment: 'ssh',
      target: { name: 'ACCEPT', goto: false },
    });
    expect(input[4]?.matches.map((m) => m.module)).toEqual(['tcp', 'comment']);
    expect(input[5]?.matches[0]).toEqual({ module: 'multiport', options: [{ name: 'dports', neg: false, values: ['80,443,8000:8010'] }] });
    expect(input[8]?.target).toEqual({ name: 'LOG', goto: false, options: [{ name: 'log-prefix', neg: false, values: ['drop8084 '] }] });
    expect(input[15]?.matches[0]?.options[1]).toEqual({ name: 'tcp-flags', neg: false, values: ['SYN,RST,ACK', 'SYN'] });
    expect(input[18]).toMatchObject({
      source: { neg: true, value: '10.0.0.0/8' },
      text: '-A INPUT ! -s 10.0.0.0/8 -p tcp -m tcp --dport 9000 -j DROP',
    });
    expect(input[20]?.target).toMatchObject({ name: 'GOTO_CHAIN', goto: true });
    expect(input[21]?.inInterface).toEqual({ neg: false, value: 'eth1' });
  });

  it('reads ufw chains with recent/limit options and docker chains with ! -i', () => {
    const ufw = parsed('ufw-iptables.save').tables.find((t) => t.name === 'filter');
    expect(ufw?.chains).toHaveLength(35);
    const limit = ufw?.chains.find((c) => c.name === 'ufw-user-input')?.rules[5];
    expect(limit?.matches.map((m) => m.module)).toEqual(['tcp', 'conntrack', 'recent']);
    const docker = parsed('iptables-docker.save')
      .tables.find((t) => t.name === 'nat')
      ?.chains.find((c) => c.name === 'DOCKER')?.rules[1];
    expect(docker).toMatchObject({
      inInterface: { neg: true, value: 'docker0' },
      target: { name: 'DNAT', options: [{ name: 'to-destination', values: ['172.17.0.2:80'] }] },
    });
  });

  it('empty output is an empty ruleset', () => {
    expect(parsed('iptables-empty.save').tables).toEqual([]);
  });

  it('tokenizes quotes and escaped quotes the way iptables-save writes them', () => {
    expect(tokenizeIptablesLine('-A INPUT -m comment --comment "say \\"hi\\" now" -j ACCEPT')).toEqual([
      '-A',
      'INPUT',
      '-m',
      'comment',
      '--comment',
      'say "hi" now',
      '-j',
      'ACCEPT',
    ]);
  });
});

describe('parseIptablesSave on bad input', () => {
  it('truncated output (no COMMIT) is unparseable, with the command that would tell', () => {
    const text = fixture('iptables-nft-host.save');
    const r = parseIptablesSave(text.slice(0, text.lastIndexOf('COMMIT')));
    expect(r).toMatchObject({ kind: 'unavailable', reason: 'unparseable', command: 'iptables-save' });
    if (r.kind === 'unavailable') expect(r.detail).toMatch(/no COMMIT.*truncated/);
    expect(parseIptablesSave('*filter\n', 'iptables-legacy-save')).toMatchObject({ kind: 'unavailable', command: 'iptables-legacy-save' });
  });
  it.each([
    ['*filter\n-A INPUT -j ACCEPT\nCOMMIT\n', /line 2: rule for undeclared chain INPUT/],
    ['-A INPUT -j ACCEPT\n', /line 1: rule outside a table/],
    ['*filter\n:INPUT ACCEPT [0:0]\nhello world\nCOMMIT\n', /line 3: unexpected line/],
    ['*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m comment --comment "open\nCOMMIT\n', /unterminated quote/],
    ['*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p\nCOMMIT\n', /-p without a value/],
  ])('%j is refused with the line', (text, why) => {
    const r = parseIptablesSave(text);
    expect(r.kind).toBe('unavailable');
    if (r.kind === 'unavailable') expect(r.detail).toMatch(why);
  });
});
