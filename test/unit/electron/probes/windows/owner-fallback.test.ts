import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../../electron/cli/program';
import type { CheckFacts } from '../../../../../shared/diagnose/facts';
import { socketEvidence } from '../../../../../shared/diagnose/evidence';
import { engineTemplate } from '../../../../../shared/i18n/engine-text';
import type { CheckReport } from '../../../../../shared/schemas/report';

// Issue 16 item 7: OwningProcess null / 0 (reported on Server 2012 R2) → owners from netstat -ano, said so, no Linux wording.
const BUNDLE = join(import.meta.dirname, '../../../../fixtures/windows-bundles/owner-not-reported.portdoctor.json');

async function check(...extra: string[]): Promise<{ code: number; text: string }> {
  const out: string[] = [];
  const code = await runCli(['check', '8080', '--replay', BUNDLE, ...extra], { out: (t) => out.push(t), err: () => undefined });
  return { code, text: out.join('') };
}

describe('owners the PowerShell socket source did not report', () => {
  it('are read from netstat -ano, and the report says so', async () => {
    const { code, text } = await check('--json');
    const report = JSON.parse(text) as CheckReport;
    expect(code).toBe(0);
    expect(report.verdict.cause).toBe('ok');
    const service = report.steps.find((s) => s.id === 'service');
    const sockets = service?.evidence.filter((e) => e.kind === 'socket') ?? [];
    expect(sockets.map((e) => e.text)).toEqual([
      expect.stringMatching(/0\.0\.0\.0:8080.*pid 6120, node\.exe/),
      expect.stringMatching(/\[::\]:8080.*pid 6120, node\.exe/),
    ]);
    const note = service?.evidence.find((e) => e.key === 'engine.service.ownersFromNetstat');
    expect(note).toMatchObject({ source: 'windows.netstat.ano', command: 'netstat -ano', data: { sockets: 2, found: 2 } });
    expect(note?.text).toMatch(/OwningProcess null or 0.*read from netstat -ano for 2 of them/);
  });

  it('the zh-CN text report says it in Chinese', async () => {
    const zh = await check('--lang', 'zh-CN');
    expect(zh.text).toMatch(/其中 2 个的所属进程改从 netstat -ano 读取/);
  });

  it('an owner nobody reports is said in Windows terms, never root or PID namespaces (en and zh-CN)', () => {
    const socket = {
      protocol: 'tcp' as const,
      family: 4 as const,
      state: 'LISTEN',
      localAddress: '0.0.0.0',
      localPort: 8080,
      remoteAddress: '0.0.0.0',
      remotePort: 0,
    };
    const facts = { platform: 'win32', target: { port: 8080, protocol: 'tcp' } } as unknown as CheckFacts;
    const e = socketEvidence(socket, facts);
    expect(e.text).toBe('LISTEN 0.0.0.0:8080 — owner not reported (no OwningProcess, and netstat -ano names none)');
    const zh = engineTemplate('zh-CN', e.key ?? '') ?? '';
    expect(zh).toMatch(/未报告所属进程/);
    expect(`${e.text}${zh}`).not.toMatch(/root|PID/);
  });
});
