import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tracedRules, withTraced, withoutTraceTable } from '../../../lab/differential/trace';

// The differential test's ground truth for rules without counters (firewalld's): `nft -a monitor trace` output
// recorded in the lab, read into the rules that accepted or stopped one SYN.
const TRACE = readFileSync(fileURLToPath(new URL('../../../fixtures/linux/differential/nft-monitor-trace.txt', import.meta.url)), 'utf8');

describe('nft monitor trace as ground truth', () => {
  it('names the rule that accepted a SYN, from a rule added after the monitor started', () => {
    expect(tracedRules(TRACE, 20036)).toEqual({
      seen: true,
      rules: [{ key: 'nftables|inet firewalld|filter_IN_external_allow|189', kind: 'accept' }],
    });
  });

  it('a reject traces as drop: counted as a stop, jumps and the trace table itself are not counted', () => {
    expect(tracedRules(TRACE, 20037)).toEqual({
      seen: true,
      rules: [{ key: 'nftables|inet firewalld|filter_IN_external|188', kind: 'stop' }],
    });
  });

  it('rules in their documented form (`rule … # handle N`)', () => {
    expect(tracedRules(TRACE, 54220).rules).toEqual([{ key: 'nftables|inet t|sub|7', kind: 'accept' }]);
    expect(tracedRules(TRACE, 34408).rules).toEqual([{ key: 'nftables|inet t|input|6', kind: 'stop' }]);
  });

  it('a SYN that never reached the monitor is not seen (the run sets the case aside instead of guessing)', () => {
    expect(tracedRules(TRACE, 1)).toEqual({ seen: false, rules: [] });
  });

  it('traced rules count as if their counter rose once; the inputs are not changed', () => {
    const before = { packets: new Map([['a', 3]]), kinds: new Map([['a', 'accept' as const]]) };
    const after = { packets: new Map([['a', 3]]), kinds: new Map([['a', 'accept' as const]]) };
    const t = withTraced(before, after, [{ key: 'nftables|inet firewalld|x|1', kind: 'stop' }]);
    expect(t.after.packets.get('nftables|inet firewalld|x|1')).toBe(1);
    expect(t.before.packets.get('nftables|inet firewalld|x|1')).toBe(0);
    expect(t.after.kinds.get('nftables|inet firewalld|x|1')).toBe('stop');
    expect(after.packets.has('nftables|inet firewalld|x|1')).toBe(false);
  });

  it('the trace table is left out of the listings the product judges', () => {
    const nft = JSON.stringify({
      nftables: [
        { metainfo: { version: '1.0.6' } },
        { table: { family: 'inet', name: 'pdtrace', handle: 1 } },
        { chain: { family: 'inet', table: 'pdtrace', name: 'pre', handle: 1 } },
        { rule: { family: 'inet', table: 'pdtrace', chain: 'pre', handle: 2, expr: [] } },
        { table: { family: 'inet', name: 'firewalld', handle: 2 } },
      ],
    });
    const out = JSON.parse(withoutTraceTable({ nft, iptablesNft: '', iptablesLegacy: '' }).nft) as { nftables: object[] };
    expect(out.nftables).toEqual([{ metainfo: { version: '1.0.6' } }, { table: { family: 'inet', name: 'firewalld', handle: 2 } }]);
  });
});
