import { EventEmitter } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MINUTES, runAuditWfp } from '../../../../electron/cli/commands/audit-wfp';
import type { AuditWfpOptions } from '../../../../electron/cli/commands/audit-wfp';
import { buildProgram, runCli } from '../../../../electron/cli/program';
import { createWfpAuditHandlers } from '../../../../electron/handlers/firewall-wfp-audit';
import type { HandlerTable } from '../../../../electron/handlers/types';
import type { Runner } from '../../../../electron/system/runner';
import { psJson } from '../../../fixtures/windows-bundles/machine';
import { FILTERS, blocked } from '../../../fixtures/windows-bundles/wfp';
import { englishLines } from '../../../lab/support/english-lines';
import { CN, OEMCP, OFF, ON, PD, csv, removeDataDirs, services, setCalls, windows } from '../actions/wfp-audit-fakes';

// `portdoctor audit-wfp` (issue 16 item 12): preview, confirmation, progress, Ctrl-C, exit codes — on the fake
// Windows of wfp-audit-fakes.ts through the same handlers and dispatch the real command uses.
afterAll(removeDataDirs);

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Run the command on the fake Windows; `wait` is the window's wait (default: returns at once). */
async function onWindows(
  runner: Runner,
  opts: Partial<AuditWfpOptions>,
  env: { answer?: string; wait?: (ms: number, signal?: AbortSignal) => Promise<void>; signals?: EventEmitter; elevated?: boolean } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const signals = env.signals ?? new EventEmitter();
  const asked: string[] = [];
  const ask = env.answer === undefined ? null : async (q: string) => (asked.push(q), /^y/.test(env.answer ?? ''));
  const table = createWfpAuditHandlers(env.wait ?? (async () => undefined)) as unknown as HandlerTable;
  const code = await runAuditWfp(
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    8080,
    { minutes: 2, protocol: 'tcp', lang: 'en', ...opts },
    { ctx: { table, services: services(runner, env.elevated === undefined ? {} : { elevated: env.elevated }) }, ask, signals },
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), asked, signals };
}

// What stays as written in a Chinese sentence: the commands (as typed) and the names the system gave (filter, provider).
const AS_TYPED = [/auditpol\.exe [^\n]*/g, /Contoso inbound protection/g, /Contoso Endpoint Firewall Provider/g];
const asTyped = (text: string) => AS_TYPED.reduce((t, re) => t.replace(re, '`…`'), text);

const WINDOW = {
  'windows.reg.oemcp': { stdout: OEMCP },
  'windows.auditpol.wfp': [{ stdout: csv(OFF, OFF) }, { stdout: csv(ON, ON) }],
  'windows.ps.wfp-drops': { stdout: '[]' },
};

describe('portdoctor audit-wfp: arguments and other platforms', () => {
  it.each([['0'], ['16'], ['abc']])('--minutes %s is refused with exit 2', async (m) => {
    const r = await cli('audit-wfp', '8080', '--minutes', m);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/minutes/);
  });

  it(`--minutes defaults to ${DEFAULT_MINUTES}`, () => {
    const cmd = buildProgram({ out: () => undefined, err: () => undefined }, { set: () => undefined }).commands.find(
      (c) => c.name() === 'audit-wfp',
    );
    expect(cmd?.options.find((o) => o.long === '--minutes')?.defaultValue).toBe(5);
  });

  it.runIf(process.platform !== 'win32')(
    'off Windows: one line "only on Windows", exit 2, with or without --yes; in zh-CN too',
    async () => {
      for (const yes of [[], ['--yes']]) {
        const r = await cli('audit-wfp', '8080', '--lang', 'en', ...yes);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n')).toEqual([
          'portdoctor audit-wfp: Filtering Platform drop auditing exists only on Windows: nothing was changed.',
        ]);
      }
      const zh = await cli('audit-wfp', '8080', '--lang', 'zh-CN');
      expect(zh.code).toBe(2);
      expect(zh.stderr.trim().split('\n')).toEqual(['portdoctor audit-wfp: 筛选平台丢弃审核仅存在于 Windows 上：未做任何更改。']);
    },
  );
});

describe('portdoctor audit-wfp on Windows', () => {
  it('without --yes and no terminal: the plan, nothing run, exit 0', async () => {
    const { runner, calls } = windows(WINDOW);
    const r = await onWindows(runner, {});
    expect(calls).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`turn on: auditpol.exe /set /subcategory:${PD} /failure:enable`);
    expect(r.stdout).toContain('Nothing was changed. Re-run with --yes to turn auditing on.');
  });

  it('on a terminal it asks: "n" changes nothing, "y" runs the window', async () => {
    const no = windows(WINDOW);
    const r1 = await onWindows(no.runner, {}, { answer: 'n' });
    expect(r1.asked).toEqual(['Turn drop auditing on for 2 min now? [y/N] ']);
    expect(no.calls).toEqual([]);
    expect(r1.stdout).toContain('Nothing was changed.');
    const yes = windows(WINDOW);
    const r2 = await onWindows(yes.runner, {}, { answer: 'y' });
    expect(setCalls(yes.calls)).toHaveLength(4);
    expect(r2.code).toBe(0);
  });

  it('--yes: progress on stderr, the result on stdout, both undone; --json gives one document', async () => {
    const { runner } = windows(WINDOW);
    const r = await onWindows(runner, { yes: true, minutes: 1 });
    expect(r.stderr.split('\n')).toEqual([
      'portdoctor audit-wfp: auditing on for 1 min — retry from the client now (Ctrl-C ends early; auditing is turned off again)',
      'portdoctor audit-wfp: auditing: 30 s left',
    ]);
    expect(r.stdout).toContain('Audit window: done.\nNo inbound TCP 8080 drop was logged in the last hour.');
    expect(r.stdout).toContain('Audit policy: turned on 2 subcategory(ies), turned off again 2.');
    const j = await onWindows(windows(WINDOW).runner, { yes: true, json: true });
    expect(j.stderr).toBe('');
    const doc = JSON.parse(j.stdout) as { schema: string; result: { restored: string[] } };
    expect(doc).toMatchObject({ schema: 'portdoctor.audit-wfp/1', result: { outcome: 'done', restored: [PD, CN] } });
  });

  it('Ctrl-C while auditing ends the wait; a second Ctrl-C during the undo does not stop it; listeners are removed', async () => {
    const signals = new EventEmitter();
    const fake = windows(WINDOW);
    const runner: Runner = {
      ...fake.runner,
      run: async (spec) => {
        if (spec.args.includes('/failure:disable')) signals.emit('SIGINT');
        return fake.runner.run(spec);
      },
    };
    const wait = (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((_, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
        setImmediate(() => signals.emit('SIGINT'));
      });
    const r = await onWindows(runner, { yes: true, lang: 'zh-CN' }, { wait, signals });
    expect(setCalls(fake.calls).filter((c) => c.endsWith('disable'))).toEqual([
      `/subcategory:${PD} /failure:disable`,
      `/subcategory:${CN} /failure:disable`,
    ]);
    expect(r.stderr.split('\n').filter((l) => l.includes('请稍候'))).toHaveLength(3);
    expect(r.stdout).toContain('审核窗口：已提前结束。');
    expect(r.stdout).toContain('审核策略：开启了 2 个子类别，再次关闭了 2 个。');
    expect(r.code).toBe(0);
    for (const s of ['SIGINT', 'SIGBREAK', 'SIGTERM']) expect(signals.listenerCount(s), s).toBe(0);
  });

  it("--lang zh-CN: every sentence of preview, progress and result is Chinese (the sweep's detector)", async () => {
    const { runner } = windows({
      ...WINDOW,
      'windows.ps.wfp-drops': { stdout: psJson([blocked(8080, 70412, '2026-12-05T10:01:00Z')]) },
      'windows.ps.wfp-filters': { stdout: psJson(FILTERS) },
      'windows.auditpol.wfp-disable.2': { exitCode: 5 },
    });
    const r = await onWindows(runner, { yes: true, lang: 'zh-CN' });
    expect(r.code).toBe(2);
    const text = `${r.stdout}\n${r.stderr}`;
    expect(text).toContain('筛选器 70412“Contoso inbound protection”属于第三方软件 Contoso Endpoint Firewall Provider');
    expect(englishLines(asTyped(text))).toEqual([]);
    const preview = await onWindows(windows(WINDOW).runner, { lang: 'zh-CN' });
    expect(preview.stdout).toContain('未做任何更改。加上 --yes 重新运行以开启审核。');
    expect(englishLines(asTyped(preview.stdout))).toEqual([]);
  });

  it('not elevated: the plan is shown, then refused before asking — nothing runs, exit 2', async () => {
    const { runner, calls } = windows(WINDOW);
    const r = await onWindows(runner, {}, { answer: 'y', elevated: false });
    expect(r.asked).toEqual([]);
    expect(calls).toEqual([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`turn on: auditpol.exe /set /subcategory:${PD} /failure:enable`);
    expect(r.stderr).toBe(
      'portdoctor audit-wfp: Changing the audit policy needs an elevated prompt (Run as administrator): nothing was changed.',
    );
  });

  it('an undo left to the user: exit 2 and the command to run', async () => {
    const { runner } = windows({ ...WINDOW, 'windows.auditpol.wfp-disable.2': { exitCode: 5 } });
    const r = await onWindows(runner, { yes: true });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`! still on — run at an elevated prompt: auditpol.exe /set /subcategory:${CN} /failure:disable`);
  });
});
