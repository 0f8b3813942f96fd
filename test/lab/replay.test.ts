import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffHostFirewall, exec, labAvailable, snapshotHostFirewall, withLab } from './harness';
import type { HostFirewallSnapshot, Lab } from './harness';
import type { CheckReport } from '../../shared/schemas/report';
import { requireBuiltCli, runCheck, serverAndClient } from './support/check';
import { cliArgv } from './harness/private-cli';

const CLI = fileURLToPath(new URL('../../bin/portdoctor.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../unit/electron/probes/linux/fixtures/', import.meta.url));
// CAPTURE_FIXTURES=1 refreshes the recorded bundles the unit tests replay (real outputs, never hand-written).
const capture = process.env.CAPTURE_FIXTURES === '1';

type Setup = (lab: Lab, srv: string) => Promise<void>;

const SCENARIOS: { name: string; port: number; cause: string; expect?: string; setup: Setup }[] = [
  {
    name: 'policy-drop-allowlist',
    port: 8080,
    cause: 'host-firewall-drop',
    setup: async (lab, srv) => {
      await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
      for (const args of [
        ['-A', 'INPUT', '-i', 'lo', '-j', 'ACCEPT'],
        ['-A', 'INPUT', '-s', '10.231.9.0/24', '-p', 'tcp', '--dport', '8080', '-j', 'ACCEPT'],
        ['-P', 'INPUT', 'DROP'],
      ])
        await lab.iptables(srv, args, { backend: 'nft' });
    },
  },
  {
    name: 'loopback-v6',
    port: 8080,
    cause: 'loopback-only',
    setup: async (lab, srv) => {
      await lab.listen(srv, { host: '::1', port: 8080 });
      await lab.listen(srv, { host: '::', port: 8443 });
      await lab.must(srv, [process.execPath, '-e', "require('node:dgram').createSocket('udp4').bind(5353, () => process.exit(0))"]);
    },
  },
  {
    name: 'nft-reject',
    port: 8080,
    cause: 'host-firewall-reject',
    setup: async (lab, srv) => {
      await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
      await lab.nft(
        srv,
        'table inet pdlab {\n chain input {\n type filter hook input priority 0; policy accept;\n tcp dport 8080 reject with tcp reset\n }\n}\n',
      );
    },
  },
  {
    name: 'privileged-port',
    port: 80,
    cause: 'privileged-port',
    expect: 'svc-web',
    setup: async (lab, srv) => {
      await lab.listen(srv, { host: '0.0.0.0', port: 80, user: 'nobody', retry: true, label: 'svc-web' });
    },
  },
];

async function replayOnHost(bundle: string, port: number, extra: string[]): Promise<CheckReport> {
  const r = await exec([...cliArgv(CLI), 'check', String(port), '--json', '--replay', bundle, ...extra], { timeoutMs: 30_000 });
  return JSON.parse(r.stdout) as CheckReport;
}

// `collect` in the server namespace, then `check --replay` in the host's own namespace: same verdict, nothing run.
describe.skipIf(!labAvailable())('lab: collect, then replay anywhere', () => {
  let before: HostFirewallSnapshot;
  let dir: string;
  beforeAll(async () => {
    requireBuiltCli();
    before = await snapshotHostFirewall();
    dir = await mkdtemp(join(tmpdir(), 'pdl-replay-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    expect(diffHostFirewall(before, await snapshotHostFirewall())).toEqual([]);
  });

  for (const s of SCENARIOS) {
    it(`${s.name}: the replayed verdict equals the live one (${s.cause})`, async () => {
      await withLab({ prefix: 'pdl-' }, async (lab) => {
        const { srv } = await serverAndClient(lab);
        await s.setup(lab, srv);
        const extra = s.expect ? ['--expect', s.expect] : [];
        const live = await runCheck({ lab, ns: srv }, s.port, extra);
        expect(live.report.verdict.cause).toBe(s.cause);
        const bundle = join(dir, `${s.name}.portdoctor.json`);
        await lab.must(srv, [...cliArgv(CLI), 'collect', '--port', String(s.port), '--out', bundle], { timeoutMs: 60_000 });
        const replayed = await replayOnHost(bundle, s.port, extra);
        expect(replayed.verdict.cause).toBe(s.cause);
        expect(replayed.replayed?.recordedAt).toBeTruthy();
        // Steps judge alike, except that a live "warn" from a failed loopback connect has no connect to go on in a replay.
        const statuses = (r: CheckReport) => r.steps.map((x) => (x.id === 'service' && x.status === 'warn' ? 'pass' : x.status));
        expect(statuses(replayed)).toEqual(statuses(live.report));
        // The loopback connect cannot be replayed: it says so instead of passing.
        const connect = replayed.steps[0]?.evidence.find((e) => e.kind === 'connect');
        expect(connect?.text).toMatch(/not tried \(not-recorded\)/);
        const sources = Object.keys((JSON.parse(await readFile(bundle, 'utf8')) as { sources: object }).sources);
        expect(sources).toEqual(
          expect.arrayContaining([
            'linux.proc.net.tcp',
            'linux.proc.socket-owners',
            'linux.nft.tables',
            'linux.iptables.legacy.save',
            'linux.ip6tables.nft.save',
            'linux.proc.processes',
          ]),
        );
        if (capture) await copyFile(bundle, join(FIXTURES, `${s.name}.portdoctor.json`));
      });
    });
  }
});
