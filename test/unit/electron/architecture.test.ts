import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cruise } from 'dependency-cruiser';
import type { ICruiseOptions, ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

// The architecture table (.dependency-cruiser.cjs, issue 15 item 5) as `npm run lint` runs it: the app keeps it, and
// each row catches what it forbids, shown on a small tree of modules written for the purpose (never in the repo).

const repo = resolve(__dirname, '../../..');
const options = async (): Promise<ICruiseOptions> => extractDepcruiseOptions(join(repo, '.dependency-cruiser.cjs'));

async function violations(roots: string[], baseDir: string): Promise<{ rule: string; from: string; to: string }[]> {
  const result = await cruise(roots, { ...(await options()), baseDir });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe('the architecture table', () => {
  it('holds for the app: electron/, shared/ and renderer/ break none of its rules', async () => {
    expect(await violations(['electron', 'shared', 'renderer'], repo)).toEqual([]);
  }, 60_000);

  describe('on modules that break it', () => {
    const tree = mkdtempSync(join(tmpdir(), 'pd-architecture-'));
    afterAll(() => rmSync(tree, { recursive: true, force: true }));
    // Packages resolve as in the repo (systeminformation, zod, react …).
    symlinkSync(join(repo, 'node_modules'), join(tree, 'node_modules'), 'dir');
    const files: Record<string, string> = {
      // issue 15's two reproductions: both passed lint and typecheck.
      'electron/probes/client/uses-renderer.ts': "import { IDLE } from '../../../renderer/state/remote';\nexport const a = IDLE;\n",
      'shared/net/uses-systeminformation.ts': "import si from 'systeminformation';\nexport const b = si;\n",
      'shared/net/uses-fs-promises.ts': "import { readFile } from 'fs/promises';\nexport const c = readFile;\n",
      'shared/net/uses-node-os.ts': "import { hostname } from 'node:os';\nexport const d = hostname;\n",
      'shared/net/uses-react.ts': "import { useState } from 'react';\nexport const e = useState;\n",
      'shared/net/uses-electron-app.ts': "import { f0 } from '../../electron/system/bottom';\nexport const f = f0;\n",
      'shared/firewall/uses-diagnose.ts': "import { g0 } from '../diagnose/steps';\nexport const g = g0;\n",
      'shared/diagnose/steps.ts': 'export const g0 = 1;\n',
      'shared/cycle-a.ts': "import { h1 } from './cycle-b';\nexport const h0 = () => h1;\n",
      'shared/cycle-b.ts': "import { h0 } from './cycle-a';\nexport const h1 = () => h0;\n",
      'shared/net/uses-moved.ts': "import { p0 } from '../diagnose/moved-away';\nexport const p = p0;\n",
      'shared/net/portable.ts': "import { z } from 'zod';\nexport const i = z.string();\n",
      'renderer/state/remote.ts': 'export const IDLE = 0;\n',
      'renderer/uses-electron.ts': "import { f0 } from '../electron/system/bottom';\nexport const j = f0;\n",
      'renderer/uses-node.ts': "import { join } from 'node:path';\nexport const k = join;\n",
      'renderer/uses-ssh2.ts': "import { Client } from 'ssh2';\nexport const o = Client;\n",
      'renderer/uses-shared.ts': "import { i } from '../shared/net/portable';\nexport const l = i;\n",
      'renderer/features/ports/uses-charts.ts': "import { q0 } from '../charts/chart-bits';\nexport const q = q0;\n",
      'renderer/features/charts/chart-bits.ts': "import { r0 } from './chart-more';\nexport const q0 = r0;\n",
      'renderer/features/charts/chart-more.ts': 'export const r0 = 1;\n',
      // The renderer's layers (issue 15 item 8): shell → features → components → state → api / i18n.
      'renderer/shell/frame.ts': "import { s0 } from '../features/diagnose/page-bits';\nexport const s = s0;\n",
      'renderer/features/diagnose/page-bits.ts': 'export const s0 = 1;\n',
      'renderer/features/reports/uses-shell.ts': "import { s } from '../../shell/frame';\nexport const t = s;\n",
      'renderer/components/uses-page.ts': "import { s0 } from '../features/diagnose/page-bits';\nexport const u = s0;\n",
      'renderer/state/uses-component.ts': "import { u } from '../components/uses-page';\nexport const v = u;\n",
      'renderer/api/uses-state.ts': "import { IDLE } from '../state/remote';\nexport const w = IDLE;\n",
      // Two folders importing each other, with no module cycle: only the folder rule sees it.
      'renderer/state/one/a.ts': "import { x1 } from '../two/b';\nexport const x0 = x1;\n",
      'renderer/state/two/b.ts': 'export const x1 = 1;\n',
      'renderer/state/two/c.ts': "import { x0 } from '../one/a';\nexport const x2 = x0;\n",
      'electron/system/bottom.ts': 'export const f0 = 1;\n',
      'electron/system/uses-probe.ts': "import { m0 } from '../probes/linux/facts';\nexport const m = m0;\n",
      'electron/probes/linux/facts.ts': "import { f0 } from '../../system/bottom';\nexport const m0 = f0;\n",
      'electron/probes/linux/uses-handler.ts': "import { n0 } from '../../handlers/table';\nexport const n = n0;\n",
      'electron/handlers/table.ts': "import { m0 } from '../probes/linux/facts';\nexport const n0 = m0;\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(tree, dirname(path)), { recursive: true });
      writeFileSync(join(tree, path), text);
    }
    const found = violations(['electron', 'shared', 'renderer'], tree);
    const rulesFor = async (from: string): Promise<string[]> =>
      [...new Set((await found).filter((v) => v.from === from).map((v) => v.rule))].sort();

    it('a probe importing renderer/state/remote (reproduction 1)', async () => {
      expect(await rulesFor('electron/probes/client/uses-renderer.ts')).toEqual(['electron-no-renderer', 'probes-no-app-layers']);
    }, 60_000);

    it('shared/ importing systeminformation (reproduction 2), fs/promises, node:os, React or electron/', async () => {
      expect(await rulesFor('shared/net/uses-systeminformation.ts')).toEqual([
        'shared-no-node-only-package',
        'shared-only-portable-packages',
      ]);
      expect(await rulesFor('shared/net/uses-fs-promises.ts')).toEqual(['shared-no-node']);
      expect(await rulesFor('shared/net/uses-node-os.ts')).toEqual(['shared-no-node']);
      expect(await rulesFor('shared/net/uses-react.ts')).toEqual(['shared-no-dom', 'shared-only-portable-packages']);
      expect(await rulesFor('shared/net/uses-electron-app.ts')).toEqual(['shared-no-app-layers']);
    }, 60_000);

    it('the layers inside shared/ and electron/, and import cycles', async () => {
      expect(await rulesFor('shared/firewall/uses-diagnose.ts')).toEqual(['shared-firewall-below-diagnose']);
      expect(await rulesFor('electron/system/uses-probe.ts')).toEqual(['system-is-the-bottom']);
      expect(await rulesFor('electron/probes/linux/uses-handler.ts')).toEqual(['probes-no-app-layers']);
      expect(await rulesFor('shared/net/uses-moved.ts')).toEqual(['not-to-unresolvable']);
      // A cycle is reported once, from the module the walk met first.
      const cycles = (await found).filter((v) => v.rule === 'no-circular').map((v) => [v.from, v.to].sort().join(' ↔ '));
      expect(cycles).toEqual(['shared/cycle-a.ts ↔ shared/cycle-b.ts']);
    }, 60_000);

    it('renderer/ importing electron/ or Node, and what stays allowed', async () => {
      expect(await rulesFor('renderer/uses-electron.ts')).toEqual(['renderer-only-shared']);
      expect(await rulesFor('renderer/uses-node.ts')).toEqual(['renderer-no-node']);
      expect(await rulesFor('renderer/uses-ssh2.ts')).toEqual(['renderer-no-node-only-package']);
      expect(await rulesFor('renderer/features/ports/uses-charts.ts')).toEqual(['features-no-cross-import']);
      expect(await rulesFor('renderer/features/reports/uses-shell.ts')).toEqual(['renderer-shell-on-top']);
      expect(await rulesFor('renderer/components/uses-page.ts')).toEqual(['renderer-components-below-features']);
      expect(await rulesFor('renderer/state/uses-component.ts')).toEqual(['renderer-state-below-ui']);
      expect(await rulesFor('renderer/api/uses-state.ts')).toEqual(['renderer-api-i18n-at-the-bottom']);
      // A folder cycle is reported per folder in it.
      const folderCycles = (await found).filter((v) => v.rule === 'renderer-no-folder-cycles').map((v) => `${v.from} → ${v.to}`);
      expect(folderCycles.sort()).toEqual(['renderer/state/one → renderer/state/two', 'renderer/state/two → renderer/state/one']);
      for (const ok of [
        'renderer/features/charts/chart-bits.ts',
        'renderer/shell/frame.ts',
        'renderer/features/diagnose/page-bits.ts',
        'renderer/uses-shared.ts',
        'shared/net/portable.ts',
        'electron/handlers/table.ts',
        'electron/probes/linux/facts.ts',
      ]) {
        expect(await rulesFor(ok)).toEqual([]);
      }
    }, 60_000);
  });
});
