import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connectionsLab, medianMs, peakRssMb } from './ports';

// `npm run bench` figures for `portdoctor check` end to end on a loaded host: a lab namespace (pdl-) with
// 20k loopback connections and a 20k-rule iptables (nft backend) ruleset, against the two commands an
// admin would run by hand to see the same (`ss -tanp` then `iptables-save`). Ratios only; nothing asserts.

const CLI = resolve('bin/portdoctor.js');

/** iptables-restore input with `rules` filter rules: a long allow-list in INPUT ahead of the service's accept, policy DROP. */
export function generateAllowList(rules: number, port: number): string {
  const lines = ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ':ALLOW-SSH - [0:0]'];
  lines.push(
    '-A INPUT -i lo -j ACCEPT',
    '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A INPUT -p tcp -m tcp --dport 22 -j ALLOW-SSH',
  );
  for (let i = 0; i < rules - 6; i++) {
    const chain = i % 2 === 0 ? 'ALLOW-SSH' : 'INPUT';
    const dport = i % 2 === 0 ? 22 : 443;
    lines.push(
      `-A ${chain} -s 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport ${dport} -m comment --comment "host-${i}" -j ACCEPT`,
    );
  }
  lines.push(`-A INPUT -s 192.168.0.0/16 -p tcp -m tcp --dport ${port} -j ACCEPT`, '-A INPUT -p icmp -j ACCEPT', 'COMMIT', '');
  return lines.join('\n');
}

/** Figures for `check`: end-to-end time vs `ss -tanp` + `iptables-save`, and peak RSS, on 40k sockets and 20k rules. */
export async function benchCheck(): Promise<Record<string, number | string>> {
  if (process.getuid?.() !== 0) return { skipped: 'needs root (network namespaces)' };
  const dir = await mkdtemp(join(tmpdir(), 'pdl-bench-'));
  const { lab, ns } = await connectionsLab(dir);
  try {
    await lab.must(ns, ['iptables-nft-restore'], { input: generateAllowList(20_000, 20000), timeoutMs: 120_000 });
    const rules = (await lab.must(ns, ['iptables-save'], { timeoutMs: 60_000 })).stdout
      .split('\n')
      .filter((l) => l.startsWith('-A ')).length;
    const node = process.execPath;
    const argv = [node, CLI, 'check', '20000', '--json', '--source', '192.168.1.10'];
    const once = await lab.exec(ns, argv, { timeoutMs: 120_000 });
    const report = JSON.parse(once.stdout) as { verdict: { cause: string } };
    const figures: Record<string, number | string> = {
      rules,
      verdict: report.verdict.cause,
      // check exits 1 when it names a cause.
      checkMs: await medianMs(lab, ns, argv, 5, [0, 1]),
      ssTanpMs: await medianMs(lab, ns, ['ss', '-tanp']),
      iptablesSaveMs: await medianMs(lab, ns, ['iptables-save']),
      checkPeakRssMb: await peakRssMb(lab, ns, argv),
    };
    const n = (k: string) => Number(figures[k]);
    figures.ratioCheckVsSsTanpPlusIptablesSave = +(n('checkMs') / (n('ssTanpMs') + n('iptablesSaveMs'))).toFixed(2);
    return figures;
  } finally {
    await lab.cleanup();
    await rm(dir, { recursive: true, force: true });
  }
}
