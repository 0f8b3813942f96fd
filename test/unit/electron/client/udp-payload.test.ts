import { describe, expect, it } from 'vitest';
import { udpPayload } from '../../../../electron/probes/client/udp-once';

describe('udpPayload: what a UDP probe sends', () => {
  it('a DNS query for the root NS records on 53: 12-byte header with RD and one question', () => {
    const { kind, bytes } = udpPayload(53);
    expect(kind).toBe('dns');
    expect(bytes).toHaveLength(17);
    expect(bytes.readUInt16BE(2)).toBe(0x0100); // standard query, recursion desired
    expect(bytes.readUInt16BE(4)).toBe(1); // one question
    expect([...bytes.subarray(12)]).toEqual([0, 0, 2, 0, 1]); // root, type NS, class IN
  });

  it('an NTP v3 client request on 123 and an empty datagram elsewhere', () => {
    const ntp = udpPayload(123);
    expect(ntp.kind).toBe('ntp');
    expect(ntp.bytes).toHaveLength(48);
    expect(ntp.bytes[0]).toBe(0x1b);
    expect(udpPayload(5000)).toEqual({ kind: 'empty', bytes: Buffer.alloc(0) });
  });
});
