import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffHostFirewall, labAvailable, snapshotHostFirewall, withLab } from './harness';
import type { HostFirewallSnapshot, Isolated } from './harness';
import { buildPrivateCli, cliArgv } from './harness/private-cli';

const SERVER = '10.246.3.1';
const CLIENT = '10.246.3.2';
const LISTENER = `const net = require('node:net');
net.createServer((s) => { s.on('error', () => {}); s.end('hello\\\\n'); }).listen(8080, '0.0.0.0', () => console.log('listening'));`;
// Only the firewall tools, without a password, for nobody: written into a private copy of /etc/sudoers.d
// that exists only inside the lab's mount namespace.
const SUDOERS =
  'nobody ALL=(root) NOPASSWD: /usr/sbin/nft, /usr/sbin/iptables-nft-save, /usr/sbin/iptables-legacy-save, /usr/sbin/ip6tables-nft-save, /usr/sbin/ip6tables-legacy-save, /usr/sbin/ufw, /usr/bin/firewall-cmd\n';

const hostSudoers = async () => {
  const names = (await readdir('/etc/sudoers.d').catch(() => [])).sort();
  return Promise.all(names.map(async (n) => `${n}:${await readFile(join('/etc/sudoers.d', n), 'utf8').catch(() => '?')}`));
};

describe.skipIf(!labAvailable())('portdoctor fix as an unprivileged user: sudo -n elevation', () => {
  let before: HostFirewallSnapshot;
  let sudoersBefore: string[];
  let cli: { path: string; remove: () => Promise<void> };
  let dataDir: string;
  beforeAll(async () => {
    before = await snapshotHostFirewall();
    sudoersBefore = await hostSudoers();
    cli = await buildPrivateCli('pdf-elev');
    dataDir = await mkdtemp(join(tmpdir(), 'pdf-lab-elev-'));
    await chmod(dataDir, 0o777);
  });
  afterAll(async () => {
    await cli?.remove();
    await rm(dataDir, { recursive: true, force: true });
    expect(await hostSudoers()).toEqual(sudoersBefore);
    expect(diffHostFirewall(before, await snapshotHostFirewall())).toEqual([]);
  });

  const asNobody = (iso: Isolated, args: string[]) =>
    iso.exec(
      [
        'setpriv',
        '--reuid=nobody',
        '--regid=nogroup',
        '--clear-groups',
        'env',
        `PORTDOCTOR_DATA_DIR=${dataDir}/nobody`,
        ...cliArgv(cli.path),
        ...args,
      ],
      { timeoutMs: 90_000 },
    );

  it('without a sudo rule: says to re-run as root and changes nothing; with one: applies, audits the user, and undoes', async () => {
    await withLab({ prefix: 'pdf-', name: 'elevation' }, async (lab) => {
      const srv = await lab.namespace('srv');
      const client = await lab.namespace('cli');
      await lab.link(client, `${CLIENT}/24`, srv, `${SERVER}/24`);
      await lab.spawn(srv, [process.execPath, '-e', LISTENER], { ready: /^listening/m });
      await lab.nft(
        srv,
        'table inet filter { chain input { type filter hook input priority 0; policy accept; iif lo accept; tcp dport 8080 drop; }; }',
      );
      const iso = await lab.isolate(srv, ['/etc/sudoers.d']);

      const refused = await asNobody(iso, ['fix', '8080', '--source', CLIENT, '--yes']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(
        /Only root can read the firewall rules, so no change can be planned: run with sudo: sudo portdoctor fix 8080 --source \S+ --yes/,
      );
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('timeout');

      await iso.must(['tee', '/etc/sudoers.d/pdf-lab'], { input: SUDOERS });
      await iso.must(['chmod', '0440', '/etc/sudoers.d/pdf-lab']);
      const fixed = await asNobody(iso, ['fix', '8080', '--source', CLIENT, '--yes', '--json']);
      expect(fixed.code, fixed.stderr).toBe(0);
      const doc = JSON.parse(fixed.stdout) as { applied: { fixed: boolean; undoId: string; runs: { argv: string[]; status: string }[] } };
      expect(doc.applied.fixed).toBe(true);
      expect(doc.applied.runs.map((r) => [r.argv[0], r.status])).toEqual([['nft', 'ok']]);
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('ok');
      const audit = (await readFile(join(dataDir, 'nobody', 'audit.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { user: string; action: string });
      expect(audit.map((a) => [a.action, a.user])).toEqual([['apply', 'nobody']]);

      const undone = await asNobody(iso, ['fix', '--undo', doc.applied.undoId]);
      expect(undone.code, undone.stderr).toBe(0);
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('timeout');
    });
  });
});
