import { describe, expect, it } from 'vitest';
import type { CommandResult, CommandSpec, Runner } from '../../../../../electron/system/runner';
import { argvOf } from '../../../../../electron/system/runner';
import { parseAuditpolCsv, planAuditWindow, runAuditWindow } from '../../../../../electron/probes/windows/wfp-audit';
import { psJson } from '../../../../fixtures/windows-bundles/machine';
import { FILTERS, blocked } from '../../../../fixtures/windows-bundles/wfp';

// Issue 16 item 12: turning Filtering Platform drop auditing on for a few minutes — previewed, run only when
// confirmed, and undone afterwards for exactly what it changed. `auditpol /get /r` CSV in the documented layout
// (Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting); the settings are
// translated, so they are compared, never read (de-DE words here are our own).
const PD = '{0CCE9225-69AE-11D9-BED3-505054503030}';
const CN = '{0CCE9226-69AE-11D9-BED3-505054503030}';
const csv = (pd: string, cn: string) =>
  `Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting\r\nSRV01,System,Filterplattform: verworfene Pakete,${PD},${pd},\r\nSRV01,System,Filterplattformverbindung,${CN},${cn},\r\n`;

/** A runner that answers in order and records every argv. */
function scripted(answers: Array<(spec: CommandSpec) => Partial<{ stdout: string; exitCode: number }>>): {
  runner: Runner;
  calls: string[][];
} {
  const calls: string[][] = [];
  let i = 0;
  const run = async (spec: CommandSpec): Promise<CommandResult> => {
    const argv = argvOf(spec);
    calls.push(argv);
    const a = answers[i++]?.(spec) ?? {};
    const output = { stdout: Buffer.from(a.stdout ?? ''), stderr: Buffer.alloc(0), exitCode: a.exitCode ?? 0, elapsedMs: 1 };
    return (a.exitCode ?? 0) === 0
      ? { kind: 'ok', source: spec.source, argv, output }
      : { kind: 'error', source: spec.source, argv, error: { reason: 'exit-code', detail: `exited with ${a.exitCode}`, output } };
  };
  return { runner: { mode: 'live', run, readFile: run as unknown as Runner['readFile'] }, calls };
}

const plan = planAuditWindow(8080, 'tcp', 3);
const waited: number[] = [];
const wait = async (ms: number) => {
  waited.push(ms);
};

describe('the plan (preview): exact argv by GUID, bounded minutes', () => {
  it('get, enable, disable by subcategory GUID', () => {
    expect(argvOf(plan.get)).toEqual(['auditpol.exe', '/get', `/subcategory:${PD},${CN}`, '/r']);
    expect(plan.enable.map(argvOf)).toEqual([
      ['auditpol.exe', '/set', `/subcategory:${PD}`, '/failure:enable'],
      ['auditpol.exe', '/set', `/subcategory:${CN}`, '/failure:enable'],
    ]);
    expect(plan.disable.map(argvOf)).toEqual([
      ['auditpol.exe', '/set', `/subcategory:${PD}`, '/failure:disable'],
      ['auditpol.exe', '/set', `/subcategory:${CN}`, '/failure:disable'],
    ]);
    expect(() => planAuditWindow(8080, 'tcp', 0)).toThrow();
    expect(() => planAuditWindow(8080, 'tcp', 31)).toThrow();
  });
  it('auditpol CSV: the setting by GUID, whatever its language', () => {
    expect(parseAuditpolCsv(csv('Keine Überwachung', 'Fehler'))).toEqual(
      new Map([
        [PD, 'Keine Überwachung'],
        [CN, 'Fehler'],
      ]),
    );
  });
});

describe('a confirmed window', () => {
  it('both off before: enables both, waits, names the third-party filter, and turns both off again', async () => {
    const { runner, calls } = scripted([
      () => ({ stdout: csv('Keine Überwachung', 'Keine Überwachung') }),
      () => ({}),
      () => ({}),
      () => ({ stdout: csv('Fehler', 'Fehler') }),
      () => ({ stdout: psJson([blocked(8080, 70412, 't1'), blocked(8080, 70412, 't2')]) }),
      () => ({ stdout: psJson(FILTERS) }),
      () => ({}),
      () => ({}),
    ]);
    const r = await runAuditWindow(runner, plan, { confirmed: true, codePage: 850, wait });
    expect(r).toMatchObject({
      outcome: 'done',
      changed: [PD, CN],
      restored: [PD, CN],
      restoreFailed: [],
      drops: { count: 2, filterId: '70412', owner: 'third-party' },
    });
    expect(waited.at(-1)).toBe(180_000);
    expect(calls.slice(-2)).toEqual(plan.disable.map(argvOf));
  });

  it('packet-drop auditing already on: only the connection subcategory is turned off again', async () => {
    const { runner, calls } = scripted([
      () => ({ stdout: csv('Fehler', 'Keine Überwachung') }),
      () => ({}),
      () => ({}),
      () => ({ stdout: csv('Fehler', 'Fehler') }),
      () => ({ stdout: '[]' }),
      () => ({}),
    ]);
    const r = await runAuditWindow(runner, plan, { confirmed: true, codePage: 850, wait });
    expect(r).toMatchObject({ outcome: 'done', changed: [CN], restored: [CN], drops: null });
    expect(calls.at(-1)).toEqual(argvOf(plan.disable[1] as CommandSpec));
    expect(calls.filter((c) => c.includes('/failure:disable'))).toHaveLength(1);
  });

  it('cancelled while waiting: the drops are still read and what was turned on is turned off', async () => {
    const { runner } = scripted([
      () => ({ stdout: csv('A', 'A') }),
      () => ({}),
      () => ({}),
      () => ({ stdout: csv('B', 'B') }),
      () => ({ stdout: '[]' }),
      () => ({}),
      () => ({}),
    ]);
    const r = await runAuditWindow(runner, plan, {
      confirmed: true,
      codePage: 850,
      wait: async () => Promise.reject(new Error('aborted')),
    });
    expect(r).toMatchObject({ outcome: 'cancelled', restored: [PD, CN] });
  });

  it('the second enable fails (not elevated): what the first changed is undone, nothing is waited for', async () => {
    const before = waited.length;
    const { runner } = scripted([
      () => ({ stdout: csv('A', 'A') }),
      () => ({}),
      () => ({ exitCode: 5 }),
      () => ({ stdout: csv('B', 'A') }),
      () => ({}),
    ]);
    const r = await runAuditWindow(runner, plan, { confirmed: true, codePage: 850, wait });
    expect(r).toMatchObject({ outcome: 'not-enabled', changed: [PD], restored: [PD] });
    expect(waited.length).toBe(before);
  });

  it('a failing undo is reported, never hidden', async () => {
    const { runner } = scripted([
      () => ({ stdout: csv('A', 'A') }),
      () => ({}),
      () => ({}),
      () => ({ stdout: csv('B', 'B') }),
      () => ({ stdout: '[]' }),
      () => ({ exitCode: 5 }),
      () => ({}),
    ]);
    const r = await runAuditWindow(runner, plan, { confirmed: true, codePage: 850, wait });
    expect(r).toMatchObject({ restored: [CN], restoreFailed: [PD] });
  });
});
