import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import { buildPrivateCli, cliArgv } from './harness/private-cli';
import { keepHostFirewallUnchanged } from './support/host-guard';
import { serverBinary, startSshd } from './support/sshd';
import type { LabSshd } from './support/sshd';
import type { FleetRow } from '../../shared/report/fleet';

const run = labAvailable() && existsSync('/usr/sbin/sshd') && existsSync('/usr/bin/ansible-playbook');

describe.skipIf(!run)('a fleet run on Ansible (real ansible-playbook, three servers with sshd)', () => {
  keepHostFirewallUnchanged();
  let cli: { path: string; remove: () => Promise<void> };
  let dir: string;
  beforeAll(async () => {
    cli = await buildPrivateCli('fleet');
    dir = await mkdtemp(join(tmpdir(), 'pd-fleet-'));
  });
  afterAll(async () => {
    await cli.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('copies the binary, checks port 8080 on every host, fetches by inventory name; report --merge gives host × port × cause × deciding rule', async () => {
    await withLab({ prefix: 'pdc-', name: 'fleet' }, async (lab) => {
      const ctl = await lab.namespace('ctl');
      const servers: { ns: string; name: string; sshd?: LabSshd }[] = [];
      for (const n of [1, 2, 3]) {
        const ns = await lab.namespace(`srv${n}`);
        await lab.link(ctl, `10.241.${n}.1/24`, ns, `10.241.${n}.2/24`);
        servers.push({ ns, name: `web-${n}` });
      }
      try {
        for (const [i, s] of servers.entries()) s.sshd = await startSshd(lab, s.ns, `10.241.${i + 1}.2`);
        // web-1 healthy, web-2 dropped by its firewall, web-3 has nothing listening. All three share one hostname.
        await lab.listen(servers[0]!.ns, { host: '0.0.0.0', port: 8080 });
        await lab.listen(servers[1]!.ns, { host: '0.0.0.0', port: 8080 });
        await lab.nft(
          servers[1]!.ns,
          'table inet admin { chain input { type filter hook input priority 0; policy accept; tcp dport 22 accept; tcp dport 8080 drop; }; }',
        );
        const knownHosts = join(dir, 'known_hosts');
        await writeFile(knownHosts, (await Promise.all(servers.map((s) => readFile(s.sshd!.knownHosts, 'utf8')))).join(''));
        const inventory = join(dir, 'inventory.ini');
        await writeFile(
          inventory,
          [
            '[web]',
            ...servers.map(
              (s) =>
                `${s.name} ansible_host=${s.sshd!.address} ansible_user=root ansible_ssh_private_key_file=${s.sshd!.identity} ansible_python_interpreter=/usr/bin/python3`,
            ),
            '[web:vars]',
            `ansible_ssh_common_args='-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes'`,
            '',
          ].join('\n'),
        );
        const dest = join(dir, 'results');
        const binary = await serverBinary(cli.path, dir);
        const env = [
          'env',
          `HOME=${dir}`,
          'LC_ALL=C.UTF-8',
          'LANG=C.UTF-8',
          'ANSIBLE_SSH_ARGS=-o ControlMaster=no',
          `ANSIBLE_LOCAL_TEMP=${join(dir, 'ansible-tmp')}`,
          'ANSIBLE_NOCOLOR=1',
          'ANSIBLE_RETRY_FILES_ENABLED=0',
        ];
        const tmpBefore = await readdir('/tmp');
        const play = await lab.exec(
          ctl,
          [
            ...env,
            'ansible-playbook',
            '-i',
            inventory,
            resolve('contrib/ansible/portdoctor.yml'),
            '-e',
            `dest=${dest}`,
            '-e',
            'port=8080',
            '-e',
            `binary=${binary}`,
          ],
          { timeoutMs: 300_000 },
        );
        expect(play.code, play.stdout.slice(-3000)).toBe(0);
        expect(play.stdout).toMatch(/web-1\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/);
        expect(play.stdout).toMatch(/web-3\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/);

        const files = servers.map((s) => join(dest, s.name, 'check-8080.json'));
        const md = join(dir, 'fleet.md');
        const html = join(dir, 'fleet.html');
        const merged = await lab.exec(ctl, [...cliArgv(cli.path), 'report', '--merge', ...files, '--md', md, '--html', html, '--json'], {
          timeoutMs: 60_000,
        });
        expect(merged.code).toBe(1);
        const rows = (JSON.parse(merged.stdout) as { rows: FleetRow[] }).rows;
        expect(rows.map((r) => [r.host, r.port, r.cause])).toEqual([
          ['web-1', '8080/tcp', 'ok'],
          ['web-2', '8080/tcp', 'host-firewall-drop'],
          ['web-3', '8080/tcp', 'not-listening'],
        ]);
        expect(rows[1]?.decidedBy).toContain('tcp dport 8080 drop');
        expect(rows[1]?.fixes.length).toBeGreaterThan(0);
        expect(await readFile(md, 'utf8')).toMatch(/\| web-2 \| 8080\/tcp \| The host firewall silently drops the connection \|/);
        expect(await readFile(html, 'utf8')).toContain('<td>web-3</td>');
        // Nothing of ours is left on the hosts.
        expect((await readdir('/tmp')).filter((f) => f.startsWith('portdoctor.') && !tmpBefore.includes(f))).toEqual([]);
        // The outputs are never overwritten silently.
        const again = await lab.exec(ctl, [...cliArgv(cli.path), 'report', '--merge', ...files, '--md', md]);
        expect(again.code).toBe(2);
        expect(again.stderr).toMatch(/exists: choose another name, or --force/);
      } finally {
        for (const s of servers) await s.sshd?.stop();
      }
    });
  }, 420_000);
});
