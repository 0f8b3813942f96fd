import { spawnSync } from 'node:child_process';
import { lstat, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrivateCli, cliArgv } from './harness/private-cli';

const root = process.getuid?.() === 0;
const VICTIM_TEXT = 'root:x:0:0:the file a planted link points at\n';

/** The built CLI run as root in `dir`, as an admin would (`portdoctor collect --out …`). */
function cli(script: string, dir: string, args: string[]): { status: number | null; stdout: string; stderrLines: string[] } {
  const [file, ...pre] = cliArgv(script);
  const r = spawnSync(file ?? process.execPath, [...pre, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderrLines: r.stderr.split('\n').filter((l) => l.trim() !== '') };
}

describe.skipIf(!root)(
  'files the CLI writes: never through a planted link, never half-written, no overwrite unless asked (issue 11 item 8)',
  () => {
    let built: { path: string; remove: () => Promise<void> };
    let dir: string;
    beforeAll(async () => {
      built = await buildPrivateCli('safe-write');
      dir = await mkdtemp(join(tmpdir(), 'pd-safe-write-'));
    });
    afterAll(async () => {
      await built?.remove();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    /** Nothing but these names in the folder: no temporary file left behind. */
    async function onlyFiles(names: string[]): Promise<void> {
      expect((await readdir(dir)).sort()).toEqual([...names].sort());
    }

    it('collect --out at a symbolic link to a victim file: refused in one line, exit non-zero, the victim unchanged (with --force too)', async () => {
      const victim = join(dir, 'victim');
      await writeFile(victim, VICTIM_TEXT, { mode: 0o644 });
      await symlink(victim, join(dir, 'bundle.json'));
      for (const force of [[], ['--force']]) {
        const r = cli(built.path, dir, ['collect', '--port', '22', '--out', 'bundle.json', ...force]);
        expect(r.status, force.join(' ')).not.toBe(0);
        expect(r.stderrLines).toHaveLength(1);
        expect(r.stderrLines[0]).toMatch(/^portdoctor collect: bundle\.json is a symbolic link: refusing/);
        expect(await readFile(victim, 'utf8')).toBe(VICTIM_TEXT);
        expect((await lstat(join(dir, 'bundle.json'))).isSymbolicLink()).toBe(true);
        expect(await readlink(join(dir, 'bundle.json'))).toBe(victim);
        await onlyFiles(['bundle.json', 'victim']);
      }
      await rm(join(dir, 'bundle.json'));
      await rm(victim);
    });

    it('collect --out at an existing file: refused without --force (file untouched); with --force replaced whole by a new file, owner-only', async () => {
      const out = join(dir, 'existing.json');
      await writeFile(out, 'earlier report\n', { mode: 0o644 });
      const before = await stat(out);
      const refused = cli(built.path, dir, ['collect', '--port', '22', '--out', 'existing.json']);
      expect(refused.status).not.toBe(0);
      expect(refused.stderrLines).toEqual(['portdoctor collect: existing.json exists: choose another name, or --force to replace it']);
      expect(await readFile(out, 'utf8')).toBe('earlier report\n');
      await onlyFiles(['existing.json']);

      const forced = cli(built.path, dir, ['collect', '--port', '22', '--out', 'existing.json', '--force']);
      expect(forced.stderrLines).toEqual([]);
      expect(forced.status).toBe(0);
      const after = await stat(out);
      // Renamed into place: a new inode, not the old file truncated and rewritten.
      expect(after.ino).not.toBe(before.ino);
      expect(after.mode & 0o777).toBe(0o600);
      const bundle = JSON.parse(await readFile(out, 'utf8')) as { schema: string; sources: Record<string, unknown> };
      expect(bundle.schema).toBe('portdoctor.bundle/1');
      expect(Object.keys(bundle.sources).length).toBeGreaterThan(3);
      await onlyFiles(['existing.json']);
      await rm(out);
    });

    it('collect --out to a new file writes it owner-only; report --merge --md/--html follow the same rules', async () => {
      const fresh = cli(built.path, dir, ['collect', '--port', '22', '--out', 'new.json']);
      expect(fresh.status).toBe(0);
      expect((await stat(join(dir, 'new.json'))).mode & 0o777).toBe(0o600);

      const check = cli(built.path, dir, ['check', '22', '--json']);
      await writeFile(join(dir, 'check.json'), check.stdout);
      const victim = join(dir, 'victim');
      await writeFile(victim, VICTIM_TEXT);
      await symlink(victim, join(dir, 'fleet.md'));
      const linked = cli(built.path, dir, ['report', '--merge', 'here=check.json', '--md', 'fleet.md', '--force']);
      expect(linked.status).toBe(2);
      expect(linked.stderrLines).toHaveLength(1);
      expect(linked.stderrLines[0]).toMatch(/^portdoctor report: fleet\.md is a symbolic link: refusing/);
      expect(await readFile(victim, 'utf8')).toBe(VICTIM_TEXT);

      const html = cli(built.path, dir, ['report', '--merge', 'here=check.json', '--html', 'fleet.html']);
      expect(html.stderrLines).toEqual([]);
      expect(await readFile(join(dir, 'fleet.html'), 'utf8')).toMatch(/^<!doctype html>/i);
      const again = cli(built.path, dir, ['report', '--merge', 'here=check.json', '--html', 'fleet.html']);
      expect(again.status).toBe(2);
      expect(again.stderrLines).toEqual(['portdoctor report: fleet.html exists: choose another name, or --force to replace it']);
      await onlyFiles(['check.json', 'fleet.html', 'fleet.md', 'new.json', 'victim']);
    });
  },
);
