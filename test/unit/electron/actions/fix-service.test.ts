import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyStoredFix, planFixFor, undoStoredFix } from '../../../../electron/actions/fix-service';
import type { FixDeps } from '../../../../electron/actions/fix-service';
import type { CheckFacts } from '../../../../shared/diagnose/facts';
import type { FirewallVerdict } from '../../../../shared/firewall/types';
import { fakeIptables, fakeRunner, has } from './fake-runner';

const drop: FirewallVerdict = {
  backend: 'iptables-nft',
  decision: 'drop',
  rule: { backend: 'iptables-nft', table: 'filter', chain: 'INPUT', position: 1, text: '-A INPUT -p tcp -m tcp --dport 8080 -j DROP' },
  trace: [],
  notes: [],
};
const accept: FirewallVerdict = {
  backend: 'iptables-nft',
  decision: 'accept',
  rule: { backend: 'iptables-nft', table: 'filter', chain: 'INPUT', position: 1, text: '-A INPUT -s 10.0.0.2/32 … -j ACCEPT' },
  trace: [],
  notes: [],
};

function facts(target: CheckFacts['target'], verdict: FirewallVerdict): CheckFacts {
  const none = { kind: 'unavailable' as const, reason: 'not-recorded' as const, detail: 'not in this test' };
  return {
    platform: 'linux',
    target,
    listeners: none,
    addresses: none,
    firewall: { kind: 'ok', data: { present: ['iptables-nft'], inCharge: 'iptables-nft', verdict, commands: [] } },
  };
}

let dataDir = '';
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pdf-unit-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function deps(runner: ReturnType<typeof fakeRunner>, verdicts: FirewallVerdict[], replaying = false): FixDeps {
  let n = 0;
  return {
    runner,
    privileged: runner,
    dataDir,
    replaying,
    readFacts: async (_r, target) => facts(target, verdicts[Math.min(n++, verdicts.length - 1)] ?? drop),
    now: () => new Date('2026-11-21T06:00:00Z'),
  };
}

describe('fix service: plan → apply → verify → audit → undo', () => {
  it('applies a stored plan, reports fixed only when re-evaluation accepts, writes audit lines, and undoes exactly what it added', async () => {
    const runner = fakeRunner([fakeIptables()]);
    // Reads: the preview, the re-plan at apply time (unchanged), the verification.
    const d = deps(runner, [drop, drop, accept]);
    const planned = await planFixFor(d, { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
    expect(planned.kind).toBe('ok');
    if (planned.kind !== 'ok') return;
    const applied = await applyStoredFix(d, { planId: planned.data.id });
    expect(applied.kind).toBe('ok');
    if (applied.kind !== 'ok') return;
    expect(applied.data.fixed).toBe(true);
    expect(applied.data.outcome).toBe('applied');
    expect(applied.data.evidence.map((e) => e.text).join('\n')).toMatch(/now accept by rule/);
    expect(applied.data.next?.[0]).toMatch(/portdoctor watch 8080/);
    const undone = await undoStoredFix(d, applied.data.undoId);
    expect(undone.kind === 'ok' && undone.data.undone).toBe(true);
    expect(runner.calls.at(-1)).toEqual([
      'iptables-nft',
      '-w',
      '5',
      '-t',
      'filter',
      '-D',
      'INPUT',
      '-s',
      '10.0.0.2',
      '-p',
      'tcp',
      '-m',
      'tcp',
      '--dport',
      '8080',
      '-m',
      'comment',
      '--comment',
      'PortDoctor:8080/tcp',
      '-j',
      'ACCEPT',
    ]);
    const again = await undoStoredFix(d, applied.data.undoId);
    expect(again.kind === 'unavailable' && again.detail).toMatch(/already undone/);
    const audit = (await readFile(join(dataDir, 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit.map((a) => [a.action, a.outcome, a.backend, a.undoId])).toEqual([
      ['apply', 'applied', 'iptables-nft', applied.data.undoId],
      ['undo', 'undone', 'iptables-nft', applied.data.undoId],
    ]);
    expect(audit[0]?.time).toBe('2026-11-21T06:00:00.000Z');
    expect(typeof audit[0]?.user).toBe('string');
    expect((audit[0]?.runs as { argv: string[] }[]).map((r) => r.argv[5])).toEqual(['-I']);
  });

  it('does not claim fixed when the re-evaluation still drops (another chain decides)', async () => {
    const runner = fakeRunner([{ match: has('-C'), exitCode: 1 }]);
    const d = deps(runner, [drop, drop, drop]);
    const planned = await planFixFor(d, { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
    if (planned.kind !== 'ok') throw new Error('no plan');
    const applied = await applyStoredFix(d, { planId: planned.data.id });
    expect(applied.kind === 'ok' && applied.data.fixed).toBe(false);
    expect(applied.kind === 'ok' && applied.data.evidence[0]?.text).toMatch(/is now drop/);
    expect(applied.kind === 'ok' && applied.data.next?.[0]).toMatch(/still stops the client/);
  });

  it('a plan survives the process: a new store reads it from the data folder; a tampered plan file is refused', async () => {
    const runner = fakeRunner([{ match: has('-C'), exitCode: 1 }]);
    const d = deps(runner, [drop, accept]);
    const planned = await planFixFor(d, { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
    if (planned.kind !== 'ok') throw new Error('no plan');
    const path = join(dataDir, 'plans', `${planned.data.id}.json`);
    const onDisk = JSON.parse(await readFile(path, 'utf8')) as { commands: { argv: string[] }[] };
    expect(onDisk.commands[0]?.argv[0]).toBe('iptables-nft');
    onDisk.commands[0]!.argv = ['sh', '-c', 'reboot'];
    await mkdir(join(dataDir, 'plans'), { recursive: true });
    await writeFile(join(dataDir, 'plans', 'plan-evil.json'), JSON.stringify({ ...onDisk, id: 'plan-evil' }));
    const evil = await applyStoredFix(d, { planId: 'plan-evil' });
    expect(evil.kind === 'unavailable' && evil.detail).toMatch(/changed since this plan was previewed/);
    expect(runner.calls.some((c) => c[0] === 'sh')).toBe(false);
  });

  it('refuses to apply a preview the firewall has moved past (the deciding rule is now at another position)', async () => {
    const runner = fakeRunner([{ match: has('-C'), exitCode: 1 }]);
    const moved: FirewallVerdict = { ...drop, rule: { ...drop.rule!, position: 3 } };
    const d = deps(runner, [drop, moved]);
    const planned = await planFixFor(d, { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
    if (planned.kind !== 'ok') throw new Error('no plan');
    const applied = await applyStoredFix(d, { planId: planned.data.id });
    expect(applied.kind === 'unavailable' && applied.reason).toBe('cancelled');
    expect(applied.kind === 'unavailable' && applied.detail).toMatch(/Preview the fix again/);
    expect(runner.calls.filter((c) => c.includes('-I'))).toEqual([]);
  });

  it('refuses to apply while replaying a report, an unknown plan id, and a guided plan', async () => {
    const runner = fakeRunner([]);
    expect((await applyStoredFix(deps(runner, [drop], true), { planId: 'plan-1' })).kind).toBe('unavailable');
    expect((await applyStoredFix(deps(runner, [drop]), { planId: 'plan-nope' })).kind).toBe('unavailable');
    expect((await undoStoredFix(deps(runner, [drop]), 'fix-nope')).kind).toBe('unavailable');
    const d = { ...deps(runner, [drop]), judge: () => 'loopback-only' as const };
    const guided = await planFixFor(d, { port: 8080, protocol: 'tcp' });
    expect(guided.kind === 'ok' && guided.data.kind).toBe('guided');
    if (guided.kind !== 'ok') return;
    const applied = await applyStoredFix(d, { planId: guided.data.id });
    expect(applied.kind === 'unavailable' && applied.detail).toMatch(/nothing to run/);
    expect(runner.calls).toEqual([]);
  });

  it('Windows block rule: disabling it needs its own confirmation; then exactly Disable-NetFirewallRule runs', async () => {
    const block: FirewallVerdict = {
      backend: 'windows',
      decision: 'drop',
      rule: {
        backend: 'windows',
        table: 'PersistentStore',
        chain: 'Inbound',
        name: 'Block-8080',
        text: '"Block 8080" (store: PersistentStore)',
      },
      trace: [],
      notes: [],
    };
    const runner = fakeRunner([]);
    const d: FixDeps = {
      ...deps(runner, []),
      readFacts: async (_r, target) => ({
        ...facts(target, block),
        platform: 'win32',
        firewall: { kind: 'ok', data: { present: ['windows'], inCharge: 'windows', verdict: block, commands: [] } },
      }),
    };
    const planned = await planFixFor(d, { port: 8080, protocol: 'tcp', source: '10.0.0.5' });
    if (planned.kind !== 'ok') throw new Error('no plan');
    expect(planned.data.kind).toBe('disable-block-rule');
    const unconfirmed = await applyStoredFix(d, { planId: planned.data.id });
    expect(unconfirmed.kind === 'unavailable' && unconfirmed.reason).toBe('cancelled');
    expect(runner.calls).toEqual([]);
    const confirmed = await applyStoredFix(d, { planId: planned.data.id, confirmDisableBlockRule: true });
    expect(confirmed.kind === 'ok' && confirmed.data.outcome).toBe('applied');
    expect(runner.calls).toEqual([
      ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command', "Disable-NetFirewallRule -Name 'Block-8080' -ErrorAction Stop"],
    ]);
  });

  it('a rolled-back apply is audited as such, with every command it ran', async () => {
    // netfilter-persistent exists (the planner adds its save step) and fails when run.
    const runner = fakeRunner([fakeIptables(), { match: (a) => a[0] === 'netfilter-persistent', exitCode: 1 }], {
      '/usr/sbin/netfilter-persistent': '#!/bin/sh\n',
    });
    const d = deps(runner, [drop, drop, drop]);
    const planned = await planFixFor(d, { port: 8080, protocol: 'tcp', source: '10.0.0.2' });
    if (planned.kind !== 'ok') throw new Error('no plan');
    expect(planned.data.commands.map((c) => c.argv[0])).toEqual(['iptables-nft', 'netfilter-persistent']);
    const applied = await applyStoredFix(d, { planId: planned.data.id });
    expect(applied.kind === 'ok' && applied.data.outcome).toBe('rolled-back');
    expect(applied.kind === 'ok' && applied.data.undoId).toBe('');
    const audit = (await readFile(join(dataDir, 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { outcome: string; runs: { argv: string[]; status: string }[] });
    expect(audit.at(-1)?.outcome).toBe('rolled-back');
    expect(audit.at(-1)?.runs.map((r) => [r.argv[0] === 'netfilter-persistent' ? 'save' : r.argv[5], r.status])).toEqual([
      ['-I', 'ok'],
      ['save', 'failed'],
      ['-D', 'ok'],
    ]);
  });
});
