import { describe, expect, it } from 'vitest';
import { parseCidrArg, parseIpArg } from '../../../electron/cli/parse-args';
import { normalizeCidr, normalizeIp } from '../../../shared/net/address';
import { evaluateNetfilter } from '../../../shared/firewall/netfilter';
import { planFix } from '../../../shared/firewall/plan';
import type { FirewallVerdict } from '../../../shared/firewall/types';
import { CidrSchema, IpSchema } from '../../../shared/schemas/common';
import { ProbeReportSchema, WatchPeerSchema } from '../../../shared/schemas/report';
import { nftFixture, syn } from './firewall/fixtures';
import { ctxWith } from './plan/helpers';

// Issue #11: `fix 8080 --source ::ffff:10.251.77.1` wrote `ip6 saddr ::ffff:10.251.77.1` (never matches IPv4) and said "fixed".
const MAPPED = '::ffff:10.251.77.1';

describe('IPv4-mapped addresses are the IPv4 client they stand for', () => {
  it.each([
    [MAPPED, '10.251.77.1'],
    ['::FFFF:10.251.77.1', '10.251.77.1'],
    ['::ffff:0afb:4d01', '10.251.77.1'],
    ['10.251.77.1', '10.251.77.1'],
    ['fd00::1', 'fd00::1'],
    ['not an address', 'not an address'],
  ])('normalizeIp(%s) = %s', (given, expected) => expect(normalizeIp(given)).toBe(expected));

  it.each([
    ['::ffff:10.251.77.0/120', '10.251.77.0/24'],
    ['::ffff:10.251.77.1/128', '10.251.77.1/32'],
    ['::ffff:0:0/96', '0.0.0.0/0'],
    ['::/64', '::/64'],
    ['fd00::/8', 'fd00::/8'],
  ])('normalizeCidr(%s) = %s', (given, expected) => expect(normalizeCidr(given)).toBe(expected));

  it('every parser route normalises: CLI arguments, IPC schemas, client and capture reports', () => {
    expect(parseIpArg(MAPPED)).toBe('10.251.77.1');
    expect(parseCidrArg(`${MAPPED}`)).toBe('10.251.77.1');
    expect(IpSchema.parse(MAPPED)).toBe('10.251.77.1');
    expect(CidrSchema.parse('::ffff:10.251.77.0/120')).toBe('10.251.77.0/24');
    const probe = ProbeReportSchema.parse({
      schema: 'portdoctor.probe/1',
      target: { host: 'srv', port: 8080 },
      outcome: 'timeout',
      cause: 'host-firewall-drop',
      elapsedMs: 3000,
      addresses: ['::ffff:10.251.77.9'],
      localAddress: MAPPED,
      remoteAddress: '::ffff:10.251.77.9',
    });
    expect([probe.localAddress, probe.remoteAddress, probe.addresses[0]]).toEqual(['10.251.77.1', '10.251.77.9', '10.251.77.9']);
    expect(WatchPeerSchema.parse({ address: MAPPED, syn: 1, synAck: 0, rst: 0, result: 'unanswered' }).address).toBe('10.251.77.1');
  });

  it('the planner writes `ip saddr 10.251.77.1` for a mapped source, never `ip6 saddr ::ffff:…`', () => {
    const verdict: FirewallVerdict = {
      backend: 'nftables',
      decision: 'drop',
      rule: { backend: 'nftables', table: 'inet filter', chain: 'input', handle: 4, text: 'tcp dport 8080 drop' },
      trace: [],
      notes: [],
    };
    for (const source of [MAPPED, undefined]) {
      const plan = planFix(ctxWith(verdict, { clientAddress: MAPPED }), { port: 8080, protocol: 'tcp', ...(source ? { source } : {}) });
      if (plan.kind !== 'ok') throw new Error(plan.detail);
      const argv = plan.data.commands[0]?.argv ?? [];
      expect(argv.join(' ')).toContain('ip saddr 10.251.77.1 tcp dport 8080');
      expect(argv.join(' ')).not.toContain('::ffff');
      expect(plan.data.target?.scope).toBe('10.251.77.1');
    }
  });

  it('the evaluator never lets `ip6 saddr ::ffff:a.b.c.d` accept the IPv4 SYN (captured ruleset)', () => {
    const nft = nftFixture('v4mapped.nft.json');
    const asV4 = evaluateNetfilter({ nft }, syn('10.251.77.1', 8080));
    expect(asV4).toMatchObject({ decision: 'drop', rule: { handle: 4, text: 'tcp dport 8080 drop' } });
    // The same client written the mapped way, with an IPv4 destination, is the same IPv4 SYN on the wire.
    const mapped = evaluateNetfilter({ nft }, { family: 6, protocol: 'tcp', source: MAPPED, destination: '::ffff:192.0.2.1', dport: 8080 });
    expect(mapped).toMatchObject({ decision: 'drop', rule: { handle: 4 } });
    // An IPv6 packet "from" a mapped address does not exist on Linux: never an accept by the mapped rule.
    const v6 = evaluateNetfilter({ nft }, syn(MAPPED, 8080));
    expect(v6.decision).not.toBe('accept');
  });
});
