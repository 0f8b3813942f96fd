import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixProof } from '../../shared/schemas/firewall';
import { labAvailable, withLab } from './harness';
import type { Lab } from './harness';
import { buildPrivateCli, cliArgv } from './harness/private-cli';
import { keepHostFirewallUnchanged } from './support/host-guard';

// Issue #11 item 4: "fixed" says which proof it rests on; traffic proof only when the new rule really counted the client.
const run = labAvailable();
const SERVER = '10.5.7.1';
const CLIENT = '10.5.7.5';
const LISTENER = `require('node:net').createServer((s) => { s.on('error', () => {}); s.end('hi\\n'); }).listen(8080, '0.0.0.0', () => console.log('listening'));`;
const BLOCKS: Record<string, (lab: Lab, ns: string) => Promise<unknown>> = {
  nftables: (lab, ns) =>
    lab.nft(
      ns,
      'table inet filter { chain input { type filter hook input priority 0; policy accept; iif lo accept; tcp dport 8080 drop; }; }',
    ),
  'iptables-nft': (lab, ns) => lab.must(ns, ['iptables-nft', '-w', '5', '-A', 'INPUT', '-p', 'tcp', '--dport', '8080', '-j', 'DROP']),
};

interface Verified {
  schema: string;
  fixed: boolean;
  proof: FixProof;
}

describe.skipIf(!run)('proof of a fix from real traffic (issue #11 item 4)', () => {
  keepHostFirewallUnchanged();
  let cli: { path: string; remove: () => Promise<void> };
  let dataDir: string;
  beforeAll(async () => {
    cli = await buildPrivateCli('pdq');
    dataDir = await mkdtemp(join(tmpdir(), 'pdq-lab-'));
  });
  afterAll(async () => {
    await cli?.remove();
    await rm(dataDir, { recursive: true, force: true });
  });

  const portdoctor = (lab: Lab, ns: string, args: string[]) =>
    lab.exec(ns, ['env', `PORTDOCTOR_DATA_DIR=${dataDir}`, ...cliArgv(cli.path), ...args], { timeoutMs: 60_000 });
  const verify = async (lab: Lab, ns: string, id: string): Promise<Verified> => {
    const r = await portdoctor(lab, ns, ['fix', '--verify', id, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Verified;
  };

  it.each(Object.keys(BLOCKS))(
    '%s: re-evaluation only until the client connects, then the rule counter names the client',
    async (backend) => {
      await withLab({ prefix: 'pdq-', name: backend.slice(0, 4) }, async (lab) => {
        const srv = await lab.namespace('srv');
        const client = await lab.namespace('cli');
        await lab.link(client, `${CLIENT}/24`, srv, `${SERVER}/24`);
        await lab.spawn(srv, [process.execPath, '-e', LISTENER], { ready: /^listening/m });
        await BLOCKS[backend]?.(lab, srv);
        const fixed = await portdoctor(lab, srv, ['fix', '8080', '--source', CLIENT, '--yes', '--json']);
        expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
        const doc = JSON.parse(fixed.stdout) as { plan: { backend: string }; applied: { undoId: string; fixed: boolean; proof: FixProof } };
        expect(doc.plan.backend).toBe(backend);
        const id = doc.applied.undoId;
        // No client has tried since the rule was added: the proof is the re-evaluation only, and it says so.
        expect(doc.applied.proof).toEqual({ kind: 're-evaluation', before: 0, after: 0 });
        const quiet = await verify(lab, srv, id);
        expect(quiet).toMatchObject({ schema: 'portdoctor.fix-verify/1', fixed: true, proof: { kind: 're-evaluation', after: 0 } });
        expect((await portdoctor(lab, srv, ['fix', '--verify', id])).stdout).toContain('Verified by re-evaluation only');

        expect(await lab.connect(client, SERVER, 8080, 2000)).toBe('ok');
        const proven = await verify(lab, srv, id);
        expect(proven.proof).toMatchObject({ kind: 'rule-counter', client: CLIENT, before: 0 });
        expect(proven.proof.after).toBeGreaterThanOrEqual(1);
        const text = await portdoctor(lab, srv, ['fix', '--verify', id]);
        expect(text.stdout).toContain(`Verified: a SYN from ${CLIENT} was accepted (rule counter 0 → ${proven.proof.after}).`);
        expect(text.stdout).toContain('fixed — verified by real traffic (rule counter)');
        const zh = await portdoctor(lab, srv, ['fix', '--verify', id, '--lang', 'zh-CN']);
        expect(zh.stdout).toContain(`已验证：来自 ${CLIENT} 的 SYN 已被放行（规则计数器 0 → ${proven.proof.after}）。`);

        expect((await portdoctor(lab, srv, ['fix', '--undo', id])).code).toBe(0);
        expect(await lab.connect(client, SERVER, 8080, 1000)).toBe('timeout');
      });
    },
  );
});
