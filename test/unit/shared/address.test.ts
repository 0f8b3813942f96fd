import { describe, expect, it } from 'vitest';
import { cidrContains, ipFamily, isCidr, isHost, isIp, isLoopback } from '../../../shared/net/address';
import { PortSchema } from '../../../shared/schemas/common';

describe('address validation', () => {
  it.each([
    ['10.0.0.1', true],
    ['::1', true],
    ['fe80::1', true],
    ['256.1.1.1', false],
    ['0x7f.1', false],
    ['127.1', false],
    ['1.2.3.4; id', false],
    ['', false],
  ])('isIp(%j) = %s', (text, expected) => expect(isIp(text)).toBe(expected));

  it.each([
    ['10.0.0.0/8', true],
    ['2001:db8::/32', true],
    ['10.0.0.0/33', false],
    ['10.0.0.0/', false],
    ['10.0.0.0/8/8', false],
  ])('isCidr(%j) = %s', (text, expected) => expect(isCidr(text)).toBe(expected));

  it.each([
    ['example.com', true],
    ['srv-01.corp.local', true],
    ['localhost', true],
    ['a;b', false],
    ['$(id)', false],
    ['-oops.com', false],
    ['a b', false],
    ['x'.repeat(64) + '.com', false],
  ])('isHost(%j) = %s', (text, expected) => expect(isHost(text)).toBe(expected));

  it('matches CIDRs by family, unwrapping v4-mapped addresses', () => {
    expect(cidrContains('10.0.0.0/8', '10.2.3.4')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '11.0.0.1')).toBe(false);
    expect(cidrContains('10.0.0.0/8', '::ffff:10.1.1.1')).toBe(true);
    expect(cidrContains('10.0.0.0/8', 'fe80::1')).toBe(false);
    expect(cidrContains('192.0.2.7', '192.0.2.7')).toBe(true);
    expect(ipFamily('::')).toBe(6);
    expect(isLoopback('127.0.0.53')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });

  it('accepts ports 1-65535 only', () => {
    expect(PortSchema.safeParse(0).success).toBe(false);
    expect(PortSchema.safeParse(65536).success).toBe(false);
    expect(PortSchema.safeParse(8.5).success).toBe(false);
    expect(PortSchema.safeParse(8080).success).toBe(true);
  });
});
