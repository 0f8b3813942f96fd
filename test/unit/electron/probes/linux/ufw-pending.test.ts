import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prepareNetfilterJudge } from '../../../../../shared/firewall/judge-netfilter';
import { parseUfwTuples, swapUfwChains, tupleCovers, ufwPending } from '../../../../../shared/firewall/pending-ufw';
import { pendingKey } from '../../../../../shared/diagnose/pending';
import type { FirewallVerdict, InboundPacket } from '../../../../../shared/firewall/types';
import { engineT, engineTemplate } from '../../../../../shared/i18n/engine-text';

/** Real ufw 0.36.2 rules file and a kernel ruleset that drifted from it (SOURCES.md). */
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../fixtures/linux/${name}`, import.meta.url)), 'utf8');
const FILE = fixture('ufw-user.rules');
const KERNEL = fixture('ufw-drift.iptables.save');

const packet = (dport: number, source = '203.0.113.10'): InboundPacket => ({
  family: 4,
  protocol: 'tcp',
  source,
  destination: '10.231.1.1',
  dport,
  iif: 'veth0b',
});

function kernelVerdict(p: InboundPacket): FirewallVerdict {
  const judge = prepareNetfilterJudge({ iptablesNft: KERNEL });
  if (judge.kind !== 'ok') throw new Error(judge.detail);
  return judge.data(p);
}

describe('ufw: the rules file against the kernel (issue 17 item 13)', () => {
  it('reads the tuples and which of them are about the port and the source', () => {
    const tuples = parseUfwTuples(FILE);
    expect(tuples.map((t) => t.text)).toEqual([
      'allow tcp 8080 0.0.0.0/0 any 0.0.0.0/0 in',
      'allow tcp 9090 0.0.0.0/0 any 10.0.0.0/8 in',
      'deny any 7070 0.0.0.0/0 any 0.0.0.0/0 in',
    ]);
    const [http, nine, seven] = tuples;
    expect(http && tupleCovers(http, packet(8080))).toBe(true);
    expect(nine && tupleCovers(nine, packet(9090))).toBe(false);
    expect(nine && tupleCovers(nine, packet(9090, '10.1.2.3'))).toBe(true);
    expect(seven && tupleCovers(seven, { ...packet(7070), protocol: 'udp' })).toBe(true);
    expect(
      tupleCovers({ text: '', action: 'allow', proto: 'tcp', dport: '80,8000:8100', src: '0.0.0.0/0', direction: 'in' }, packet(8080)),
    ).toBe(true);
  });

  it('swaps only the chains the file declares, with its rules', () => {
    const swapped = swapUfwChains(KERNEL, FILE);
    expect(swapped).toContain('-A ufw-user-input -p tcp --dport 8080 -j ACCEPT');
    expect(swapped).not.toContain('--dport 6060');
    expect(swapped).toContain('-A ufw-before-input -j ufw-user-input');
    expect(swapped.split('\n').filter((l) => l.startsWith('-A ufw-user-limit ')).length).toBe(2);
  });

  it('a rule the file has and the kernel lost: allowed after ufw reload, not now', () => {
    const v = kernelVerdict(packet(8080));
    expect(v.decision).toBe('drop');
    expect(ufwPending({ iptablesNft: KERNEL }, FILE, '/etc/ufw/user.rules', v, packet(8080))).toEqual([
      expect.objectContaining({
        system: 'ufw',
        state: 'saved-only',
        effect: 'allows',
        apply: 'ufw reload',
        entries: ['allow tcp 8080 0.0.0.0/0 any 0.0.0.0/0 in'],
      }),
    ]);
  });

  it('a rule in the kernel only: blocked after ufw reload; agreeing rules say nothing', () => {
    const v = kernelVerdict(packet(6060));
    expect(v.decision).toBe('accept');
    expect(ufwPending({ iptablesNft: KERNEL }, FILE, '/etc/ufw/user.rules', v, packet(6060))).toEqual([
      expect.objectContaining({ state: 'running-only', effect: 'blocks', entries: [expect.stringContaining('--dport 6060 -j ACCEPT')] }),
    ]);
    for (const p of [packet(7070), packet(9090, '10.1.2.3'), packet(9090), packet(22)])
      expect(ufwPending({ iptablesNft: KERNEL }, FILE, '/etc/ufw/user.rules', kernelVerdict(p), p)).toEqual([]);
  });

  it('ufw not loaded at all: the saved rules for the port are named, with ufw enable', () => {
    const none: FirewallVerdict = { backend: 'nftables', decision: 'accept', trace: [], notes: [], policy: { policy: 'no rules' } };
    expect(ufwPending({ iptablesNft: '' }, FILE, '/etc/ufw/user.rules', none, packet(8080))).toEqual([
      expect.objectContaining({
        state: 'saved-only',
        effect: 'mentions',
        apply: 'ufw enable',
        entries: ['allow tcp 8080 0.0.0.0/0 any 0.0.0.0/0 in'],
      }),
    ]);
    expect(ufwPending({ iptablesNft: '' }, FILE, '/etc/ufw/user.rules', none, packet(22))).toEqual([]);
  });

  it('has an English and a Simplified Chinese sentence for each difference it can report', () => {
    for (const [state, effect] of [
      ['saved-only', 'allows'],
      ['saved-only', 'mentions'],
      ['running-only', 'blocks'],
    ] as const) {
      const key = `engine.${pendingKey({ system: 'ufw', state, effect })}`;
      expect(engineTemplate('en', key), key).toBeDefined();
      expect(engineT('zh-CN', key, { where: '/etc/ufw/user.rules', entries: 'allow tcp 8080', protocol: 'TCP', port: 8080 }, '')).toMatch(
        /[\u4e00-\u9fff].*\/etc\/ufw\/user\.rules/,
      );
    }
  });
});
