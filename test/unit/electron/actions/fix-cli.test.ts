import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../electron/cli/program';

const BUNDLE = join(import.meta.dirname, '../../../fixtures/windows-bundles/firewall-default-block.portdoctor.json');
let dataDir = '';
let saved: string | undefined;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pdf-cli-'));
  saved = process.env.PORTDOCTOR_DATA_DIR;
  process.env.PORTDOCTOR_DATA_DIR = dataDir;
});
afterAll(async () => {
  if (saved === undefined) delete process.env.PORTDOCTOR_DATA_DIR;
  else process.env.PORTDOCTOR_DATA_DIR = saved;
  await rm(dataDir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('portdoctor fix (CLI)', () => {
  it('without --yes: prints the plan (numbered, copyable commands) and changes nothing', async () => {
    const r = await cli('fix', '8080', '--source', '10.0.0.5', '--replay', BUNDLE);
    expect(r.code).toBe(0);
    expect(r.out).toContain('1. Add the inbound allow rule "PortDoctor: allow TCP 8080" (group PortDoctor) for 10.0.0.5, profiles Public.');
    expect(r.out).toContain(
      "powershell.exe -NoProfile -NonInteractive -Command 'New-NetFirewallRule -Name '\\''PortDoctor-TCP-8080-10.0.0.5'\\''",
    );
    expect(r.out).toMatch(/Nothing was changed\. Re-run with --yes to apply\.$/);
  });

  it('--dry-run --json: one document with the plan and no apply', async () => {
    const r = await cli('fix', '8080', '--source', '10.0.0.5', '--replay', BUNDLE, '--dry-run', '--json');
    const doc = JSON.parse(r.out) as { schema: string; plan: { kind: string; commands: unknown[] }; applied: unknown };
    expect(doc.schema).toBe('portdoctor.fix/1');
    expect(doc.plan.kind).toBe('firewall');
    expect(doc.applied).toBeNull();
  });

  it('a guided fix prints the guidance and exits 1 (the cause stays until the user acts)', async () => {
    const loopback = join(import.meta.dirname, '../../../fixtures/windows-bundles/loopback-only.portdoctor.json');
    const r = await cli('fix', '5000', '--replay', loopback);
    expect(r.code).toBe(1);
    expect(r.out).toContain("app.listen(5000, '0.0.0.0')");
  });

  it('--yes on a replayed report refuses to change anything (exit 1), and bad input is a usage error (exit 2)', async () => {
    const r = await cli('fix', '8080', '--source', '10.0.0.5', '--replay', BUNDLE, '--yes');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/never changed/);
    expect((await cli('fix', '--undo', 'x;reboot')).code).toBe(2);
    expect((await cli('fix', '8080', '--source', '10.0.0.0/40')).code).toBe(2);
    expect((await cli('fix')).code).toBe(2);
    expect((await cli('fix', '--undo', 'fix-000000000000', '--json')).code).toBe(2);
  });
});
