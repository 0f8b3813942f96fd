import { describe, expect, it } from 'vitest';
import { evaluateNetfilter } from '../../../../shared/firewall/netfilter';
import { iptablesFixture, nftFixture, syn } from './fixtures';

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
    expect(v.notes.join('\n')).toMatch(/table ip filter is managed by iptables-nft/);
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
    expect(v.notes.join('\n')).not.toMatch(/hook registration order/);
  });

  it('equal priority between legacy and nft cannot be ordered: say so', () => {
    const v = evaluateNetfilter(
      { nft: nftFixture('nft-host.nft.json'), iptablesLegacy: iptablesFixture('iptables-legacy-host.save') },
      syn('8.8.8.8', 8081, eth0),
    );
    expect(v.decision).toBe('reject');
    expect(v.notes.join('\n')).toMatch(/also stops this packet at the same priority.*hook registration order/);
  });

  it('nothing at all: accept, and say there are no rules', () => {
    const v = evaluateNetfilter({}, syn('8.8.8.8', 22));
    expect(v).toMatchObject({ decision: 'accept', parts: [], trace: [] });
    expect(v.policy).toBeUndefined();
    expect(v.notes.join('\n')).toMatch(/no rules/i);
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
