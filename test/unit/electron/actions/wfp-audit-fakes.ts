import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult, CommandSpec, Runner } from '../../../../electron/system/runner';
import { argvOf } from '../../../../electron/system/runner';
import type { Services } from '../../../../electron/handlers/types';
import { testServices } from '../test-services';

// Issue 16 item 12: a fake Windows for the drop-audit window. It answers by source id in the recorded formats:
// `reg query … OEMCP`, the documented `auditpol /get /r` CSV (Machine Name,Policy Target,Subcategory,Subcategory
// GUID,Inclusion Setting,Exclusion Setting; the settings are translated — these de-DE words are ours), and the
// wfp-drops/-filters scripts' JSON (test/fixtures/windows-bundles/wfp.ts).

/** The Filtering Platform Packet Drop and Connection subcategories (auditpol GUIDs, Microsoft's). */
export const PD = '{0CCE9225-69AE-11D9-BED3-505054503030}';
export const CN = '{0CCE9226-69AE-11D9-BED3-505054503030}';
export const csv = (pd: string, cn: string) =>
  `Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting\r\nSRV01,System,Filterplattform: verworfene Pakete,${PD},${pd},\r\nSRV01,System,Filterplattformverbindung,${CN},${cn},\r\n`;
export const OEMCP = '\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage\r\n    OEMCP    REG_SZ    850\r\n\r\n';
export const OFF = 'Keine Überwachung';
export const ON = 'Fehler';

/** One answer of the fake Windows: output and exit code, or a throw (the runner itself failing). */
export type Answer = { stdout?: string; exitCode?: number; throws?: string };

/** A fake Windows: answers per source id (a list is answered in turn, the last repeating), records every argv in order. */
export function windows(answers: Record<string, Answer | Answer[]>): { runner: Runner; calls: string[][] } {
  const calls: string[][] = [];
  const turn = new Map<string, number>();
  const run = async (spec: CommandSpec): Promise<CommandResult> => {
    const argv = argvOf(spec);
    calls.push(argv);
    const list = answers[spec.source];
    const i = turn.get(spec.source) ?? 0;
    turn.set(spec.source, i + 1);
    const a: Answer = (Array.isArray(list) ? list[Math.min(i, list.length - 1)] : list) ?? {};
    if (a.throws) throw new Error(a.throws);
    const output = { stdout: Buffer.from(a.stdout ?? '', 'utf8'), stderr: Buffer.alloc(0), exitCode: a.exitCode ?? 0, elapsedMs: 1 };
    return output.exitCode === 0
      ? { kind: 'ok', source: spec.source, argv, output }
      : { kind: 'error', source: spec.source, argv, error: { reason: 'exit-code', detail: `exited with ${output.exitCode}`, output } };
  };
  return { runner: { mode: 'live', run, readFile: run as unknown as Runner['readFile'] }, calls };
}

const dirs: string[] = [];
/** Remove the data folders made by `services` (call in afterAll). */
export const removeDataDirs = () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));

/** Elevated Windows services over the fake runner, with a fresh data folder (for the audit log). */
export function services(runner: Runner, over: Partial<Services> = {}): Services {
  const dataDir = mkdtempSync(join(tmpdir(), 'pd-wfp-audit-'));
  dirs.push(dataDir);
  return testServices({ platform: 'win32', elevated: true, runner, dataDir, ...over });
}

/** The `/set` commands run, as "/subcategory:{…} /failure:…". */
export const setCalls = (calls: string[][]) => calls.filter((c) => c[1] === '/set').map((c) => `${c[2]} ${c[3]}`);
