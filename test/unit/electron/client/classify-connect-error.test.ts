import { describe, expect, it } from 'vitest';
import { classifyConnectError } from '../../../../electron/probes/client/classify-connect-error';

// Causes that only the server's view can establish: a client alone must never name one of them.
const SERVER_SIDE = [
  'not-listening',
  'loopback-only',
  'bound-other-address',
  'address-family-mismatch',
  'host-firewall-drop',
  'host-firewall-reject',
  'upstream-filtered',
  'accept-queue-overflow',
];
const CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EACCES',
  'EPERM',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'EADDRINUSE',
  'ENOBUFS',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'ENODATA',
  'EAI_NODATA',
  'EWHATEVER',
];

describe('classifyConnectError: what a client can prove alone', () => {
  it.each(CODES)('%s never names a server-side cause; an unproven one lists candidates', (code) => {
    const c = classifyConnectError(code);
    expect(SERVER_SIDE).not.toContain(c.cause);
    if (c.cause === 'unknown') expect(c.candidates.length).toBeGreaterThan(1);
    else expect(c.candidates).toEqual([c.cause]);
  });

  it('a timeout lists the host firewall, the path and a full accept queue; a refusal lists nothing-listens and a reject', () => {
    expect(classifyConnectError('ETIMEDOUT')).toMatchObject({
      outcome: 'timeout',
      cause: 'unknown',
      candidates: ['host-firewall-drop', 'upstream-filtered', 'accept-queue-overflow'],
    });
    expect(classifyConnectError('ECONNREFUSED').candidates).toEqual(expect.arrayContaining(['not-listening', 'host-firewall-reject']));
    expect(classifyConnectError('EHOSTUNREACH')).toMatchObject({ outcome: 'unreachable', cause: 'unknown' });
  });

  it('what the client itself proves keeps its name', () => {
    expect(classifyConnectError('ENOTFOUND').cause).toBe('dns-failure');
    expect(classifyConnectError('EADDRNOTAVAIL').cause).toBe('source-exhausted');
    expect(classifyConnectError('ENETUNREACH').cause).toBe('no-route');
  });
});
