import { describe, expect, it } from 'vitest';
import { evaluateNetfilter } from '../../../../shared/firewall/netfilter';
import { fixture, iptablesFixture, nftFixture, syn } from './fixtures';
import { noteText } from '../../../../shared/i18n/note';
import { ELSEWHERE_KEY } from '../../../../shared/firewall/nft/model';
import { parseNftRuleset } from '../../../../shared/firewall/nft/parse-nft-ruleset';

const eth0 = { iif: 'eth0' };

describe('evaluateNetfilter over one real namespace with nft, iptables-nft and iptables-legacy rules', () => {
  const mixed = {
    nft: nftFixture('mixed.nft.json'),
    iptablesNft: iptablesFixture('mixed-iptables-nft.save'),
    iptablesLegacy: iptablesFixture('mixed-iptables-legacy.save'),
  };

  it('nft and iptables-nft accept 8080, legacy drops it: drop, decided by iptables-legacy', () => {
    const v = evaluateNetfilter(mixed, syn('8.8.8.8', 8080, eth0));
    expect(v.decision).toBe('drop');
    expect(v.backend).toBe('iptables-legacy');
    expect(v.rule).toMatchObject({ table: 'filter', chain: 'INPUT', position: 1, text: '-A INPUT -p tcp -m tcp --dport 8080 -j DROP' });
    expect(v.parts.map((p) => `${p.backend}:${p.decision}`)).toEqual(['nftables:accept', 'iptables-nft:accept', 'iptables-legacy:drop']);
    expect(v.trace.map((r) => r.backend)).toEqual(['nftables', 'iptables-nft', 'iptables-legacy']);
  });

  it('the iptables-nft table is judged from iptables-save, not twice', () => {
    const v = evaluateNetfilter(mixed, syn('8.8.8.8', 8080, eth0));
    expect(v.parts[0]?.trace.map((r) => r.table)).toEqual(['inet filter']);
    expect(v.notes.map(noteText).join('\n')).toMatch(/table ip filter is managed by iptables-nft/);
  });

  it('a native nft drop decides with its handle', () => {
    const v = evaluateNetfilter(mixed, syn('8.8.8.8', 8443, eth0));
    expect(v).toMatchObject({
      decision: 'drop',
      backend: 'nftables',
      rule: { table: 'inet filter', chain: 'input', handle: 3, text: 'tcp dport 8443 drop' },
    });
  });

  it('a legacy reject keeps its type', () => {
    const v = evaluateNetfilter(mixed, syn('8.8.8.8', 9090, eth0));
    expect(v).toMatchObject({ decision: 'reject', rejectWith: 'tcp reset', backend: 'iptables-legacy' });
  });

  it('all components accept by policy: accept, no rule', () => {
    const v = evaluateNetfilter(mixed, syn('8.8.8.8', 7000, eth0));
    expect(v.decision).toBe('accept');
    expect(v.rule).toBeUndefined();
    expect(v.parts).toHaveLength(3);
  });

  it('without iptables-save, opaque iptables-nft tables make an otherwise-accepted packet unknown', () => {
    const v = evaluateNetfilter({ nft: mixed.nft, iptablesLegacy: mixed.iptablesLegacy }, syn('8.8.8.8', 7000, eth0));
    expect(v.decision).toBe('unknown');
    expect(v.backend).toBe('iptables-nft');
    expect(v.unknownReason).toMatch(/ip filter.*iptables-save/);
  });

  it('…but a drop elsewhere still decides', () => {
    const v = evaluateNetfilter({ nft: mixed.nft, iptablesLegacy: mixed.iptablesLegacy }, syn('8.8.8.8', 8443, eth0));
    expect(v).toMatchObject({ decision: 'drop', backend: 'nftables' });
  });

  it('priority order: a legacy raw PREROUTING drop comes before an nft input reject', () => {
    const v = evaluateNetfilter(
      { nft: nftFixture('nft-host.nft.json'), iptablesLegacy: iptablesFixture('iptables-legacy-host.save') },
      syn('198.51.100.66', 8081, eth0),
    );
    expect(v).toMatchObject({ decision: 'drop', backend: 'iptables-legacy', rule: { table: 'raw', chain: 'PREROUTING', position: 1 } });
    expect(v.parts.map((p) => p.decision)).toEqual(['reject', 'drop']);
  });

  it('equal priority: the newer table runs first, as the kernel counters of a real SYN show', () => {
    // counted.*: three real SYNs to 8084 were counted by the iptables-nft DROP (table ip filter, handle 3), none by
    // the older inet filter drop at the same priority (handle 1).
    const v = evaluateNetfilter(
      { nft: nftFixture('counted.nft.json'), iptablesNft: iptablesFixture('counted-iptables.save') },
      syn('198.51.100.1', 8084, eth0),
    );
    expect(v).toMatchObject({
      decision: 'drop',
      backend: 'iptables-nft',
      rule: { table: 'filter', chain: 'INPUT', position: 1, counters: { packets: 3, bytes: 180 } },
    });
    expect(v.parts.map((p) => p.decision)).toEqual(['drop', 'drop']);
    expect(v.parts[0]?.rule).toMatchObject({ handle: 14, counters: { packets: 0, bytes: 0 } });
    expect(v.notes.map(noteText).join('\n')).not.toMatch(/hook registration order/);
  });

  it('equal priority: the same when the iptables-nft table is listed only by its handle, as the product reads it', () => {
    // readNftRuleset lists nft table by table and leaves iptables-nft's to iptables-save, keeping only their handles
    // (before, it dropped them: the tie fell to nft, which the kernel ran second; found by the differential test).
    const doc = JSON.parse(fixture('counted.nft.json')) as { nftables: Record<string, Record<string, unknown>>[] };
    const own = (i: Record<string, Record<string, unknown>>) => Object.values(i)[0];
    const isIpFilter = (o: Record<string, unknown> | undefined) => o?.family === 'ip' && (o.table ?? o.name) === 'filter';
    const composed = doc.nftables.flatMap((i) => {
      const o = own(i);
      if (!isIpFilter(o)) return [i];
      return i.table ? [{ [ELSEWHERE_KEY]: { family: 'ip', name: 'filter', handle: i.table.handle } }] : [];
    });
    const parsed = parseNftRuleset(JSON.stringify({ nftables: composed }));
    if (parsed.kind !== 'ok') throw new Error(parsed.detail);
    expect(parsed.data.tables.map((t) => `${t.family} ${t.name}`)).not.toContain('ip filter');
    expect(parsed.data.elsewhere).toEqual([{ family: 'ip', name: 'filter', handle: expect.any(Number) }]);
    const v = evaluateNetfilter(
      { nft: parsed.data, iptablesNft: iptablesFixture('counted-iptables.save') },
      syn('198.51.100.1', 8084, eth0),
    );
    expect(v).toMatchObject({ decision: 'drop', backend: 'iptables-nft', rule: { table: 'filter', chain: 'INPUT', position: 1 } });
  });

  it('equal priority between legacy and nft cannot be ordered: say so', () => {
    const v = evaluateNetfilter(
      { nft: nftFixture('nft-host.nft.json'), iptablesLegacy: iptablesFixture('iptables-legacy-host.save') },
      syn('8.8.8.8', 8081, eth0),
    );
    expect(v.decision).toBe('reject');
    expect(v.notes.map(noteText).join('\n')).toMatch(/also stops this packet at the same priority.*hook registration order/);
  });

  it('nothing at all: accept, and say there are no rules', () => {
    const v = evaluateNetfilter({}, syn('8.8.8.8', 22));
    expect(v).toMatchObject({ decision: 'accept', parts: [], trace: [] });
    expect(v.policy).toBeUndefined();
    expect(v.notes.map(noteText).join('\n')).toMatch(/no rules/i);
  });

  it('an unknown part with an accept elsewhere stays unknown, never accept', () => {
    const v = evaluateNetfilter(
      { nft: nftFixture('nft-sets.nft.json'), iptablesLegacy: iptablesFixture('mixed-iptables-legacy.save') },
      syn('1.1.1.1', 5000, eth0),
    );
    expect(v.decision).toBe('unknown');
    expect(v.rule?.handle).toBe(24);
  });
});

// Captured from a real Docker 20.10 engine in a lab namespace publishing a busybox container's port 80 as 8080
// (test/fixtures/linux/docker/SOURCES: see test/fixtures/linux/SOURCES.md): the SYN is DNATed and judged on FORWARD.
describe('evaluateNetfilter on a real Docker published port', () => {
  const links = (
    JSON.parse(fixture('docker/ip-addr.json')) as { ifname: string; addr_info: { family: string; local: string; prefixlen: number }[] }[]
  ).flatMap((l) =>
    l.addr_info.filter((a) => a.family === 'inet').map((a) => ({ iface: l.ifname, address: a.local, prefixLength: a.prefixlen })),
  );
  const packet = (source: string) => syn(source, 8080, { iif: 'pdd-s0', destination: '10.232.1.1', links });
  const empty = iptablesFixture('iptables-empty.save');

  it("accepts through Docker's own chain, forwarded to the container out of docker0; the backend with rules is in charge", () => {
    const v = evaluateNetfilter(
      { iptablesNft: iptablesFixture('docker/published-8080.iptables-save.txt'), iptablesLegacy: empty },
      packet('10.232.1.2'),
    );
    expect(v).toMatchObject({
      decision: 'accept',
      backend: 'iptables-nft',
      rule: { chain: 'DOCKER', position: 1 },
      forwarded: { to: '172.17.0.2', port: 80, oif: 'docker0' },
    });
    expect(v.notes.map(noteText)[0]).toBe(
      'iptables-nft: nat DOCKER rule 1 forwards this packet to 172.17.0.2:80 out of docker0 (-A DOCKER -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80): the FORWARD path decides, not INPUT.',
    );
  });

  it('a DOCKER-USER drop decides, though INPUT accepts everything', () => {
    const v = evaluateNetfilter({ iptablesNft: iptablesFixture('docker/docker-user-drop.iptables-save.txt') }, packet('10.232.1.2'));
    expect(v).toMatchObject({
      decision: 'drop',
      rule: { chain: 'DOCKER-USER', position: 1, text: '-A DOCKER-USER -s 10.232.1.2/32 -j DROP' },
    });
    expect(
      evaluateNetfilter({ iptablesNft: iptablesFixture('docker/docker-user-drop.iptables-save.txt') }, packet('10.232.1.3')).decision,
    ).toBe('accept');
  });

  it('an nftables forward chain judges the DNATed packet with its new port and output interface', () => {
    const input = {
      nft: nftFixture('docker/forward-policy-drop.nft.json'),
      iptablesNft: iptablesFixture('docker/published-8080.iptables-save.txt'),
    };
    const outside = evaluateNetfilter(input, syn('198.51.100.7', 8080, { iif: 'eth0', links }));
    expect(outside.parts[0]).toMatchObject({
      backend: 'nftables',
      decision: 'accept',
      rule: { chain: 'forward', text: expect.stringContaining('tcp dport 80') },
    });
    const other = evaluateNetfilter(input, syn('203.0.113.7', 8080, { iif: 'eth0', links }));
    expect(other).toMatchObject({ decision: 'drop', backend: 'nftables', policy: { chain: 'forward', policy: 'drop' } });
  });

  it('a DNAT to the host itself stays on INPUT, to the new port', () => {
    const local = links.find((l) => l.iface === 'pdd-s0');
    expect(local).toBeDefined();
    const v = evaluateNetfilter(
      { iptablesNft: iptablesFixture('docker/published-8080.iptables-save.txt') },
      syn('10.232.1.2', 8080, { iif: 'pdd-s0', links: links.map((l) => (l.iface === 'docker0' ? { ...l, address: '172.17.0.2' } : l)) }),
    );
    expect(v.forwarded).toMatchObject({ to: '172.17.0.2', port: 80, local: true });
    expect(v.notes.map(noteText)[0]).toMatch(/redirects this packet to 172\.17\.0\.2:80 on this host/);
  });
});

describe('evaluateNetfilter: a DNAT written in a native nftables nat chain', () => {
  const input = { nft: nftFixture('docker/nft-dnat-forward.nft.json') };
  const links = [{ iface: 'br0', address: '10.99.0.1', prefixLength: 24 }];

  it('follows `dnat to` to the forward hook, with the new port and the output interface', () => {
    const ok = evaluateNetfilter(input, syn('198.51.100.7', 8080, { iif: 'eth0', links }));
    expect(ok).toMatchObject({
      decision: 'accept',
      rule: { chain: 'forward', text: expect.stringContaining('tcp dport 80') },
      forwarded: { to: '10.99.0.2', port: 80, oif: 'br0', rule: { table: 'ip nat', chain: 'prerouting' } },
    });
    expect(ok.notes.map(noteText)[0]).toMatch(
      /^nftables: table ip nat chain prerouting handle \d+ forwards this packet to 10\.99\.0\.2:80 out of br0 \(/,
    );
    expect(evaluateNetfilter(input, syn('203.0.113.7', 8080, { iif: 'eth0', links }))).toMatchObject({
      decision: 'drop',
      policy: { chain: 'forward', policy: 'drop' },
    });
  });

  it('a packet the nat rule does not match stays on INPUT', () => {
    const v = evaluateNetfilter(input, syn('198.51.100.7', 8080, { iif: 'eth1', links }));
    expect(v.forwarded).toBeUndefined();
    expect(v.decision).toBe('accept');
  });
});
