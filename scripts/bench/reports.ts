import type { Bundle } from '../../shared/bundle/schema';
import { createRedactor, redactBundle } from '../../shared/report/redact';
import { median } from './lib/median';

// `npm run bench` figures for saving a redacted report: redaction of a bundle holding a 20k-rule iptables-save (every
// rule with a source address) against the JSON round trip the save path does anyway (stringify + parse of the same
// bundle). Ratios only; nothing asserts.

function ruleset(rules: number): string {
  const lines = ['*filter', ':INPUT DROP [0:0]'];
  for (let i = 0; i < rules; i++)
    lines.push(
      `-A INPUT -s 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport 443 -m comment --comment "web01 host-${i}" -j ACCEPT`,
    );
  lines.push('COMMIT', '');
  return lines.join('\n');
}

function bundleOf(rules: number): Bundle {
  const text = ruleset(rules);
  return {
    schema: 'portdoctor.bundle/1',
    appVersion: 'bench',
    recordedAt: '2026-11-21T06:00:00.000Z',
    platform: { os: 'linux', hostname: 'web01.corp.example', release: '6.1', arch: 'x64' },
    target: { port: 443, protocol: 'tcp' },
    sources: {
      'linux.iptables-nft.save': { argv: ['iptables-save', '-c'], stdout: { encoding: 'utf8', data: text }, exitCode: 0 },
      'linux.ip.addr': {
        argv: ['ip', 'addr'],
        stdout: { encoding: 'utf8', data: 'inet 192.0.2.10/24 brd 192.0.2.255 scope global eth0\ninet6 2001:db8::10/64 scope global\n' },
        exitCode: 0,
      },
    },
  };
}

function medianMs(fn: () => unknown, runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return Math.round(median(times) * 10) / 10;
}

/** Figures for redacting a report before saving: time vs the JSON round trip of the same bundle, at 2k and 20k rules. */
export async function benchRedact(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  for (const rules of [2000, 20000]) {
    const bundle = bundleOf(rules);
    const baseline = medianMs(() => JSON.parse(JSON.stringify(bundle)));
    const redact = medianMs(() => redactBundle(bundle, createRedactor([bundle.platform.hostname])));
    out[`roundTripMs_${rules}`] = baseline;
    out[`redactMs_${rules}`] = redact;
    out[`redactVsRoundTrip_${rules}`] = Math.round((redact / Math.max(baseline, 0.1)) * 10) / 10;
    out[`bundleMiB_${rules}`] = Math.round((JSON.stringify(bundle).length / 2 ** 20) * 10) / 10;
  }
  out.scaling20kVs2k = Math.round(((out.redactMs_20000 as number) / Math.max(out.redactMs_2000 as number, 0.1)) * 10) / 10;
  return out;
}
