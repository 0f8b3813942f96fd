import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../shared/schemas/firewall';
import type { CheckReport } from '../../shared/schemas/report';
import { labAvailable, withLab } from './harness';
import type { Lab } from './harness';
import { requireBuiltCli, stepOf } from './support/check';
import { dockerAvailable, startDocker } from './support/docker';
import { keepHostFirewallUnchanged } from './support/host-guard';
import { cliArgv } from './harness/private-cli';
import { DOCKER_PS_FORMAT } from '../../electron/probes/linux/firewall-sources';
import { parseDockerPs } from '../../electron/probes/linux/parse-dnat';

const CLI = fileURLToPath(new URL('../../bin/portdoctor.js', import.meta.url));
let dataDir = '';

/** `portdoctor <args> --json` in the server namespace, with `docker ps` pointed at the lab's engine and a private data folder (undo records). */
async function cli<T>(lab: Lab, ns: string, host: string, args: string[]): Promise<T> {
  const r = await lab.exec(ns, ['env', `DOCKER_HOST=${host}`, `PORTDOCTOR_DATA_DIR=${dataDir}`, ...cliArgv(CLI), ...args, '--json'], {
    timeoutMs: 60_000,
  });
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`portdoctor ${args.join(' ')} printed no JSON (exit ${r.code}): ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 300)}`);
  }
}

// A real Docker engine in the server namespace publishing a container's port 80 as 8080: the SYN is DNATed in nat
// PREROUTING and judged on the FORWARD path (DOCKER-USER, Docker's own chains), not INPUT.
describe.skipIf(!labAvailable() || !dockerAvailable())('lab: Docker published ports (FORWARD path)', () => {
  keepHostFirewallUnchanged(requireBuiltCli);

  it("ok through Docker's chains; a DOCKER-USER drop is named, fixed in one click and undone; ip_forward=0 is forwarding-disabled", async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pdk-data-'));
    try {
      await withLab({ prefix: 'pdk-', name: 'docker' }, async (lab) => {
        const srv = await lab.namespace('srv');
        const cliNs = await lab.namespace('cli');
        await lab.link(cliNs, '10.231.1.2/24', srv, '10.231.1.1/24');
        const docker = await startDocker(srv);
        try {
          const run = await docker.docker([
            'run',
            '-d',
            '--name',
            'web',
            '-p',
            '8080:80',
            'pd-busybox:lab',
            '/bin/httpd',
            '-f',
            '-p',
            '80',
            '-h',
            '/bin',
          ]);
          expect(run.code, run.stderr).toBe(0);
          await expect.poll(() => lab.connect(cliNs, '10.231.1.1', 8080), { timeout: 10_000 }).toBe('ok');
          // The recorded docker ps (issue 11): the real engine's answer to the narrow format, read back whole.
          const ps = await docker.docker(['ps', '--no-trunc', '--format', DOCKER_PS_FORMAT]);
          expect(Object.keys(JSON.parse(ps.stdout.trim()) as object).sort()).toEqual(['ID', 'Names', 'Ports']);
          expect(parseDockerPs(ps.stdout, 8080, 'tcp')).toMatchObject([{ internalAddress: 'container web', internalPort: 80 }]);

          const ok = await cli<CheckReport>(lab, srv, docker.host, ['check', '8080', '--source', '10.231.1.2']);
          expect(ok.verdict.cause).toBe('ok');
          const accepted = stepOf(ok, 'firewall').evidence;
          expect(accepted.find((e) => e.kind === 'rule')?.text).toMatch(
            /rule `-A DOCKER -d 172\.17\.0\.2\/32 .*--dport 80 -j ACCEPT` \((?:table \w+, )?chain DOCKER, rule \d+\)/,
          );
          expect(accepted.some((e) => /forwards this packet to 172\.17\.0\.2:80 out of docker0/.test(e.text))).toBe(true);

          // The admin's own rule in DOCKER-USER: INPUT accepts everything, yet the client is dropped.
          await lab.must(srv, ['iptables', '-I', 'DOCKER-USER', '-s', '10.231.1.2', '-j', 'DROP']);
          expect(await lab.connect(cliNs, '10.231.1.1', 8080)).toBe('timeout');
          const dropped = await cli<CheckReport>(lab, srv, docker.host, ['check', '8080', '--source', '10.231.1.2']);
          expect(dropped.verdict.cause).toBe('host-firewall-drop');
          const deciding = stepOf(dropped, 'firewall').evidence.find((e) => e.kind === 'rule');
          expect(deciding?.text).toMatch(
            /rule `-A DOCKER-USER -s 10\.231\.1\.2\/32 -j DROP` \((?:table \w+, )?chain DOCKER-USER, rule 1\)/,
          );
          // One click: a RETURN in DOCKER-USER before the drop, matched on the port the client used (the packet now
          // carries 80), verified by evaluating again; then undone exactly.
          const spec = [
            '-s',
            '10.231.1.2',
            '-p',
            'tcp',
            '-m',
            'conntrack',
            '--ctorigdstport',
            '8080',
            '-m',
            'comment',
            '--comment',
            'PortDoctor:8080/tcp',
            '-j',
            'RETURN',
          ];
          const dry = await cli<{ plan: FixPlan }>(lab, srv, docker.host, ['fix', '8080', '--source', '10.231.1.2', '--dry-run']);
          expect(dry.plan.kind).toBe('firewall');
          expect(dry.plan.commands[0]?.argv).toEqual(['iptables-nft', '-w', '5', '-t', 'filter', '-I', 'DOCKER-USER', '1', ...spec]);
          const fixed = await cli<{ applied: { fixed: boolean; outcome: string; undoId: string } }>(lab, srv, docker.host, [
            'fix',
            '8080',
            '--source',
            '10.231.1.2',
            '--yes',
          ]);
          expect(fixed.applied).toMatchObject({ fixed: true, outcome: 'applied' });
          expect(await lab.connect(cliNs, '10.231.1.1', 8080)).toBe('ok');
          expect((await cli<CheckReport>(lab, srv, docker.host, ['check', '8080', '--source', '10.231.1.2'])).verdict.cause).toBe('ok');
          const undone = await cli<{ undone: boolean }>(lab, srv, docker.host, ['fix', '--undo', fixed.applied.undoId]);
          expect(undone.undone).toBe(true);
          expect(await lab.connect(cliNs, '10.231.1.1', 8080)).toBe('timeout');
          await lab.must(srv, ['iptables', '-D', 'DOCKER-USER', '-s', '10.231.1.2', '-j', 'DROP']);

          // Forwarding off: dockerd still holds the host port, but the kernel drops the DNATed SYN.
          await lab.must(srv, ['sysctl', '-qw', 'net.ipv4.ip_forward=0']);
          expect(await lab.connect(cliNs, '10.231.1.1', 8080)).toBe('timeout');
          const off = await cli<CheckReport>(lab, srv, docker.host, ['check', '8080', '--source', '10.231.1.2']);
          expect(off.verdict.cause).toBe('forwarding-disabled');
          expect(stepOf(off, 'firewall').evidence.some((e) => e.kind === 'sysctl')).toBe(true);
        } finally {
          await docker.stop();
        }
      });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
