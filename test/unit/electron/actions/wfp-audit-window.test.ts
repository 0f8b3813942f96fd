import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { holdQuitWhile } from '../../../../electron/app/quit-guard';
import { createServices } from '../../../../electron/app/services';
import { checkPortHandler } from '../../../../electron/handlers/check-port';
import { parseBundleText } from '../../../../shared/bundle/schema';
import { offersWfpAudit } from '../../../../shared/diagnose/wfp-audit-text';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatWfpAuditPlan, formatWfpAuditResult } from '../../../../electron/cli/commands/audit-wfp-text';
import { createWfpAuditHandlers, endWfpAuditWindows, wfpAuditRunning } from '../../../../electron/handlers/firewall-wfp-audit';
import type { HandlerTable, Services } from '../../../../electron/handlers/types';
import { dispatchCall, dispatchStream } from '../../../../electron/ipc/dispatch';
import type { Runner } from '../../../../electron/system/runner';
import type { WfpAuditPlan, WfpAuditResult } from '../../../../shared/schemas/wfp-audit';
import { psJson } from '../../../fixtures/windows-bundles/machine';
import { FILTERS, blocked } from '../../../fixtures/windows-bundles/wfp';
import { CN, OEMCP, OFF, ON, PD, csv, removeDataDirs, services, setCalls, windows } from './wfp-audit-fakes';

// Issue 16 item 12, reached through the one dispatch the app, bridge and CLI share: `firewall:plan-wfp-audit`
// (preview) and `firewall:wfp-audit` (the confirmed window), on a fake Windows (wfp-audit-fakes.ts).
afterAll(removeDataDirs);

type Done = { type: string; result?: { kind: string; data?: WfpAuditResult; reason?: string; detail?: string } };

/** Run the confirmed window through the contract-validating dispatch; the wait returns at once unless aborted. */
async function confirmed(runner: Runner, opts: { abort?: 'while-waiting' | 'before'; over?: Partial<Services> } = {}) {
  const svc = services(runner, opts.over);
  const controller = new AbortController();
  if (opts.abort === 'before') controller.abort();
  const waits: number[] = [];
  const table = createWfpAuditHandlers(async (ms, signal) => {
    waits.push(ms);
    if (opts.abort === 'while-waiting') controller.abort();
    if (signal?.aborted) throw new Error('aborted');
  }) as unknown as HandlerTable;
  const events: unknown[] = [];
  const done = await new Promise<Done>((resolve) => {
    void dispatchStream(
      table,
      svc,
      'firewall:wfp-audit',
      { port: 8080, minutes: 3, confirmed: true },
      controller.signal,
      (m) => {
        const msg = m as { type: string; event?: unknown };
        if (msg.type === 'event') events.push(msg.event);
        else resolve(msg as Done);
      },
      () => resolve({ type: 'rejected' }),
    );
  });
  return { done, data: done.result?.data as WfpAuditResult, events, waits, dataDir: svc.dataDir };
}

const OFF_THEN_ON = {
  'windows.reg.oemcp': { stdout: OEMCP },
  'windows.auditpol.wfp': [{ stdout: csv(OFF, OFF) }, { stdout: csv(ON, ON) }],
};
const disables = (calls: string[][]) => setCalls(calls).filter((c) => c.endsWith('/failure:disable'));

describe('preview (firewall:plan-wfp-audit)', () => {
  it('gives the exact auditpol argv and runs nothing', async () => {
    const { runner, calls } = windows({});
    const table = createWfpAuditHandlers(async () => undefined) as unknown as HandlerTable;
    const r = await dispatchCall(
      table,
      services(runner),
      'firewall:plan-wfp-audit',
      { port: 8080, minutes: 5 },
      new AbortController().signal,
      () => undefined,
    );
    expect(calls).toEqual([]);
    const plan = (r as { ok: true; value: { kind: 'ok'; data: WfpAuditPlan } }).value.data;
    expect(plan.get).toEqual(['auditpol.exe', '/get', `/subcategory:${PD},${CN}`, '/r']);
    expect(plan.enable).toEqual([
      ['auditpol.exe', '/set', `/subcategory:${PD}`, '/failure:enable'],
      ['auditpol.exe', '/set', `/subcategory:${CN}`, '/failure:enable'],
    ]);
    const text = formatWfpAuditPlan(plan);
    expect(text).toContain(`turn on: auditpol.exe /set /subcategory:${PD} /failure:enable`);
    expect(text).toContain(`turn off again: auditpol.exe /set /subcategory:${CN} /failure:disable`);
    const zh = formatWfpAuditPlan(plan, 'zh-CN');
    expect(zh).toContain(`开启：auditpol.exe /set /subcategory:${PD} /failure:enable`);
    expect(zh).toContain(`再次关闭：auditpol.exe /set /subcategory:${CN} /failure:disable`);
    expect(zh).not.toMatch(/turn on|wait \d|only a subcategory/);
  });

  it('minutes outside 1–15 are refused by the contract, before any handler', async () => {
    const table = createWfpAuditHandlers(async () => undefined) as unknown as HandlerTable;
    for (const minutes of [0, 16, 2.5, '5']) {
      const r = await dispatchCall(
        table,
        services(windows({}).runner),
        'firewall:plan-wfp-audit',
        { port: 8080, minutes },
        new AbortController().signal,
        () => undefined,
      );
      expect(r.ok, String(minutes)).toBe(false);
    }
  });
});

describe('a confirmed window (firewall:wfp-audit)', () => {
  it('on → wait (progress every 30 s) → reads → off, in that order; names the third-party filter; logs it', async () => {
    const { runner, calls } = windows({
      ...OFF_THEN_ON,
      'windows.ps.wfp-drops': {
        stdout: psJson([blocked(8080, 70412, '2026-12-05T10:01:00Z'), blocked(8080, 70412, '2026-12-05T10:02:00Z')]),
      },
      'windows.ps.wfp-filters': { stdout: psJson(FILTERS) },
    });
    const { data, events, waits, dataDir } = await confirmed(runner);
    expect(data).toMatchObject({
      outcome: 'done',
      changed: [PD, CN],
      restored: [PD, CN],
      restoreFailed: [],
      undoByHand: [],
      drops: { count: 2, filterId: '70412', owner: 'third-party' },
    });
    expect(events).toEqual([
      { type: 'auditing', minutes: 3, secondsLeft: 180, enabled: [PD, CN] },
      ...[150, 120, 90, 60, 30].map((s) => ({ type: 'waiting', secondsLeft: s })),
    ]);
    expect(waits).toEqual(Array(6).fill(30_000));
    const order = calls.map((c) =>
      c[0] === 'auditpol.exe' ? `${c[1]} ${c[3] ?? ''}`.trim() : c[0] === 'reg.exe' ? 'oemcp' : 'powershell',
    );
    expect(order).toEqual([
      'oemcp',
      '/get /r',
      '/set /failure:enable',
      '/set /failure:enable',
      '/get /r',
      'powershell',
      'powershell',
      '/set /failure:disable',
      '/set /failure:disable',
    ]);
    const text = formatWfpAuditResult(data, 8080, 'tcp');
    expect(text).toContain('filter 70412 "Contoso inbound protection" belongs to Contoso Endpoint Firewall Provider, third-party software');
    expect(text).toContain('Audit policy: turned on 2 subcategory(ies), turned off again 2.');
    const zh = formatWfpAuditResult(data, 8080, 'tcp', 'zh-CN');
    expect(zh.split('\n').slice(0, 3)).toEqual([
      '审核窗口：已完成。',
      'Windows 筛选平台在过去一小时内记录了 2 次入站 TCP 8080 丢弃（最近一次在 2026-12-05T10:02:00Z）：筛选器 70412“Contoso inbound protection”属于第三方软件 Contoso Endpoint Firewall Provider，是它丢弃了流量（FWP_ACTION_BLOCK，不是 Windows 防火墙规则）。',
      '审核策略：开启了 2 个子类别，再次关闭了 2 个。',
    ]);
    const log = readFileSync(join(dataDir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; runs: { argv: string[]; status: string }[] });
    expect(log).toHaveLength(1);
    expect(log[0]?.action).toBe('wfp-audit');
    expect(log[0]?.runs.map((x) => `${x.argv[2]} ${x.argv[3]} ${x.status}`)).toEqual([
      `/subcategory:${PD} /failure:enable ok`,
      `/subcategory:${CN} /failure:enable ok`,
      `/subcategory:${PD} /failure:disable ok`,
      `/subcategory:${CN} /failure:disable ok`,
    ]);
  });

  it('only the subcategory that was off is turned off again (before/after compared, words never read)', async () => {
    const { runner, calls } = windows({
      'windows.auditpol.wfp': [{ stdout: csv(ON, OFF) }, { stdout: csv(ON, ON) }],
      'windows.ps.wfp-drops': { stdout: '[]' },
    });
    const { data } = await confirmed(runner);
    expect(data).toMatchObject({ changed: [CN], restored: [CN], drops: null });
    expect(setCalls(calls)).toEqual([
      `/subcategory:${PD} /failure:enable`,
      `/subcategory:${CN} /failure:enable`,
      `/subcategory:${CN} /failure:disable`,
    ]);
    expect(formatWfpAuditResult(data, 8080, 'tcp')).toContain('No inbound TCP 8080 drop was logged in the last hour.');
  });

  it('both already on: nothing is turned off, and it says so', async () => {
    const { runner, calls } = windows({ 'windows.auditpol.wfp': { stdout: csv(ON, ON) }, 'windows.ps.wfp-drops': { stdout: '[]' } });
    const { data } = await confirmed(runner);
    expect(data).toMatchObject({ outcome: 'done', changed: [], restored: [] });
    expect(disables(calls)).toEqual([]);
    expect(formatWfpAuditResult(data, 8080, 'tcp', 'zh-CN')).toContain('审核策略：两个子类别此前均已开启；保持原样。');
  });

  it('reading the drops throws: the off commands still run, and the failure is said (en and zh-CN)', async () => {
    const { runner, calls } = windows({ ...OFF_THEN_ON, 'windows.ps.wfp-drops': { throws: 'powershell.exe vanished' } });
    const { data } = await confirmed(runner);
    expect(data).toMatchObject({ changed: [PD, CN], restored: [PD, CN], undoByHand: [], detailKey: 'engine.wfpAudit.detailStopped' });
    expect(disables(calls)).toEqual([`/subcategory:${PD} /failure:disable`, `/subcategory:${CN} /failure:disable`]);
    expect(formatWfpAuditResult(data, 8080, 'tcp')).toContain('(the audit window stopped: powershell.exe vanished)');
    expect(formatWfpAuditResult(data, 8080, 'tcp', 'zh-CN')).toContain('（审核窗口已中止：powershell.exe vanished）');
  });

  it('reading the drops fails (exit code): the off commands still run', async () => {
    const { runner, calls } = windows({ ...OFF_THEN_ON, 'windows.ps.wfp-drops': { exitCode: 1 } });
    const { data } = await confirmed(runner);
    expect(data).toMatchObject({ outcome: 'done', restored: [PD, CN], detailKey: 'engine.wfpAudit.detailDropsUnread' });
    expect(disables(calls)).toHaveLength(2);
  });

  it('an undo that fails is left to the user with its exact command', async () => {
    const { runner } = windows({
      ...OFF_THEN_ON,
      'windows.ps.wfp-drops': { stdout: '[]' },
      'windows.auditpol.wfp-disable.1': { exitCode: 5 },
    });
    const { data } = await confirmed(runner);
    expect(data).toMatchObject({
      restored: [CN],
      restoreFailed: [PD],
      undoByHand: [['auditpol.exe', '/set', `/subcategory:${PD}`, '/failure:disable']],
    });
  });

  it('interrupted while auditing (the stream aborted): the drops are read and auditing is turned off', async () => {
    const { runner, calls } = windows({ ...OFF_THEN_ON, 'windows.ps.wfp-drops': { stdout: '[]' } });
    const { data, waits } = await confirmed(runner, { abort: 'while-waiting' });
    expect(data).toMatchObject({ outcome: 'cancelled', restored: [PD, CN] });
    expect(waits).toHaveLength(1);
    expect(disables(calls)).toHaveLength(2);
  });

  it('interrupted before auditing came on: nothing is set at all', async () => {
    const { runner, calls } = windows({ 'windows.auditpol.wfp': { stdout: csv(OFF, OFF) } });
    const { data } = await confirmed(runner, { abort: 'before' });
    expect(data).toMatchObject({ outcome: 'cancelled', changed: [] });
    expect(setCalls(calls)).toEqual([]);
  });

  it('the settings cannot be read after enabling: the undo is shown for the user, never run blind', async () => {
    const { runner, calls } = windows({ 'windows.auditpol.wfp': [{ stdout: csv(OFF, OFF) }, { exitCode: 5 }] });
    const { data } = await confirmed(runner);
    expect(data).toMatchObject({ outcome: 'not-enabled', changed: [], restored: [] });
    expect(data.undoByHand).toEqual([
      ['auditpol.exe', '/set', `/subcategory:${PD}`, '/failure:disable'],
      ['auditpol.exe', '/set', `/subcategory:${CN}`, '/failure:disable'],
    ]);
    expect(disables(calls)).toEqual([]);
    expect(formatWfpAuditResult(data, 8080, 'tcp')).toContain(
      `still on — run at an elevated prompt: auditpol.exe /set /subcategory:${PD} /failure:disable`,
    );
    expect(formatWfpAuditResult(data, 8080, 'tcp', 'zh-CN')).toContain(
      `仍处于开启状态 — 请在提升权限的命令提示符中运行：auditpol.exe /set /subcategory:${PD} /failure:disable`,
    );
  });

  it('the runner throws on the second enable: the first is left to the user (ran), the second too (may have run)', async () => {
    const { runner, calls } = windows({
      'windows.auditpol.wfp': { stdout: csv(OFF, OFF) },
      'windows.auditpol.wfp-enable.2': { throws: 'spawn EPERM' },
    });
    const { data } = await confirmed(runner);
    expect(data).toMatchObject({ outcome: 'not-enabled', changed: [], detail: 'the audit window stopped: spawn EPERM' });
    expect(data.undoByHand.map((a) => a[2])).toEqual([`/subcategory:${PD}`, `/subcategory:${CN}`]);
    expect(disables(calls)).toEqual([]);
  });

  it('firewall:end-wfp-audit ends the wait; the stream still gets the result with both subcategories off again', async () => {
    const { runner, calls } = windows({ ...OFF_THEN_ON, 'windows.ps.wfp-drops': { stdout: '[]' } });
    const svc = services(runner);
    let waiting: () => void = () => undefined;
    const waitingNow = new Promise<void>((resolve) => (waiting = resolve));
    const table = createWfpAuditHandlers(
      (_ms, signal) =>
        new Promise<void>((_, reject) => {
          signal?.addEventListener('abort', () => reject(new Error('aborted')));
          waiting();
        }),
    ) as unknown as HandlerTable;
    const done = new Promise<Done>((resolve) => {
      void dispatchStream(
        table,
        svc,
        'firewall:wfp-audit',
        { port: 8080, minutes: 3, confirmed: true },
        new AbortController().signal,
        (m) => {
          if ((m as Done).type !== 'event') resolve(m as Done);
        },
        () => resolve({ type: 'rejected' }),
      );
    });
    await waitingNow;
    const ended = await dispatchCall(table, svc, 'firewall:end-wfp-audit', {}, new AbortController().signal, () => undefined);
    expect(ended).toEqual({ ok: true, value: { kind: 'ok', data: { ended: 1 } } });
    expect((await done).result?.data).toMatchObject({ outcome: 'cancelled', restored: [PD, CN] });
    expect(disables(calls)).toHaveLength(2);
    const again = await dispatchCall(table, svc, 'firewall:end-wfp-audit', {}, new AbortController().signal, () => undefined);
    expect(again).toEqual({ ok: true, value: { kind: 'ok', data: { ended: 0 } } });
  });

  it('endWfpAuditWindows (app quit, web stop) resolves only once auditing is off again', async () => {
    const { runner, calls } = windows({ ...OFF_THEN_ON, 'windows.ps.wfp-drops': { stdout: '[]' } });
    let waiting: () => void = () => undefined;
    const waitingNow = new Promise<void>((resolve) => (waiting = resolve));
    const table = createWfpAuditHandlers(
      (_ms, signal) => new Promise<void>((_, reject) => (signal?.addEventListener('abort', () => reject(new Error('aborted'))), waiting())),
    ) as unknown as HandlerTable;
    void dispatchStream(
      table,
      services(runner),
      'firewall:wfp-audit',
      { port: 8080, minutes: 3, confirmed: true },
      new AbortController().signal,
      () => undefined,
      () => undefined,
    );
    await waitingNow;
    expect(wfpAuditRunning()).toBe(true);
    expect(await endWfpAuditWindows()).toBe(1);
    expect(disables(calls)).toHaveLength(2);
    expect(wfpAuditRunning()).toBe(false);
  });

  it('the app quitting during a window is held until it ends, then quits; with none running it quits at once', async () => {
    const app = Object.assign(new EventEmitter(), { quits: 0, quit: () => void app.quits++ });
    let running = true;
    let finish: () => void = () => undefined;
    holdQuitWhile(
      app,
      () => running,
      () => new Promise<void>((resolve) => (finish = resolve)),
    );
    const quitEvent = () => {
      let prevented = false;
      app.emit('before-quit', { preventDefault: () => void (prevented = true) });
      return prevented;
    };
    expect(quitEvent()).toBe(true);
    expect(app.quits).toBe(0);
    finish();
    await new Promise((r) => setImmediate(r));
    expect(app.quits).toBe(1);
    running = false;
    expect(quitEvent()).toBe(false);
  });

  it('not elevated, not Windows, or a replay: refused before anything runs', async () => {
    for (const over of [{ elevated: false }, { platform: 'linux' as const }, { replay: { sources: {} } as never }]) {
      const { runner, calls } = windows({});
      const { done } = await confirmed(runner, { over });
      expect(done.result?.kind, JSON.stringify(over)).toBe('unavailable');
      expect(calls).toEqual([]);
    }
  });
});

describe('where the app offers the window', () => {
  async function replayed(name: string) {
    const parsed = parseBundleText(readFileSync(`test/fixtures/windows-bundles/${name}.portdoctor.json`, 'utf8'));
    if (!('bundle' in parsed)) throw new Error(name);
    const r = await checkPortHandler(
      { port: parsed.bundle.target?.port ?? 8080, protocol: 'tcp' },
      { services: createServices({ replay: parsed.bundle, dataDir: '/nonexistent' }), signal: new AbortController().signal },
    );
    if (r.kind !== 'ok') throw new Error(r.reason);
    return r.data;
  }
  it('on the replayed wfp-audit-off check (auditing off), not where a drop was already read', async () => {
    expect(offersWfpAudit(await replayed('wfp-audit-off'))).toBe(true);
    expect(offersWfpAudit(await replayed('wfp-third-party-drop'))).toBe(false);
    expect(offersWfpAudit(await replayed('wfp-windows-filter-drop'))).toBe(false);
  });
});
