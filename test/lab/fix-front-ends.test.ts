import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixPlan } from '../../shared/schemas/firewall';
import { diffHostFirewall, labAvailable, snapshotHostFirewall, withLab } from './harness';
import type { HostFirewallSnapshot, Isolated, Lab } from './harness';
import { buildPrivateCli, cliArgv } from './harness/private-cli';
import { DBUS_CONFIG, waitForOutput } from './support/isolated';

const SERVER = '10.246.2.1';
const CLIENT = '10.246.2.2';
const LISTENER = `const net = require('node:net');
net.createServer((s) => { s.on('error', () => {}); s.end('hello\\\\n'); }).listen(8080, '0.0.0.0', () => console.log('listening'));`;
// A system bus for firewalld inside the private mount namespace only (LAB.md).
async function pair(lab: Lab): Promise<{ srv: string; cli: string }> {
  const srv = await lab.namespace('srv');
  const cli = await lab.namespace('cli');
  await lab.link(cli, `${CLIENT}/24`, srv, `${SERVER}/24`);
  await lab.spawn(srv, [process.execPath, '-e', LISTENER], { ready: /^listening/m });
  return { srv, cli };
}

type FixDoc = { plan: FixPlan; applied: { fixed: boolean; outcome: string; undoId: string } | null };

describe.skipIf(!labAvailable())('portdoctor fix with ufw and firewalld in charge (isolated in namespaces)', () => {
  let before: HostFirewallSnapshot;
  let cli: { path: string; remove: () => Promise<void> };
  let dataDir: string;
  beforeAll(async () => {
    before = await snapshotHostFirewall();
    cli = await buildPrivateCli('pdf-fe');
    dataDir = await mkdtemp(join(tmpdir(), 'pdf-lab-fe-'));
  });
  afterAll(async () => {
    await cli?.remove();
    await rm(dataDir, { recursive: true, force: true });
    expect(diffHostFirewall(before, await snapshotHostFirewall())).toEqual([]);
  });

  const portdoctor = async (iso: Isolated, args: string[]) => {
    const r = await iso.exec(['env', `PORTDOCTOR_DATA_DIR=${dataDir}`, ...cliArgv(cli.path), ...args, '--json'], {
      timeoutMs: 90_000,
    });
    try {
      return { code: r.code, doc: JSON.parse(r.stdout) as FixDoc & { undone?: boolean } };
    } catch {
      throw new Error(`fix printed no JSON (exit ${r.code}): ${r.stdout.slice(0, 400)} ${r.stderr.slice(0, 800)}`);
    }
  };

  /** `fix --list` / `fix --verify` as JSON. */
  const extra = async (iso: Isolated, args: string[]) =>
    (await portdoctor(iso, args)).doc as unknown as {
      fixes?: { id: string; presence?: string }[];
      fixed?: boolean;
      proof?: Record<string, unknown>;
    };

  it('ufw: default deny → fix --yes (ufw allow … comment) → client connects → again: nothing → --undo → blocked', async () => {
    await withLab({ prefix: 'pdf-', name: 'ufw' }, async (lab) => {
      const { srv, cli: client } = await pair(lab);
      const iso = await lab.isolate(srv, ['/etc/ufw', '/etc/default/ufw']);
      await iso.must(['ufw', '--force', 'enable'], { timeoutMs: 30_000 });
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('timeout');
      const fixed = await portdoctor(iso, ['fix', '8080', '--source', CLIENT, '--yes']);
      expect(fixed.doc.plan.commands.map((c) => c.argv)).toEqual([
        ['ufw', 'allow', 'proto', 'tcp', 'from', CLIENT, 'to', 'any', 'port', '8080', 'comment', 'PortDoctor:8080/tcp'],
      ]);
      expect(fixed.doc.applied).toMatchObject({ fixed: true, outcome: 'applied' });
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('ok');
      expect((await iso.must(['ufw', 'status'])).stdout).toMatch(/8080\/tcp\s+ALLOW\s+10\.246\.2\.2\s+# PortDoctor:8080\/tcp/);
      // Issue #11 items 2 and 4: ufw's kernel rule is found (present here) and its counter proves the client's SYN.
      const id = fixed.doc.applied?.undoId ?? '';
      expect((await extra(iso, ['fix', '--list'])).fixes?.find((f) => f.id === id)?.presence).toBe('present');
      expect(await extra(iso, ['fix', '--verify', id])).toMatchObject({
        fixed: true,
        proof: { kind: 'rule-counter', client: CLIENT, before: 0 },
      });
      expect((await portdoctor(iso, ['fix', '8080', '--source', CLIENT, '--yes'])).doc.plan.kind).toBe('nothing');
      const undone = await portdoctor(iso, ['fix', '--undo', fixed.doc.applied?.undoId ?? '']);
      expect(undone.doc.undone).toBe(true);
      expect((await iso.must(['ufw', 'status'])).stdout).not.toMatch(/8080/);
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('timeout');
    });
  });

  it('firewalld: default zone rejects → fix --yes (rich rule, runtime + permanent) → client connects → --undo → rejected', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdf-dbus-'));
    try {
      await writeFile(join(dir, 'system.conf'), DBUS_CONFIG);
      await withLab({ prefix: 'pdf-', name: 'firewalld' }, async (lab) => {
        const { srv, cli: client } = await pair(lab);
        const iso = await lab.isolate(srv, ['/etc/firewalld']);
        await iso.spawn(['dbus-daemon', `--config-file=${join(dir, 'system.conf')}`, '--nofork', '--nopidfile']);
        await waitForOutput(iso, ['ls', '/run/dbus'], /system_bus_socket/, 10_000);
        await iso.spawn(['firewalld', '--nofork', '--nopid', '--log-target', 'console']);
        await waitForOutput(iso, ['firewall-cmd', '--state'], /^running/m, 30_000);
        expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('unreachable');
        const fixed = await portdoctor(iso, ['fix', '8080', '--source', CLIENT, '--yes']);
        const rule = `rule family="ipv4" source address="${CLIENT}" port port="8080" protocol="tcp" accept`;
        expect(fixed.doc.plan.commands.map((c) => c.argv)).toEqual([
          ['firewall-cmd', '--zone=public', `--add-rich-rule=${rule}`],
          ['firewall-cmd', '--permanent', '--zone=public', `--add-rich-rule=${rule}`],
        ]);
        expect(fixed.doc.applied).toMatchObject({ fixed: true, outcome: 'applied' });
        expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('ok');
        expect((await iso.must(['firewall-cmd', '--permanent', '--zone=public', '--list-rich-rules'])).stdout).toContain(CLIENT);
        // firewalld keeps no per-rule counter PortDoctor reads: present here by --query-rich-rule, proof by re-evaluation only.
        const id = fixed.doc.applied?.undoId ?? '';
        expect((await extra(iso, ['fix', '--list'])).fixes?.find((f) => f.id === id)?.presence).toBe('present');
        const verified = await extra(iso, ['fix', '--verify', id]);
        expect(verified).toMatchObject({ fixed: true, proof: { kind: 're-evaluation' } });
        expect(verified.proof).not.toHaveProperty('client');
        const undone = await portdoctor(iso, ['fix', '--undo', fixed.doc.applied?.undoId ?? '']);
        expect(undone.doc.undone).toBe(true);
        expect((await iso.must(['firewall-cmd', '--permanent', '--zone=public', '--list-rich-rules'])).stdout.trim()).toBe('');
        expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('unreachable');
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
