import { copyFile, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../shared/schemas/report';
import { labAvailable, withLab } from './harness';
import type { Lab } from './harness';
import { cliBinary } from './harness/private-cli';
import { keepHostFirewallUnchanged } from './support/host-guard';

// The binary under test: PORTDOCTOR_CLI, or what `npm run release:cli` left in release/ (skipped when neither exists).
const BINARY = cliBinary() ?? resolve('release/portdoctor-linux-x64');
const run = labAvailable() && process.arch === 'x64' && existsSync(BINARY);
const SERVER = '10.247.1.1';
const CLIENT = '10.247.1.2';
const LISTENER = `require('node:net').createServer((s) => { s.on('error', () => {}); s.end('hi\\n'); }).listen(8080, '0.0.0.0', () => console.log('listening'));`;
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

describe.skipIf(!run)('the Linux binary alone, where no Node and no node_modules exist', () => {
  keepHostFirewallUnchanged();
  let home: string;
  let hidden: string[];
  beforeAll(async () => {
    // The binary copied alone into an empty folder, as a customer's server would have it.
    home = await mkdtemp(join(tmpdir(), 'pdb-alone-'));
    await copyFile(BINARY, join(home, 'portdoctor'));
    await mkdir(join(home, 'data'));
    // Every node this machine has on PATH, and this repository (node_modules, dist/), are hidden below.
    const nodes = ['/usr/bin/node', '/usr/local/bin/node', process.execPath].filter((p) => existsSync(p));
    hidden = [...new Set(await Promise.all(nodes.map((p) => realpath(p))))];
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  /**
   * Run in the server namespace, in a private mount namespace where each node executable is an empty file, the
   * repository is an empty tmpfs and PATH holds only the system's folders; the environment is emptied too.
   */
  const alone = (lab: Lab, ns: string, argv: string[]) => {
    const hide = [...hidden.map((p) => `mount --bind /dev/null ${p}`), `mount -t tmpfs tmpfs ${process.cwd()}`, `cd ${home}`];
    const script = `${hide.join(' && ')} && exec env -i PATH=${SYSTEM_PATH} HOME=${home} PORTDOCTOR_DATA_DIR=${home}/data "$@"`;
    return lab.exec(ns, ['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', script, 'alone', ...argv], {
      timeoutMs: 60_000,
    });
  };

  it('has no node to fall back on, then diagnoses a dropped port, fixes it for a real client and undoes the fix', async () => {
    await withLab({ prefix: 'pdb-', name: 'binary-alone' }, async (lab) => {
      const srv = await lab.namespace('srv');
      const client = await lab.namespace('cli');
      await lab.link(client, `${CLIENT}/24`, srv, `${SERVER}/24`);
      await lab.spawn(srv, [process.execPath, '-e', LISTENER], { ready: /^listening/m });
      await lab.nft(
        srv,
        'table inet filter { chain input { type filter hook input priority 0; policy accept; iif lo accept; tcp dport 8080 drop; }; }',
      );
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('timeout');

      // The proof that nothing else could run it: no node on PATH, no node executable, no repository.
      const noNode = await alone(lab, srv, ['sh', '-c', `command -v node || ls ${process.cwd()}/node_modules || /usr/bin/node --version`]);
      expect(noNode.code, noNode.stdout).not.toBe(0);
      expect(noNode.stdout.trim()).toBe('');
      const version = await alone(lab, srv, ['./portdoctor', '--version']);
      expect(version.stdout.trim(), version.stderr).toMatch(/^\d+\.\d+\.\d+/);

      const checked = await alone(lab, srv, ['./portdoctor', 'check', '8080', '--source', CLIENT, '--json']);
      expect(checked.code, checked.stderr).toBe(1);
      const report = JSON.parse(checked.stdout) as CheckReport;
      expect(report.verdict.cause).toBe('host-firewall-drop');

      const fixed = await alone(lab, srv, ['./portdoctor', 'fix', '8080', '--source', CLIENT, '--yes', '--json']);
      expect(fixed.code, fixed.stderr).toBe(0);
      const doc = JSON.parse(fixed.stdout) as { plan: { backend: string }; applied: { fixed: boolean; undoId: string } };
      expect(doc.plan.backend).toBe('nftables');
      expect(doc.applied.fixed).toBe(true);
      expect(await lab.connect(client, SERVER, 8080, 2000)).toBe('ok');

      const undone = await alone(lab, srv, ['./portdoctor', 'fix', '--undo', doc.applied.undoId, '--json']);
      expect(undone.code, undone.stderr).toBe(0);
      expect(JSON.parse(undone.stdout).undone).toBe(true);
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('timeout');
    });
  });
});
