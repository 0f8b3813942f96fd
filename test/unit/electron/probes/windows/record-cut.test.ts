import { describe, expect, it } from 'vitest';
import { cutWindowsRecording } from '../../../../../electron/probes/windows/record-cut';
import type { Bundle } from '../../../../../shared/bundle/schema';
import { replayChannel as replay, windowsBundles as bundles } from './replay-bundles';

const commandLines = (b: Bundle) =>
  (JSON.parse(b.sources['windows.ps.processes']?.stdout?.data ?? '[]') as { CommandLine: string | null }[]).filter((p) => p.CommandLine)
    .length;

describe('a Windows recording keeps command lines only of socket owners (issue 11 item 9)', () => {
  it('the ports view and the check judge the cut recording exactly as the whole one', async () => {
    let removed = 0;
    for (const { file, bundle } of bundles) {
      const cut: Bundle = { ...bundle, sources: { ...bundle.sources } };
      cutWindowsRecording(cut.sources);
      if (bundle.sources['windows.ps.processes']?.stdout?.encoding === 'utf8') removed += commandLines(bundle) - commandLines(cut);
      const port = bundle.target?.port ?? 80;
      expect(await replay(cut, 'ports:list', { owners: true }), file).toEqual(await replay(bundle, 'ports:list', { owners: true }));
      expect(await replay(cut, 'diagnose:check-port', { port }), file).toEqual(await replay(bundle, 'diagnose:check-port', { port }));
    }
    // Not vacuous: the recordings hold command lines of processes that own no socket, and those went.
    expect(removed).toBeGreaterThan(0);
  });

  it('processes that own no socket lose their command line; name, path and id stay', () => {
    const b = bundles.find((x) => x.file === 'ok.portdoctor.json')?.bundle;
    if (!b) throw new Error('ok.portdoctor.json missing');
    const cut = { ...b.sources };
    cutWindowsRecording(cut);
    const before = JSON.parse(b.sources['windows.ps.processes']?.stdout?.data ?? '[]') as {
      ProcessId: number;
      Name: string;
      CommandLine: string | null;
    }[];
    const after = JSON.parse(cut['windows.ps.processes']?.stdout?.data ?? '[]') as typeof before;
    const owners = new Set(
      (JSON.parse(b.sources['windows.ps.tcp-connections']?.stdout?.data ?? '[]') as { OwningProcess: number }[]).map(
        (c) => c.OwningProcess,
      ),
    );
    expect(after.map((p) => [p.ProcessId, p.Name])).toEqual(before.map((p) => [p.ProcessId, p.Name]));
    for (const p of after) if (!owners.has(p.ProcessId)) expect(p.CommandLine, p.Name).toBeNull();
    expect(after.some((p) => p.CommandLine)).toBe(true);
  });
});
