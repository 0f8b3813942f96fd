import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLab } from '../../test/lab/harness';
import type { Lab } from '../../test/lab/harness';
import { startSshd } from '../../test/lab/support/sshd';
import { median } from './lib/median';

// `npm run bench` figure for issue 12: a two-ended diagnosis of a dropped port from the client's seat
// (`portdoctor diagnose <port> --ssh root@server`, portdoctor already on the server's PATH) against doing the same
// by hand: `portdoctor probe server:port` here, then `ssh root@server portdoctor check <port>`. A lab pair (prefix
// pdr-): a client namespace and a server namespace with a real sshd and an nftables rule dropping the port. The two
// sides alternate run by run (7 pairs); ratios of medians, nothing asserts.

const CLI = resolve('bin/portdoctor.js');
const PAIRS = 7;
const PORT = 8080;
const SRV = '10.249.1.1';
const CLIENT = '10.249.1.2';
/** The CLI's default connect budget: what a user gets without --timeout. */
const TIMEOUT_MS = 3000;

async function timed(lab: Lab, ns: string, argv: string[]): Promise<number> {
  const t = performance.now();
  const r = await lab.exec(ns, argv, { timeoutMs: 120_000 });
  // 1: a cause was found (the drop), as it should be.
  if (r.code !== 0 && r.code !== 1) throw new Error(`${argv.slice(0, 6).join(' ')}… exited ${r.code}: ${r.stderr.slice(0, 300)}`);
  return performance.now() - t;
}

/** The cause a run names (its --json verdict), or why there is none. */
async function causeOf(lab: Lab, ns: string, argv: string[]): Promise<string> {
  const r = await lab.exec(ns, argv, { timeoutMs: 120_000 });
  const cause = (JSON.parse(r.stdout || '{}') as { verdict?: { cause?: string } }).verdict?.cause;
  if (!cause) throw new Error(`${argv[4] ?? argv[0]} gave no verdict (exit ${r.code}): ${(r.stdout + r.stderr).slice(0, 400)}`);
  return cause;
}

/** Figures: the `--ssh` run, the two commands by hand, and their ratio (issue 12 asks ≤ 1.5). */
export async function benchRemote(): Promise<Record<string, number | string>> {
  if (process.getuid?.() !== 0) return { skipped: 'needs root (network namespaces)' };
  const dir = await mkdtemp(join(tmpdir(), 'pdr-bench-'));
  const lab = await createLab({ prefix: 'pdr-', name: 'bench-remote' });
  try {
    const srv = await lab.namespace('srv');
    const cli = await lab.namespace('cli');
    await lab.link(cli, `${CLIENT}/24`, srv, `${SRV}/24`);
    await lab.nft(
      srv,
      `table inet pdr { chain input { type filter hook input priority 0; policy accept; tcp dport 22 accept; tcp dport ${PORT} drop; }; }`,
    );
    await lab.listen(srv, { host: '0.0.0.0', port: PORT });
    const sshd = await startSshd(lab, srv, SRV);
    try {
      // portdoctor on the server's PATH (root's /usr/local/sbin, bound over in sshd's private mount namespace only).
      const bin = join(dir, 'sbin');
      await mkdir(bin);
      await writeFile(join(bin, 'portdoctor'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
      await chmod(join(bin, 'portdoctor'), 0o755);
      await sshd.iso.must(['mount', '--bind', bin, '/usr/local/sbin']);
      const env = ['env', '-u', 'SSH_AUTH_SOCK', `HOME=${sshd.dir}`];
      const overSsh = [
        ...env,
        process.execPath,
        CLI,
        'diagnose',
        String(PORT),
        '--ssh',
        `root@${SRV}`,
        '--identity',
        sshd.identity,
        '--known-hosts',
        sshd.knownHosts,
        '--timeout',
        String(TIMEOUT_MS),
        '--json',
      ];
      const probe = [...env, process.execPath, CLI, 'probe', `${SRV}:${PORT}`, '--timeout', String(TIMEOUT_MS), '--json'];
      const sshCheck = [
        ...env,
        'ssh',
        '-i',
        sshd.identity,
        '-o',
        `UserKnownHostsFile=${sshd.knownHosts}`,
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        'BatchMode=yes',
        '-o',
        'IdentitiesOnly=yes',
        `root@${SRV}`,
        'portdoctor',
        'check',
        String(PORT),
        '--source',
        CLIENT,
        '--json',
      ];
      const verdict = await causeOf(lab, cli, overSsh);
      const byHandVerdict = await causeOf(lab, cli, sshCheck);
      const a: number[] = [];
      const p: number[] = [];
      const s: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < PAIRS; i++) {
        a.push(await timed(lab, cli, overSsh));
        const tp = await timed(lab, cli, probe);
        const ts = await timed(lab, cli, sshCheck);
        p.push(tp);
        s.push(ts);
        b.push(tp + ts);
      }
      const med = (xs: number[]) => Math.round(median(xs));
      return {
        verdict,
        byHandVerdict,
        probeTimeoutMs: TIMEOUT_MS,
        pairs: PAIRS,
        diagnoseSshMs: med(a),
        probeMs: med(p),
        sshCheckMs: med(s),
        byHandMs: med(b),
        ratioDiagnoseSshVsByHand: +(median(a) / median(b)).toFixed(2),
      };
    } finally {
      await sshd.stop();
    }
  } finally {
    await lab.cleanup();
    await rm(dir, { recursive: true, force: true });
  }
}
