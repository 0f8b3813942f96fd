import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStoredFix, planFixFor } from '../../../../electron/actions/fix-service';
import type { FixDeps } from '../../../../electron/actions/fix-service';
import { readWindowsCheckFacts } from '../../../../electron/probes/windows/check-facts';
import { judgeCheckFacts } from '../../../../shared/diagnose/judge-facts';
import { createReplayRunner } from '../../../../electron/system/recording';
import { parseBundleText } from '../../../../shared/bundle/schema';
import type { FixPlan } from '../../../../shared/schemas/firewall';

// Bundles recorded from the real Windows outputs in test/fixtures/windows (see their README).
const DIR = join(import.meta.dirname, '../../../fixtures/windows-bundles');
const PS = ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command'];

let dataDir = '';
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pdf-win-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function deps(name: string): FixDeps {
  const parsed = parseBundleText(readFileSync(join(DIR, `${name}.portdoctor.json`), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  const runner = createReplayRunner(parsed.bundle);
  return {
    runner,
    privileged: runner,
    dataDir,
    replaying: true,
    readFacts: async (r, target) => judgeCheckFacts(await readWindowsCheckFacts(r, target)),
  };
}

async function planOf(
  name: string,
  request: { port: number; source?: string; profiles?: ('domain' | 'private' | 'public')[] },
): Promise<FixPlan> {
  const r = await planFixFor(deps(name), { protocol: 'tcp', ...request });
  if (r.kind !== 'ok') throw new Error(`${r.reason}: ${r.detail}`);
  return r.data;
}

describe('Windows fix plans from replayed bundles: exact argument arrays', () => {
  it('default block: New-NetFirewallRule for the client, in the profile of the interface it comes in on', async () => {
    const plan = await planOf('firewall-default-block', { port: 8080, source: '10.0.0.5' });
    expect(plan.kind).toBe('firewall');
    expect(plan.commands.map((c) => c.argv)).toEqual([
      [
        ...PS,
        "New-NetFirewallRule -Name 'PortDoctor-TCP-8080-10.0.0.5' -DisplayName 'PortDoctor: allow TCP 8080' -Group 'PortDoctor' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 8080 -RemoteAddress '10.0.0.5' -Profile 'Public' -ErrorAction Stop | Out-Null",
      ],
    ]);
    expect(plan.commands[0]?.undo).toEqual([
      ...PS,
      "Get-NetFirewallRule -Name 'PortDoctor-TCP-8080-10.0.0.5' -ErrorAction Stop | Where-Object { $_.Group -eq 'PortDoctor' } | Remove-NetFirewallRule -ErrorAction Stop",
    ]);
  });

  it('a program rule for another build path: a port rule, with the profile the user chose', async () => {
    const plan = await planOf('firewall-program-path', { port: 8080, source: '192.168.1.0/24', profiles: ['private'] });
    expect(plan.commands.map((c) => c.argv[4])).toEqual([
      "New-NetFirewallRule -Name 'PortDoctor-TCP-8080-192.168.1.0_24' -DisplayName 'PortDoctor: allow TCP 8080' -Group 'PortDoctor' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 8080 -RemoteAddress '192.168.1.0/24' -Profile 'Private' -ErrorAction Stop | Out-Null",
    ]);
  });

  it('a Group Policy block rule decides: explained, nothing to run (a local change would not last)', async () => {
    const plan = await planOf('firewall-block-beats-allow', { port: 8080, source: '10.0.0.5' });
    expect(plan.kind).toBe('explain');
    expect(plan.commands).toEqual([]);
    expect(plan.warnings.join(' ')).toMatch(/block rule wins over every allow rule/);
    expect(plan.summary).toMatch(/Group Policy \(contoso\.com\\Server Baseline\)/);
  });

  it('Group Policy ignores local rules: explained instead of adding a rule that cannot count', async () => {
    const plan = await planOf('firewall-gpo-local-disabled', { port: 8443, source: '10.0.0.5' });
    expect(plan.kind).toBe('explain');
    expect(plan.commands).toEqual([]);
    expect(plan.guidance?.[0]?.title).toBe('Only Group Policy rules count');
  });

  it('loopback-only: guided fix, no commands', async () => {
    const plan = await planOf('loopback-only', { port: 5000 });
    expect(plan.kind).toBe('guided');
    expect(plan.guidance?.map((g) => g.title)).toContain('Node.js / Express');
  });

  it('a replayed report is never changed', async () => {
    const d = deps('firewall-default-block');
    const planned = await planFixFor(d, { port: 8080, protocol: 'tcp', source: '10.0.0.5' });
    if (planned.kind !== 'ok') throw new Error('no plan');
    const applied = await applyStoredFix(d, { planId: planned.data.id });
    expect(applied.kind === 'unavailable' && applied.reason).toBe('unsupported-platform');
  });
});
