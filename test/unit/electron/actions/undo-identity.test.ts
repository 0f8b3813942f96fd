import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFixPlan } from '../../../../electron/actions/apply-fix';
import { parseNftRulesByIdentity } from '../../../../electron/actions/rule-identity';
import type { UndoRecord } from '../../../../electron/actions/types';
import { undoFix } from '../../../../electron/actions/undo-fix';
import { planFix } from '../../../../shared/firewall/plan';
import type { FirewallVerdict } from '../../../../shared/firewall/types';
import type { FixPlan, NftRuleIdentity } from '../../../../shared/schemas/firewall';
import { fakeIptables, fakeRunner, startsWith } from './fake-runner';

const fixtures = join(__dirname, '..', '..', 'shared', 'plan', 'fixtures');
// Real `nft -a list chain inet filter input`: PortDoctor rules at handles 4 and 5, the admin's drop at handle 3.
const LISTING = readFileSync(join(fixtures, 'nft-list-chain-with-portdoctor.txt'), 'utf8');
// The same listing after the admin's reload without PortDoctor's rules: only their own rules are left.
const RELOADED = LISTING.split('\n')
  .filter((l) => !l.includes('PortDoctor'))
  .join('\n');
const OURS: NftRuleIdentity = {
  family: 'inet',
  table: 'filter',
  chain: 'input',
  match: ['ip', 'saddr', '10.0.0.2', 'tcp', 'dport', '8080'],
  comment: 'PortDoctor:8080/tcp',
};

function record(steps: UndoRecord['steps'], undo = steps?.map((s) => s.undo) ?? []): UndoRecord {
  return {
    schema: 'portdoctor.undo/1',
    id: 'fix-abc',
    planId: 'plan-t',
    backend: 'nftables',
    summary: 's',
    appliedAt: '2026-12-04T00:00:00Z',
    undo,
    persist: [],
    ...(steps ? { steps } : {}),
  };
}

function plan(verdict: FirewallVerdict, source: string): FixPlan {
  const r = planFix(
    {
      id: 'plan-t',
      cause: 'host-firewall-drop',
      platform: verdict.backend === 'windows' ? 'win32' : 'linux',
      inCharge: verdict.backend,
      verdict,
    },
    { port: 8080, protocol: 'tcp', source },
  );
  if (r.kind !== 'ok') throw new Error(r.detail);
  return r.data;
}

describe('undo by identity (issue #11)', () => {
  it('parses only whole-rule matches: expression, counter, accept and the comment, with the handle and counter', () => {
    expect(parseNftRulesByIdentity(LISTING, OURS)).toEqual([{ handle: 4, packets: 0, bytes: 0 }]);
    expect(parseNftRulesByIdentity(LISTING, { ...OURS, match: ['tcp', 'dport', '8080'] })).toEqual([]);
    expect(parseNftRulesByIdentity(LISTING, { ...OURS, comment: 'PortDoctor:8081/tcp' })).toEqual([]);
  });

  it("nft: the remembered handle now holds the admin's drop → undo deletes the rule found by identity, not the handle", async () => {
    const runner = fakeRunner([{ match: startsWith('nft', '-a', 'list', 'chain'), stdout: LISTING }]);
    const out = await undoFix(
      runner,
      record([{ undo: ['nft', 'delete', 'rule', 'inet', 'filter', 'input', 'handle', '3'], nftRule: OURS, handle: 3 }]),
    );
    expect(out.undone).toBe(true);
    expect(runner.calls.filter((c) => c.includes('delete'))).toEqual([['nft', 'delete', 'rule', 'inet', 'filter', 'input', 'handle', '4']]);
  });

  it('nft: the rule is gone (a reload without it) → refused in one line, nothing deleted', async () => {
    const runner = fakeRunner([{ match: startsWith('nft', '-a', 'list', 'chain'), stdout: RELOADED }]);
    const out = await undoFix(
      runner,
      record([{ undo: ['nft', 'delete', 'rule', 'inet', 'filter', 'input', 'handle', '3'], nftRule: OURS, handle: 3 }]),
    );
    expect(out.undone).toBe(false);
    expect(out.refused).toMatch(
      /^Not undone: .*fix-abc.*no rule "ip saddr 10.0.0.2 tcp dport 8080 counter accept.*PortDoctor:8080\/tcp.*nothing was removed\.$/,
    );
    expect(out.refused).not.toContain('\n');
    expect(runner.calls.some((c) => c.includes('delete'))).toBe(false);
  });

  it('nft: a record without the identity (older PortDoctor, plan gone) is refused rather than deleting a bare handle', async () => {
    const runner = fakeRunner([{ match: startsWith('nft'), stdout: LISTING }]);
    const out = await undoFix(runner, record(undefined, [['nft', 'delete', 'rule', 'inet', 'filter', 'input', 'handle', '3']]));
    expect(out.refused).toMatch(/without its rule's identity/);
    expect(runner.calls).toEqual([]);
  });

  it("nft: an older record is matched to its stored plan's rule and undone by identity", async () => {
    const runner = fakeRunner([{ match: startsWith('nft', '-a', 'list', 'chain'), stdout: LISTING }]);
    const nftDrop: FirewallVerdict = {
      backend: 'nftables',
      decision: 'drop',
      rule: { backend: 'nftables', table: 'inet filter', chain: 'input', handle: 3, text: 'tcp dport 8080 drop' },
      trace: [],
      notes: [],
    };
    const out = await undoFix(
      runner,
      record(undefined, [['nft', 'delete', 'rule', 'inet', 'filter', 'input', 'handle', '3']]),
      plan(nftDrop, '10.0.0.2'),
    );
    expect(out.undone).toBe(true);
    expect(runner.calls.at(-1)).toEqual(['nft', 'delete', 'rule', 'inet', 'filter', 'input', 'handle', '4']);
  });

  it('iptables: undo checks the full spec (-C) and deletes by it (-D), never by position; absent → refused', async () => {
    const iptDrop: FirewallVerdict = {
      backend: 'iptables-legacy',
      decision: 'drop',
      rule: { backend: 'iptables-legacy', table: 'filter', chain: 'INPUT', position: 1, text: '-A INPUT -p tcp --dport 8080 -j DROP' },
      trace: [],
      notes: [],
    };
    const ipt = fakeIptables();
    const runner = fakeRunner([ipt]);
    const applied = await applyFixPlan(runner, plan(iptDrop, '10.0.0.2'));
    expect(applied.steps[0]?.check?.[5]).toBe('-C');
    const rec = record(applied.steps);
    ipt.rules.splice(0); // the admin flushed the chain
    const refused = await undoFix(runner, rec);
    expect(refused.refused).toMatch(/does not hold exactly what fix fix-abc added/);
    expect(runner.calls.filter((c) => c.includes('-D'))).toEqual([]);
    await applyFixPlan(runner, plan(iptDrop, '10.0.0.2'));
    const undone = await undoFix(runner, rec);
    expect(undone.undone).toBe(true);
    const del = runner.calls.find((c) => c.includes('-D')) ?? [];
    expect(del.slice(5, 7)).toEqual(['-D', 'INPUT']);
    expect(del).toContain('--comment');
    expect(del.some((a) => /^\d+$/.test(a) && a !== '5' && a !== '8080')).toBe(false);
    expect(ipt.rules).toEqual([]);
  });

  it('Windows: undo removes the rule by its unique name only while it is in group PortDoctor', async () => {
    const win: FirewallVerdict = {
      backend: 'windows',
      decision: 'drop',
      policy: { table: 'Public', policy: 'block' },
      trace: [],
      notes: [],
    };
    const p = plan(win, '10.0.0.5');
    const script = (argv: string[]) => argv[argv.length - 1] ?? '';
    const notOurs = fakeRunner([{ match: (a) => script(a).startsWith('$r = Get-NetFirewallRule'), exitCode: 3 }]);
    const step = { undo: p.commands[0]!.undo!, check: p.commands[0]!.check! };
    const refused = await undoFix(notOurs, record([step]));
    expect(refused.refused).toMatch(/^Not undone/);
    expect(notOurs.calls.map(script)).toEqual([
      "$r = Get-NetFirewallRule -Name 'PortDoctor-TCP-8080-10.0.0.5' -ErrorAction Stop; if ($r.Group -ne 'PortDoctor') { exit 3 }",
    ]);
    const ours = fakeRunner([]);
    expect((await undoFix(ours, record([step]))).undone).toBe(true);
    expect(script(ours.calls.at(-1) ?? [])).toBe(
      "Get-NetFirewallRule -Name 'PortDoctor-TCP-8080-10.0.0.5' -ErrorAction Stop | Where-Object { $_.Group -eq 'PortDoctor' } | Remove-NetFirewallRule -ErrorAction Stop",
    );
  });
});
