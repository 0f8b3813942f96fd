import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../../electron/app/services';
import { checkPortHandler } from '../../../../electron/handlers/check-port';
import { BundleSchema, parseBundleText } from '../../../../shared/bundle/schema';
import type { Bundle } from '../../../../shared/bundle/schema';
import { DROPPED_NOTE, createRedactor, redactBundle, redactCheck } from '../../../../shared/report/redact';

const DIR = 'test/fixtures/windows-bundles';
const load = (name: string): Bundle => BundleSchema.parse(JSON.parse(readFileSync(`${DIR}/${name}`, 'utf8')));

describe('createRedactor', () => {
  it('gives the same token to the same address or name, a new one to each new one, and keeps loopback and "any"', () => {
    const r = createRedactor(['web01.corp.example.com']);
    const out = r.text('10.0.0.5 -> 10.0.0.6; again 10.0.0.5; web01 and WEB01.corp.example.com; 127.0.0.1 0.0.0.0 :: ::1');
    expect(out).toBe('ip-1 -> ip-2; again ip-1; host-1 and host-2; 127.0.0.1 0.0.0.0 :: ::1');
    expect(r.text('from 10.0.0.6')).toBe('from ip-2');
  });

  it('replaces IPv6 addresses, CIDR blocks and bracketed forms, but not times, MAC addresses or version numbers', () => {
    const r = createRedactor([]);
    expect(r.text('ip6 saddr 2001:db8::/32 accept')).toBe('ip6 saddr ip6-1/32 accept');
    expect(r.text('[2001:db8::7]:8080 fe80::1.')).toBe('[ip6-2]:8080 ip6-3.');
    expect(r.text('ip saddr 10.0.0.0/8 at 12:34:56 mac aa:bb:cc:dd:ee:ff v10.0.20348.1')).toBe(
      'ip saddr ip-1/8 at 12:34:56 mac aa:bb:cc:dd:ee:ff v10.0.20348.1',
    );
    expect(r.text('::ffff:192.0.2.1')).toBe('ip6-4');
  });

  it('matches host names only as whole labels', () => {
    const r = createRedactor(['srv']);
    expect(r.text('srv srv2 observe srv.')).toBe('host-1 srv2 observe host-1.');
  });
});

describe('redactBundle on a real Windows report', () => {
  const bundle = load('port-excluded-dynamic.zh-CN.portdoctor.json');

  it('hides the host name everywhere, drops base64 (GBK) outputs with a note, and still validates as a bundle', () => {
    const red = redactBundle(bundle);
    const text = JSON.stringify(red);
    expect(red.platform.hostname).toBe('host-1');
    expect(text).not.toMatch(/SRV01/i);
    const excluded = red.sources['windows.netsh.excludedportrange.tcp'];
    expect(excluded?.stdout).toBeUndefined();
    expect(excluded?.error).toEqual({ reason: 'not-recorded', detail: DROPPED_NOTE });
    expect(red.sources['windows.netsh.portproxy']?.stdout?.encoding).toBe('utf8');
    expect(parseBundleText(text).ok).toBe(true);
    expect(Object.keys(red.sources)).toEqual(Object.keys(bundle.sources));
  });

  it('replaces every IPv4 address the recorded outputs hold (loopback and "any" excepted)', () => {
    const before = JSON.stringify(bundle.sources);
    const addresses = new Set(
      [...before.matchAll(/\b(?:\d{1,3}\.){3}\d{1,3}\b/g)].map((m) => m[0]).filter((a) => !['127.0.0.1', '0.0.0.0'].includes(a)),
    );
    const after = JSON.stringify(redactBundle(bundle).sources);
    for (const a of addresses) expect(after, a).not.toContain(a);
  });
});

describe('redactCheck on a real replayed check', () => {
  it('keeps the verdict and statuses, hides the host name and addresses in evidence', async () => {
    const bundle = load('firewall-default-block.portdoctor.json');
    const res = await checkPortHandler(
      { port: 8080, protocol: 'tcp' },
      { services: createServices({ replay: bundle }), signal: new AbortController().signal },
    );
    if (res.kind !== 'ok') throw new Error(res.detail);
    const red = redactCheck(res.data);
    expect(red.verdict.cause).toBe(res.data.verdict.cause);
    expect(red.steps.map((s) => s.status)).toEqual(res.data.steps.map((s) => s.status));
    expect(red.host?.hostname).toBe('host-1');
    expect(JSON.stringify(red)).not.toContain(bundle.platform.hostname);
  });
});
