import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixPlan } from '../../shared/schemas/firewall';
import { labAvailable, withLab } from './harness';
import type { Lab } from './harness';
import { buildPrivateCli } from './harness/private-cli';
import { keepHostFirewallUnchanged } from './support/host-guard';

// Issue #11 items 1 and 3, on real nftables in namespaces, through the real CLI.
const run = labAvailable();
const SERVER = '10.5.5.1';
const CLIENT = '10.5.5.5';
const LISTENER = `const net = require('node:net');
net.createServer((s) => { s.on('error', () => {}); s.end('hello\\n'); }).listen(8080, '0.0.0.0', () => console.log('listening'));`;
const BLOCK =
  'table inet filter { chain input { type filter hook input priority 0; policy accept; iif lo accept; tcp dport 8080 drop; }; }';

interface Applied {
  plan: FixPlan;
  applied: { fixed: boolean; outcome: string; undoId: string };
}

describe.skipIf(!run)('undo and fix by identity on real nftables (issue #11)', () => {
  keepHostFirewallUnchanged();
  let cli: { path: string; remove: () => Promise<void> };
  let dataDir: string;
  beforeAll(async () => {
    cli = await buildPrivateCli('pdu');
    dataDir = await mkdtemp(join(tmpdir(), 'pdu-lab-'));
  });
  afterAll(async () => {
    await cli?.remove();
    await rm(dataDir, { recursive: true, force: true });
  });

  const portdoctor = (lab: Lab, ns: string, args: string[]) =>
    lab.exec(ns, ['env', `PORTDOCTOR_DATA_DIR=${dataDir}`, process.execPath, cli.path, ...args], { timeoutMs: 60_000 });
  const ruleset = async (lab: Lab, ns: string) => (await lab.must(ns, ['nft', '-a', 'list', 'ruleset'])).stdout;

  /** A server blocking 8080, a client at 10.5.5.5, and PortDoctor's fix for it applied. */
  async function fixed(lab: Lab): Promise<{ srv: string; client: string; doc: Applied; handle: string }> {
    const srv = await lab.namespace('srv');
    const client = await lab.namespace('cli');
    await lab.link(client, `${CLIENT}/24`, srv, `${SERVER}/24`);
    await lab.spawn(srv, [process.execPath, '-e', LISTENER], { ready: /^listening/m });
    await lab.nft(srv, BLOCK);
    const r = await portdoctor(lab, srv, ['fix', '8080', '--source', CLIENT, '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Applied;
    expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('ok');
    const record = JSON.parse(await readFile(join(dataDir, 'fixes', `${doc.applied.undoId}.json`), 'utf8')) as { undo: string[][] };
    return { srv, client, doc, handle: record.undo[0]?.at(-1) ?? '' };
  }

  /** What an admin does: save the ruleset, flush, load it back (handles are given out again, in listing order). */
  async function reload(lab: Lab, ns: string, edit: (line: string) => string = (l) => l): Promise<void> {
    const saved = (await lab.must(ns, ['nft', 'list', 'ruleset'])).stdout.split('\n').map(edit).join('\n');
    await lab.must(ns, ['nft', 'flush', 'ruleset']);
    await lab.nft(ns, saved);
  }

  it("a reload moves the admin's drop onto the remembered handle: undo removes PortDoctor's rule found by identity, not the drop", async () => {
    await withLab({ prefix: 'pdu-', name: 'reload' }, async (lab) => {
      const { srv, client, doc, handle } = await fixed(lab);
      await reload(lab, srv);
      // The admin's own rule now has the handle PortDoctor remembered.
      expect(await ruleset(lab, srv)).toMatch(new RegExp(`^\\s*tcp dport 8080 drop # handle ${handle}$`, 'm'));
      const undone = await portdoctor(lab, srv, ['fix', '--undo', doc.applied.undoId]);
      expect(undone.code, undone.stdout + undone.stderr).toBe(0);
      const after = await ruleset(lab, srv);
      expect(after).not.toContain('PortDoctor:8080/tcp');
      expect(after).toMatch(/tcp dport 8080 drop/);
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('timeout');
    });
  });

  it("a reload without PortDoctor's rule: undo refuses in one line and touches nothing", async () => {
    await withLab({ prefix: 'pdu-', name: 'gone' }, async (lab) => {
      const { srv, client, doc, handle } = await fixed(lab);
      // The admin's ruleset with a rule of theirs where PortDoctor's was: their drop lands on the remembered handle.
      await reload(lab, srv, (l) => (l.includes('PortDoctor') ? '\t\ttcp dport 9999 accept' : l));
      const before = await ruleset(lab, srv);
      expect(before).toMatch(new RegExp(`^\\s*tcp dport 8080 drop # handle ${handle}$`, 'm'));
      const undone = await portdoctor(lab, srv, ['fix', '--undo', doc.applied.undoId]);
      expect(undone.code).toBe(1);
      expect(undone.stdout.trim().split('\n')[0]).toMatch(
        /^Not undone: the firewall here does not hold exactly what fix .* added \(no rule ".*PortDoctor:8080\/tcp.*\); nothing was removed\.$/,
      );
      expect(undone.stdout).not.toMatch(/\[ok\]/);
      expect(await ruleset(lab, srv)).toBe(before);
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('timeout');
    });
  });

  it('an IPv4-mapped --source is fixed for the IPv4 client: `ip saddr 10.5.5.5`, and the real client connects', async () => {
    await withLab({ prefix: 'pdu-', name: 'mapped' }, async (lab) => {
      const srv = await lab.namespace('srv');
      const client = await lab.namespace('cli');
      await lab.link(client, `${CLIENT}/24`, srv, `${SERVER}/24`);
      await lab.spawn(srv, [process.execPath, '-e', LISTENER], { ready: /^listening/m });
      await lab.nft(srv, BLOCK);
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('timeout');
      const r = await portdoctor(lab, srv, ['fix', '8080', '--source', `::ffff:${CLIENT}`, '--yes', '--json']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as Applied;
      expect(doc.plan.commands[0]?.argv.join(' ')).toContain(`ip saddr ${CLIENT} tcp dport 8080`);
      expect(await ruleset(lab, srv)).not.toContain('::ffff');
      expect(doc.applied.fixed).toBe(true);
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('ok');
      expect((await portdoctor(lab, srv, ['fix', '--undo', doc.applied.undoId])).code).toBe(0);
    });
  });
});
