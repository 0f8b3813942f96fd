import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../../../electron/actions/wfp-audit-journal';
import { formatWfpAuditPlan } from '../../../../electron/cli/commands/audit-wfp-text';
import { createWfpAuditHandlers } from '../../../../electron/handlers/firewall-wfp-audit';
import type { HandlerTable, Services } from '../../../../electron/handlers/types';
import { dispatchCall, dispatchStream } from '../../../../electron/ipc/dispatch';
import type { WfpAuditLeftOpen, WfpAuditPlan, WfpAuditResult } from '../../../../shared/schemas/wfp-audit';
import { CN, OEMCP, OFF, ON, PD, csv, removeDataDirs, services, windows } from './wfp-audit-fakes';
import type { Answer } from './wfp-audit-fakes';

// A window is written down (wfp-audit-open.json in the data folder) while auditing is on, so a process killed
// meanwhile (Task Manager, power loss) leaves the undo for the next preview; a finished window removes it.
afterAll(removeDataDirs);

const off = (g: string) => ['auditpol.exe', '/set', `/subcategory:${g}`, '/failure:disable'];
const JOURNAL = 'wfp-audit-open.json';

async function run(svc: Services, onWait: () => Promise<void> = async () => undefined): Promise<WfpAuditResult | undefined> {
  const table = createWfpAuditHandlers(async () => onWait()) as unknown as HandlerTable;
  return new Promise((resolve) => {
    void dispatchStream(
      table,
      svc,
      'firewall:wfp-audit',
      { port: 8080, minutes: 1, confirmed: true },
      new AbortController().signal,
      (m) => {
        const msg = m as { type: string; result?: { data?: WfpAuditResult } };
        if (msg.type !== 'event') resolve(msg.result?.data);
      },
      () => resolve(undefined),
    );
  });
}

async function plan(svc: Services): Promise<WfpAuditPlan> {
  const table = createWfpAuditHandlers() as unknown as HandlerTable;
  const r = await dispatchCall(
    table,
    svc,
    'firewall:plan-wfp-audit',
    { port: 8080, minutes: 5 },
    new AbortController().signal,
    () => undefined,
  );
  return (r as { ok: true; value: { data: WfpAuditPlan } }).value.data;
}

const WINDOW: Record<string, Answer | Answer[]> = {
  'windows.reg.oemcp': { stdout: OEMCP },
  'windows.auditpol.wfp': [{ stdout: csv(OFF, OFF) }, { stdout: csv(ON, ON) }],
  'windows.ps.wfp-drops': { stdout: '[]' },
};

describe('the window in progress is written down', () => {
  it('while auditing is on the undo is noted; once off again the note is gone', async () => {
    const svc = services(windows(WINDOW).runner);
    const seen: (WfpAuditLeftOpen | null)[] = [];
    await run(svc, async () => void seen.push(await readJournal(svc.dataDir)));
    expect(seen[0]).toMatchObject({ port: 8080, undo: [off(PD), off(CN)] });
    expect(existsSync(join(svc.dataDir, JOURNAL))).toBe(false);
  });

  it('a process killed while auditing: the next preview names the undo (en and zh-CN), never runs it', async () => {
    const { runner, calls } = windows(WINDOW);
    const svc = services(runner);
    const left: WfpAuditLeftOpen = { startedAt: '2026-12-05T10:00:00.000Z', port: 8080, undo: [off(PD), off(CN)] };
    writeFileSync(join(svc.dataDir, JOURNAL), JSON.stringify(left));
    const p = await plan(svc);
    expect(p.leftOpen).toEqual(left);
    expect(calls).toEqual([]);
    const text = formatWfpAuditPlan(p).split('\n');
    expect(text.slice(0, 3)).toEqual([
      '! An earlier audit window (started 2026-12-05T10:00:00.000Z, port 8080) did not finish: if auditing is still on, run at an elevated prompt:',
      `    auditpol.exe /set /subcategory:${PD} /failure:disable`,
      `    auditpol.exe /set /subcategory:${CN} /failure:disable`,
    ]);
    expect(formatWfpAuditPlan(p, 'zh-CN').split('\n')[0]).toBe(
      '! 之前的一个审核窗口（开始于 2026-12-05T10:00:00.000Z，端口 8080）没有完成：如果审核仍处于开启状态，请在提升权限的命令提示符中运行：',
    );
  });

  it('an undo left to the user stays noted with just that command; a window that changed nothing keeps an older note', async () => {
    const svc = services(windows({ ...WINDOW, 'windows.auditpol.wfp-disable.1': { exitCode: 5 } }).runner);
    const r = await run(svc);
    expect(r?.undoByHand).toEqual([off(PD)]);
    expect((await readJournal(svc.dataDir))?.undo).toEqual([off(PD)]);
    // Next time auditpol /get is refused (not elevated): nothing changed, and the note stays.
    svc.runner = windows({ 'windows.auditpol.wfp': { exitCode: 5 } }).runner;
    expect((await run(svc))?.outcome).toBe('not-enabled');
    expect((await plan(svc)).leftOpen?.undo).toEqual([off(PD)]);
  });

  it('a journal that is not ours (junk, wrong shape, too big) is no left-open window', async () => {
    const svc = services(windows({}).runner);
    for (const text of [
      '{not json',
      JSON.stringify({ startedAt: 'x', port: 8080, undo: [] }),
      JSON.stringify({ startedAt: 'x', port: 8080, undo: [off(PD)], pad: 'x'.repeat(20_000) }),
    ]) {
      writeFileSync(join(svc.dataDir, JOURNAL), text);
      expect((await plan(svc)).leftOpen).toBeUndefined();
    }
  });
});
