import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFixPlan, validatePlanCommands } from '../../../../electron/actions/apply-fix';
import { planFix } from '../../../../shared/firewall/plan';
import type { FixPlan } from '../../../../shared/schemas/firewall';
import type { FirewallVerdict } from '../../../../shared/firewall/types';
import { fakeIptables, fakeRunner, has, startsWith } from './fake-runner';

const planFixtures = join(__dirname, '..', '..', 'shared', 'plan', 'fixtures');
const NFT_ECHO = readFileSync(join(planFixtures, 'nft-echo-insert.txt'), 'utf8');
const NFT_LIST = readFileSync(join(planFixtures, 'nft-list-chain-with-portdoctor.txt'), 'utf8');
// Real stderr of `iptables-nft -C …` for a rule that is not there (exit 1), captured in a namespace.
const IPT_NO_RULE = 'iptables: Bad rule (does a matching rule exist in that chain?).\n';

function plan(verdict: FirewallVerdict, source: string, extra: object = {}): FixPlan {
  const r = planFix(
    { id: 'plan-t', cause: 'host-firewall-drop', platform: 'linux', inCharge: verdict.backend, verdict, ...extra },
    { port: 8080, protocol: 'tcp', source },
  );
  if (r.kind !== 'ok') throw new Error(r.detail);
  return r.data;
}

const nftDrop: FirewallVerdict = {
  backend: 'nftables',
  decision: 'drop',
  rule: { backend: 'nftables', table: 'inet filter', chain: 'input', handle: 3, text: 'tcp dport 8080 drop' },
  trace: [],
  notes: [],
};
const iptDrop: FirewallVerdict = {
  backend: 'iptables-legacy',
  decision: 'drop',
  rule: { backend: 'iptables-legacy', table: 'filter', chain: 'INPUT', position: 1, text: '-A INPUT -p tcp --dport 8080 -j DROP' },
  trace: [],
  notes: [],
};

describe('applyFixPlan', () => {
  it('nft: runs the insert, and takes the undo handle from the echoed rule', async () => {
    const runner = fakeRunner([
      {
        match: startsWith('nft', '-a', 'list', 'chain'),
        stdout: 'table inet filter {\n\tchain input { # handle 1\n\t\ttcp dport 8080 drop # handle 3\n\t}\n}\n',
      },
      { match: startsWith('nft', '--echo'), stdout: NFT_ECHO },
    ]);
    const out = await applyFixPlan(runner, plan(nftDrop, '10.0.0.2'));
    expect(out.outcome).toBe('applied');
    expect(out.undo).toEqual([['nft', 'delete', 'rule', 'inet', 'filter', 'input', 'handle', '4']]);
    expect(runner.calls.map((c) => c.slice(0, 2))).toEqual([
      ['nft', '-a'],
      ['nft', '--echo'],
    ]);
  });

  it('nft: reuses an existing PortDoctor rule for the same port and scope (idempotent), adding nothing', async () => {
    const runner = fakeRunner([{ match: startsWith('nft', '-a', 'list', 'chain'), stdout: NFT_LIST }]);
    const out = await applyFixPlan(runner, plan(nftDrop, '10.0.0.2'));
    expect(out.outcome).toBe('reused');
    expect(out.undo).toEqual([]);
    expect(runner.calls.some((c) => c.includes('--echo'))).toBe(false);
    expect(out.runs.map((r) => r.status)).toEqual(['reused']);
  });

  it('nft: an insert whose handle cannot be read is a failure, never a silent success', async () => {
    const runner = fakeRunner([
      { match: startsWith('nft', '--echo'), stdout: '' },
      { match: startsWith('nft', '-a'), exitCode: 1 },
    ]);
    const out = await applyFixPlan(runner, plan(nftDrop, '10.0.0.2'));
    expect(out.outcome).toBe('failed');
    expect(out.error?.reason).toBe('no-undo');
  });

  it('iptables: -C says absent → -I runs; then netfilter-persistent save; undo is the -D of the same spec', async () => {
    const runner = fakeRunner([{ match: has('-C'), exitCode: 1, stderr: IPT_NO_RULE }]);
    const p = plan(iptDrop, '10.0.0.2', { iptablesPersistence: 'netfilter-persistent' });
    const out = await applyFixPlan(runner, p);
    expect(out.outcome).toBe('applied');
    expect(runner.calls.map((c) => c[5] ?? c[0])).toEqual(['-C', '-I', 'netfilter-persistent']);
    expect(out.undo).toEqual([p.commands[0]?.undo]);
    expect(out.persist).toEqual([['netfilter-persistent', 'save']]);
  });

  it('rolls back: when a later step fails, the earlier change is undone and the outcome says so', async () => {
    const ipt = fakeIptables();
    const runner = fakeRunner([
      ipt,
      // A failing save, simulated by its exit code alone (no invented output).
      { match: startsWith('netfilter-persistent'), exitCode: 1 },
    ]);
    const p = plan(iptDrop, '10.0.0.2', { iptablesPersistence: 'netfilter-persistent' });
    const out = await applyFixPlan(runner, p);
    expect(out.outcome).toBe('rolled-back');
    expect(out.undo).toEqual([]);
    // The rollback proves the exact rule is there (-C) before it deletes it by its full spec (-D), never by position.
    expect(runner.calls.map((c) => c[5] ?? c[0])).toEqual(['-C', '-I', 'netfilter-persistent', '-C', '-D']);
    expect(ipt.rules).toEqual([]);
    expect(out.runs.map((r) => r.status)).toEqual(['ok', 'failed', 'ok']);
  });

  it('firewalld: rolls back the runtime change when --permanent fails, in reverse order', async () => {
    const fw: FirewallVerdict = {
      backend: 'firewalld',
      decision: 'reject',
      rule: { backend: 'firewalld', chain: 'filter_IN_public', text: 'reject' },
      trace: [],
      notes: [],
    };
    // Runtime and permanent configurations are separate in firewalld: only the runtime one gets the rule.
    const added = new Set<boolean>();
    const runner = fakeRunner([
      {
        match: (a) => a.some((x) => x.startsWith('--query-')),
        answer: (a) => (added.has(a.includes('--permanent')) ? { exitCode: 0, stdout: 'yes\n' } : { exitCode: 1, stdout: 'no\n' }),
      },
      { match: (a) => a.includes('--permanent') && a.some((x) => x.startsWith('--add-')), exitCode: 1 },
      { match: (a) => a.some((x) => x.startsWith('--add-')), answer: () => (added.add(false), { exitCode: 0, stdout: 'success\n' }) },
    ]);
    const out = await applyFixPlan(runner, plan(fw, '10.0.0.0/24'));
    expect(out.outcome).toBe('rolled-back');
    const changes = runner.calls.filter((c) => !c.some((x) => x.startsWith('--query-')));
    expect(changes.map((c) => c.at(-1)?.split('=')[0])).toEqual(['--add-rich-rule', '--add-rich-rule', '--remove-rich-rule']);
    expect(changes[2]).not.toContain('--permanent');
  });

  it('ufw: "Skipping adding existing rule" means reused, so undo will not delete a rule PortDoctor did not add', async () => {
    const ufw: FirewallVerdict = {
      backend: 'ufw',
      decision: 'drop',
      policy: { chain: 'ufw-user-input', policy: 'deny' },
      trace: [],
      notes: [],
    };
    const runner = fakeRunner([{ match: startsWith('ufw'), stdout: 'Skipping adding existing rule\n' }]);
    const out = await applyFixPlan(runner, plan(ufw, '10.0.0.2'));
    expect(out.outcome).toBe('reused');
    expect(out.undo).toEqual([]);
  });

  it('refuses a tampered plan: a program outside the list, or a command without undo', async () => {
    const p = plan(iptDrop, '10.0.0.2');
    const evil: FixPlan = { ...p, commands: [{ ...p.commands[0]!, argv: ['sh', '-c', 'reboot'] }] };
    expect(validatePlanCommands(evil)).toMatch(/not a program/);
    const noUndo: FixPlan = { ...p, commands: [{ ...p.commands[0]!, undo: undefined }] };
    expect(validatePlanCommands(noUndo)).toMatch(/no undo/);
    const runner = fakeRunner([]);
    expect((await applyFixPlan(runner, evil)).outcome).toBe('failed');
    expect(runner.calls).toEqual([]);
  });
});
