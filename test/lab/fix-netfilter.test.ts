import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFixPlan } from '../../electron/actions/apply-fix';
import { planFix } from '../../shared/firewall/plan';
import type { FirewallVerdict } from '../../shared/firewall/types';
import type { FixPlan } from '../../shared/schemas/firewall';
import { diffHostFirewall, labAvailable, snapshotHostFirewall, withLab } from './harness';
import type { HostFirewallSnapshot, Lab } from './harness';
import { buildPrivateCli, cliArgv, namespaceRunner } from './harness/private-cli';

const run = labAvailable();
const SERVER = '10.246.1.1';
const CLIENT = '10.246.1.2';

interface Backend {
  name: 'nftables' | 'iptables-nft' | 'iptables-legacy';
  block: (lab: Lab, ns: string) => Promise<void>;
  blocked: 'timeout' | 'refused';
  count: (lab: Lab, ns: string) => Promise<number>;
}

// A listener that survives clients resetting the connection (the CLI's own loopback connect does exactly that).
const LISTENER = `const net = require('node:net');
net.createServer((s) => { s.on('error', () => {}); s.end('hello\\n'); }).listen(8080, '0.0.0.0', () => console.log('listening'));`;

const countIn = (text: string) => text.split('\n').filter((l) => l.includes('PortDoctor:8080/tcp')).length;

const BACKENDS: Backend[] = [
  {
    name: 'nftables',
    block: (lab, ns) =>
      lab.nft(
        ns,
        'table inet filter { chain input { type filter hook input priority 0; policy accept; iif lo accept; tcp dport 8080 drop; }; }',
      ),
    blocked: 'timeout',
    count: async (lab, ns) => countIn((await lab.must(ns, ['nft', 'list', 'ruleset'])).stdout),
  },
  {
    name: 'iptables-nft',
    block: (lab, ns) => lab.iptables(ns, ['-A', 'INPUT', '-p', 'tcp', '--dport', '8080', '-j', 'REJECT'], { backend: 'nft' }),
    blocked: 'refused',
    count: async (lab, ns) => countIn((await lab.must(ns, ['iptables-nft-save'])).stdout),
  },
  {
    name: 'iptables-legacy',
    block: (lab, ns) => lab.iptables(ns, ['-A', 'INPUT', '-p', 'tcp', '--dport', '8080', '-j', 'DROP'], { backend: 'legacy' }),
    blocked: 'timeout',
    count: async (lab, ns) => countIn((await lab.must(ns, ['iptables-legacy-save'])).stdout),
  },
];

describe.skipIf(!run)('portdoctor fix on real firewalls in namespaces', () => {
  let before: HostFirewallSnapshot;
  let cli: { path: string; remove: () => Promise<void> };
  let dataDir: string;
  beforeAll(async () => {
    before = await snapshotHostFirewall();
    cli = await buildPrivateCli('pdf');
    dataDir = await mkdtemp(join(tmpdir(), 'pdf-lab-'));
  });
  afterAll(async () => {
    await cli?.remove();
    await rm(dataDir, { recursive: true, force: true });
    expect(diffHostFirewall(before, await snapshotHostFirewall())).toEqual([]);
  });

  const portdoctor = (lab: Lab, ns: string, args: string[]) =>
    lab.exec(ns, ['env', `PORTDOCTOR_DATA_DIR=${dataDir}`, ...cliArgv(cli.path), ...args], { timeoutMs: 60_000 });

  it.each(BACKENDS)('$name: blocked → fix --yes → client connects → fix again adds nothing → --undo → blocked again', async (backend) => {
    await withLab({ prefix: 'pdf-', name: backend.name }, async (lab) => {
      const srv = await lab.namespace('srv');
      const client = await lab.namespace('cli');
      await lab.link(client, `${CLIENT}/24`, srv, `${SERVER}/24`);
      await lab.spawn(srv, [process.execPath, '-e', LISTENER], { ready: /^listening/m });
      await backend.block(lab, srv);
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe(backend.blocked);

      const fixed = await portdoctor(lab, srv, ['fix', '8080', '--source', CLIENT, '--yes', '--json']);
      expect(fixed.code, fixed.stderr).toBe(0);
      const doc = JSON.parse(fixed.stdout) as { plan: FixPlan; applied: { fixed: boolean; outcome: string; undoId: string } };
      expect(doc.plan.backend).toBe(backend.name);
      expect(doc.applied).toMatchObject({ fixed: true, outcome: 'applied' });
      const after = await lab.connect(client, SERVER, 8080, 1000);
      const dbg = `${fixed.stdout}\n${(await lab.exec(srv, ['ss', '-ltnp'])).stdout}\n${(await lab.exec(srv, ['nft', 'list', 'ruleset'])).stdout}`;
      expect(after, dbg).toBe('ok');
      expect(await backend.count(lab, srv)).toBe(1);

      const again = await portdoctor(lab, srv, ['fix', '8080', '--source', CLIENT, '--yes', '--json']);
      expect(JSON.parse(again.stdout).plan.kind, again.stdout).toBe('nothing');
      expect(await backend.count(lab, srv)).toBe(1);

      const undone = await portdoctor(lab, srv, ['fix', '--undo', doc.applied.undoId, '--json']);
      expect(undone.code, undone.stderr).toBe(0);
      expect(JSON.parse(undone.stdout).undone).toBe(true);
      expect(await backend.count(lab, srv)).toBe(0);
      expect(await lab.connect(client, SERVER, 8080, 1000)).toBe(backend.blocked);
    });
  });

  it('nftables, IPv6 client: the rule matches ip6 saddr, the client connects over IPv6, and undo restores the drop', async () => {
    await withLab({ prefix: 'pdf-', name: 'nft-v6' }, async (lab) => {
      const srv = await lab.namespace('srv');
      const client = await lab.namespace('cli');
      await lab.link(client, '10.246.5.2/24', srv, '10.246.5.1/24', { v6: ['fd00:246:5::2/64', 'fd00:246:5::1/64'] });
      await lab.spawn(srv, [process.execPath, '-e', LISTENER.replace("'0.0.0.0'", "'::'")], { ready: /^listening/m });
      await BACKENDS[0]!.block(lab, srv);
      expect(await lab.connect(client, 'fd00:246:5::1', 8080, 1000)).toBe('timeout');
      const fixed = await portdoctor(lab, srv, ['fix', '8080', '--source', 'fd00:246:5::2', '--yes', '--json']);
      expect(fixed.code, fixed.stderr).toBe(0);
      const doc = JSON.parse(fixed.stdout) as { plan: FixPlan; applied: { fixed: boolean; undoId: string } };
      expect(doc.plan.commands[0]?.argv.slice(10, 13)).toEqual(['ip6', 'saddr', 'fd00:246:5::2']);
      expect(doc.applied.fixed).toBe(true);
      expect(await lab.connect(client, 'fd00:246:5::1', 8080, 1000)).toBe('ok');
      expect(await lab.connect(client, '10.246.5.1', 8080, 1000)).toBe('timeout');
      expect((await portdoctor(lab, srv, ['fix', '--undo', doc.applied.undoId])).code).toBe(0);
      expect(await lab.connect(client, 'fd00:246:5::1', 8080, 1000)).toBe('timeout');
    });
  });

  it('two layers (an nft table and iptables-legacy): the first fix is not reported fixed, the second one is; both undo', async () => {
    await withLab({ prefix: 'pdf-', name: 'layers' }, async (lab) => {
      const srv = await lab.namespace('srv');
      const client = await lab.namespace('cli');
      await lab.link(client, '10.246.6.2/24', srv, '10.246.6.1/24');
      await lab.spawn(srv, [process.execPath, '-e', LISTENER], { ready: /^listening/m });
      await BACKENDS[0]!.block(lab, srv);
      await BACKENDS[2]!.block(lab, srv);
      const run = async () => {
        const r = await portdoctor(lab, srv, ['fix', '8080', '--source', '10.246.6.2', '--yes', '--json']);
        return {
          code: r.code,
          doc: JSON.parse(r.stdout) as { plan: FixPlan; applied: { fixed: boolean; undoId: string; next: string[] } },
        };
      };
      const first = await run();
      expect(first.code).toBe(1);
      expect(first.doc.applied.fixed).toBe(false);
      expect(first.doc.applied.next[0]).toMatch(/still stops the client/);
      expect(await lab.connect(client, '10.246.6.1', 8080, 1000)).toBe('timeout');
      const second = await run();
      expect(second.doc.plan.backend).not.toBe(first.doc.plan.backend);
      expect(second.doc.applied.fixed).toBe(true);
      expect(await lab.connect(client, '10.246.6.1', 8080, 1000)).toBe('ok');
      for (const id of [second.doc.applied.undoId, first.doc.applied.undoId])
        expect((await portdoctor(lab, srv, ['fix', '--undo', id])).code).toBe(0);
      expect(await BACKENDS[0]!.count(lab, srv)).toBe(0);
      expect(await BACKENDS[2]!.count(lab, srv)).toBe(0);
    });
  });

  it('nftables: applying the same plan twice reuses the rule (found by its comment in the real listing)', async () => {
    await withLab({ prefix: 'pdf-', name: 'nft-twice' }, async (lab) => {
      const srv = await lab.namespace('srv');
      await BACKENDS[0]!.block(lab, srv);
      const verdict: FirewallVerdict = {
        backend: 'nftables',
        decision: 'drop',
        rule: { backend: 'nftables', table: 'inet filter', chain: 'input', handle: 3, text: 'tcp dport 8080 drop' },
        trace: [],
        notes: [],
      };
      const plan = planFix(
        { id: 'plan-lab', cause: 'host-firewall-drop', platform: 'linux', inCharge: 'nftables', verdict },
        { port: 8080, protocol: 'tcp', source: '10.246.0.0/16' },
      );
      if (plan.kind !== 'ok') throw new Error(plan.detail);
      const runner = namespaceRunner(srv);
      expect((await applyFixPlan(runner, plan.data)).outcome).toBe('applied');
      const second = await applyFixPlan(runner, plan.data);
      expect(second.outcome).toBe('reused');
      expect(second.undo).toEqual([]);
      expect(await BACKENDS[0]!.count(lab, srv)).toBe(1);
    });
  });

  it('rolls back: when a later command fails, the rule already inserted is removed', async () => {
    await withLab({ prefix: 'pdf-', name: 'rollback' }, async (lab) => {
      const srv = await lab.namespace('srv');
      await BACKENDS[0]!.block(lab, srv);
      const rule = { backend: 'nftables' as const, table: 'inet filter', handle: 3, text: 'tcp dport 8080 drop' };
      const make = (chain: string) => {
        const p = planFix(
          {
            id: 'plan-rb',
            cause: 'host-firewall-drop',
            platform: 'linux',
            inCharge: 'nftables',
            verdict: { backend: 'nftables', decision: 'drop', rule: { ...rule, chain }, trace: [], notes: [] },
          },
          { port: 8080, protocol: 'tcp', source: CLIENT },
        );
        if (p.kind !== 'ok') throw new Error(p.detail);
        return p.data;
      };
      // The second command targets a chain that does not exist: nft refuses it for real.
      const plan: FixPlan = { ...make('input'), commands: [...make('input').commands, ...make('missing').commands] };
      const out = await applyFixPlan(namespaceRunner(srv), plan);
      expect(out.outcome).toBe('rolled-back');
      expect(out.runs.map((r) => r.status)).toEqual(['ok', 'failed', 'ok']);
      expect(out.runs[2]?.argv.slice(0, 3)).toEqual(['nft', 'delete', 'rule']);
      expect(await BACKENDS[0]!.count(lab, srv)).toBe(0);
    });
  });

  it('iptables-legacy: a missing persistence tool fails the plan and the inserted rule is rolled back', async () => {
    await withLab({ prefix: 'pdf-', name: 'persist' }, async (lab) => {
      const srv = await lab.namespace('srv');
      await BACKENDS[2]!.block(lab, srv);
      const verdict: FirewallVerdict = {
        backend: 'iptables-legacy',
        decision: 'drop',
        rule: {
          backend: 'iptables-legacy',
          table: 'filter',
          chain: 'INPUT',
          position: 1,
          text: '-A INPUT -p tcp -m tcp --dport 8080 -j DROP',
        },
        trace: [],
        notes: [],
      };
      const plan = planFix(
        {
          id: 'plan-p',
          cause: 'host-firewall-drop',
          platform: 'linux',
          inCharge: 'iptables-legacy',
          verdict,
          iptablesPersistence: 'netfilter-persistent',
        },
        { port: 8080, protocol: 'tcp', source: CLIENT },
      );
      if (plan.kind !== 'ok') throw new Error(plan.detail);
      const out = await applyFixPlan(namespaceRunner(srv), plan.data);
      expect(out.outcome).toBe('rolled-back');
      expect(out.runs.map((r) => [r.argv[0], r.status])).toEqual([
        ['iptables-legacy', 'ok'],
        ['netfilter-persistent', 'failed'],
        ['iptables-legacy', 'ok'],
      ]);
      expect(await BACKENDS[2]!.count(lab, srv)).toBe(0);
    });
  });
});
