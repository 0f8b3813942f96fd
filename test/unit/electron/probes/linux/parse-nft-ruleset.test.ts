import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNftRuleset } from '../../../../../shared/firewall/nft/parse-nft-ruleset';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../../../fixtures/linux', name), 'utf8');

function parsed(name: string) {
  const r = parseNftRuleset(fixture(name));
  if (r.kind !== 'ok') throw new Error(r.detail);
  return r.data;
}

describe('parseNftRuleset on real nft -j output', () => {
  it('reads tables, base chains and rules with handles', () => {
    const data = parsed('nft-host.nft.json');
    expect(data.version).toBe('1.0.6');
    expect(data.tables.map((t) => `${t.family} ${t.name}`)).toEqual(['inet filter', 'ip extra']);
    const input = data.tables[0]?.chains.find((c) => c.name === 'input');
    expect(input).toMatchObject({ type: 'filter', hook: 'input', prio: 0, policy: 'drop' });
    expect(input?.rules.map((r) => r.handle)).toEqual([4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(data.tables[1]?.chains[0]?.prio).toBe(-10);
  });

  it.each([
    [4, 'ct state established,related accept'],
    [6, 'iif "lo" accept'],
    [8, 'meta l4proto { icmp, ipv6-icmp } accept'],
    [9, 'tcp dport 22 accept comment "ssh"'],
    [11, 'tcp dport 8081 reject with tcp reset'],
    [14, 'tcp dport 8084 log prefix "drop8084 " counter packets 0 bytes 0 drop'],
  ])('rebuilds the text of handle %i like nft prints it', (handle, text) => {
    const rule = parsed('nft-host.nft.json').tables[0]?.chains[0]?.rules.find((r) => r.handle === handle);
    expect(rule?.text).toBe(text);
    // The same words appear in `nft -a list ruleset` for that handle (modulo counters and comment placement).
    const line = fixture('nft-host.nft.txt')
      .split('\n')
      .find((l) => l.includes(`# handle ${handle}`));
    expect(line).toContain(text.split(' accept')[0]?.split(' comment')[0]);
  });

  it('reads named sets, intervals, concatenated types and verdict maps', () => {
    const fw = parsed('nft-sets.nft.json').tables[0];
    expect(fw?.sets.map((s) => s.name)).toEqual(['allowed_v4', 'web_ports', 'svc_pairs', 'port_verdicts']);
    expect(fw?.sets[0]).toMatchObject({ type: 'ipv4_addr', flags: ['interval'] });
    expect(fw?.sets[2]?.type).toEqual(['ipv4_addr', 'inet_service']);
    expect(fw?.sets[3]).toMatchObject({ map: 'verdict' });
    const texts = fw?.chains.flatMap((c) => c.rules.map((r) => r.text));
    expect(texts).toContain('ip saddr . tcp dport @svc_pairs accept');
    expect(texts).toContain('tcp dport vmap @port_verdicts');
    expect(texts).toContain('ct state vmap { invalid : drop, established : accept, related : accept }');
  });

  it('marks iptables-nft tables that hold xt expressions', () => {
    const data = parsed('iptables-nft-host.nft.json');
    expect(data.tables.filter((t) => t.xtCompat).map((t) => t.name)).toEqual(['filter', 'mangle']);
    expect(
      data.tables
        .find((t) => t.name === 'filter')
        ?.chains.find((c) => c.name === 'INPUT')
        ?.rules.find((r) => r.handle === 26)?.text,
    ).toBe('tcp dport 9500 xt match set counter packets 0 bytes 0 drop');
  });

  it('prints fib lookups and default limits the way nft does', () => {
    const rules = parsed('firewalld.nft.json').tables[0]?.chains.flatMap((c) => c.rules) ?? [];
    expect(rules.find((r) => r.handle === 52)?.text).toBe('meta nfproto ipv6 fib saddr . mark . iif oif missing drop');
    const http = parsed('nft-host.nft.json').tables[0]?.chains[0]?.rules.find((r) => r.handle === 10);
    expect(http?.text).toBe('tcp dport 80 limit rate 10/second accept');
    expect(fixture('nft-host.nft.txt')).toContain('tcp dport 80 limit rate 10/second accept # handle 10');
  });

  it('reads firewalld priorities such as "filter + 10"', () => {
    const chains = parsed('firewalld.nft.json').tables[0]?.chains ?? [];
    expect(chains.find((c) => c.name === 'filter_INPUT')).toMatchObject({ hook: 'input', prio: 10, policy: 'accept' });
    expect(chains.find((c) => c.name === 'mangle_PREROUTING')).toMatchObject({ hook: 'prerouting', prio: -140 });
  });

  it('accepts priorities printed as names with offsets', () => {
    const text = fixture('nft-host.nft.json').replace('"prio": -10', '"prio": "filter - 10"').replace('"prio": 0', '"prio": "filter"');
    expect(text).toContain('"prio": "filter - 10"');
    const r = parseNftRuleset(text);
    expect(r.kind === 'ok' && r.data.tables.map((t) => t.chains[0]?.prio)).toEqual([0, -10]);
  });

  it('an empty ruleset has no tables', () => {
    expect(parsed('nft-empty.nft.json').tables).toEqual([]);
  });
});

describe('parseNftRuleset on bad input', () => {
  it('truncated JSON is unparseable, with the command that would tell', () => {
    const text = fixture('nft-host.nft.json');
    const r = parseNftRuleset(text.slice(0, Math.floor(text.length / 2)));
    expect(r).toMatchObject({ kind: 'unavailable', reason: 'unparseable', command: 'nft -j list ruleset' });
    if (r.kind === 'unavailable') expect(r.detail).toMatch(/not valid JSON/);
  });
  it.each([
    ['', /not valid JSON/],
    ['{"something": []}', /no "nftables" array/],
    ['{"nftables": [{"rule": {"family": "inet", "table": "t", "chain": "c", "handle": 1, "expr": []}}]}', /missing chain/],
    ['{"nftables": [{"chain": {"family": "inet", "table": "t", "name": "c"}}]}', /missing table/],
    ['{"nftables": [{"table": {"family": "inet"}}]}', /lacks family or name/],
  ])('%j is refused', (text, why) => {
    const r = parseNftRuleset(text);
    expect(r.kind).toBe('unavailable');
    if (r.kind === 'unavailable') expect(r.detail).toMatch(why);
  });
});
