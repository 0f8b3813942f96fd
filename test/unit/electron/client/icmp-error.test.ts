import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseRecvErr, readIcmpError } from '../../../../electron/probes/client/icmp-error';
import { createLiveRunner } from '../../../../electron/system/run-command';
import { icmpCause, icmpName, icmpPlace } from '../../../../shared/diagnose/icmp';

// Lines the script printed in the lab (test/lab/client-icmp.test.ts): a router's REJECT and the target's own.
const ROUTER_ADMIN = '{"outcome": "error", "errno": 113, "icmp": {"origin": 2, "type": 3, "code": 13, "from": "10.232.1.1"}}';
const TARGET_PORT = '{"outcome": "error", "errno": 111, "icmp": {"origin": 2, "type": 3, "code": 3, "from": "10.232.2.2"}}';
const RESET = '{"outcome": "error", "errno": 111, "queue": "empty"}';

describe('who sent the ICMP error', () => {
  it('parses the helper’s line: ICMP with its sender, none (a reset), or why not', () => {
    expect(parseRecvErr(ROUTER_ADMIN, 4)).toEqual({ kind: 'icmp', icmp: { family: 4, type: 3, code: 13, from: '10.232.1.1' } });
    expect(parseRecvErr(RESET, 4)).toEqual({ kind: 'none' });
    // A local error (origin 1, SO_EE_ORIGIN_LOCAL) names no ICMP sender; garbage is not trusted.
    expect(parseRecvErr('{"outcome": "error", "errno": 101, "icmp": {"origin": 1, "type": 0, "code": 0, "from": null}}', 4).kind).toBe(
      'unread',
    );
    expect(parseRecvErr('{"outcome": "error", "icmp": {"origin": 2, "type": 3, "code": 13, "from": "$(reboot)"}}', 4).kind).toBe('unread');
    expect(parseRecvErr('Traceback (most recent call last):', 4).kind).toBe('unread');
    expect(parseRecvErr('{"outcome": "ok"}', 4)).toEqual({ kind: 'unread', why: 'the second connect ended ok' });
  });

  it('places the stop by the sender and the code', () => {
    const at = (json: string) => {
      const r = parseRecvErr(json, 4);
      if (r.kind !== 'icmp') throw new Error('no icmp');
      return r.icmp;
    };
    expect(icmpPlace(at(ROUTER_ADMIN), '10.232.2.2')).toBe('hop-filter');
    expect(icmpCause(at(ROUTER_ADMIN), '10.232.2.2')).toEqual({ cause: 'upstream-filtered', candidates: ['upstream-filtered'] });
    expect(icmpPlace(at(TARGET_PORT), '10.232.2.2')).toBe('target');
    expect(icmpCause(at(TARGET_PORT), '10.232.2.2')?.cause).toBe('host-firewall-reject');
    const hostUnreach = { family: 4 as const, type: 3, code: 1, from: '10.232.1.1' };
    expect(icmpCause(hostUnreach, '10.232.2.2')).toEqual({ cause: 'unknown', candidates: ['upstream-filtered', 'no-route'] });
    expect(icmpName(hostUnreach)).toBe('host-unreachable');
    // ICMPv6: admin-prohibited (1/1) from the target; address-unreachable (1/3) from a router; the v4-mapped form is the same address.
    expect(icmpPlace({ family: 6, type: 1, code: 1, from: 'fd00:232:2::2' }, 'fd00:232:2:0::2')).toBe('target');
    expect(icmpPlace({ family: 6, type: 1, code: 3, from: 'fd00:232:1::1' }, 'fd00:232:2::2')).toBe('hop-unreachable');
    // Time exceeded places nothing.
    expect(icmpCause({ family: 4, type: 11, code: 0, from: '10.232.1.1' }, '10.232.2.2')).toBeNull();
  });

  it.skipIf(process.platform !== 'linux')('the real helper on a closed loopback port: a reset, no ICMP', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const reading = await readIcmpError(createLiveRunner(), '127.0.0.1', port, 2000);
    // Without python3 the reading says why; with it, a refused loopback connect queues no ICMP.
    expect(reading.kind === 'none' || (reading.kind === 'unread' && /python3: not-installed/.test(reading.why))).toBe(true);
  });
});
