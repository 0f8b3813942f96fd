import { spawnSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../electron/actions/audit-log';
import { FixStore } from '../../../electron/actions/fix-store';
import { appendFileSafely, writeFileAtomic, WriteRefused } from '../../../electron/system/safe-write';

const VICTIM = 'victim text\n';

describe('safe writes (issue 11 item 8)', () => {
  let dir: string;
  let victim: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pd-safe-'));
    victim = join(dir, 'victim');
    await writeFile(victim, VICTIM);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writeFileAtomic refuses a symbolic link at the target, with or without overwrite, and leaves no temporary file', async () => {
    await symlink(victim, join(dir, 'out'));
    for (const overwrite of [false, true]) {
      const e = await writeFileAtomic(join(dir, 'out'), 'new', { mode: 0o600, overwrite }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(WriteRefused);
      expect((e as WriteRefused).reason).toBe('symlink');
      expect((e as Error).message).not.toContain('\n');
    }
    expect(await readFile(victim, 'utf8')).toBe(VICTIM);
    expect((await readdir(dir)).sort()).toEqual(['out', 'victim']);
  });

  it('writeFileAtomic refuses an existing file unless asked, refuses a folder always, and writes new files with the mode given', async () => {
    await expect(writeFileAtomic(victim, 'x', { mode: 0o600 })).rejects.toMatchObject({ reason: 'exists' });
    expect(await readFile(victim, 'utf8')).toBe(VICTIM);
    await mkdir(join(dir, 'folder'));
    await expect(writeFileAtomic(join(dir, 'folder'), 'x', { mode: 0o600, overwrite: true })).rejects.toMatchObject({
      reason: 'not-a-file',
    });
    await writeFileAtomic(victim, 'replaced', { mode: 0o600, overwrite: true });
    expect(await readFile(victim, 'utf8')).toBe('replaced');
    await writeFileAtomic(join(dir, 'fresh'), 'fresh', { mode: 0o640 });
    expect((await stat(join(dir, 'fresh'))).mode & 0o777).toBe(0o640 & ~process.umask());
    expect((await readdir(dir)).sort()).toEqual(['folder', 'fresh', 'victim']);
  });

  it('appendFileSafely refuses a symbolic link (audit log, known_hosts) and a FIFO, appends to a regular file', async () => {
    await symlink(victim, join(dir, 'log'));
    await expect(appendFileSafely(join(dir, 'log'), 'line\n', 0o600)).rejects.toMatchObject({ reason: 'symlink' });
    expect(await readFile(victim, 'utf8')).toBe(VICTIM);
    if (process.platform !== 'win32' && spawnSync('mkfifo', [join(dir, 'fifo')]).status === 0) {
      await expect(appendFileSafely(join(dir, 'fifo'), 'line\n', 0o600)).rejects.toMatchObject({ reason: 'not-a-file' });
    }
    await appendFileSafely(victim, 'more\n', 0o600);
    expect(await readFile(victim, 'utf8')).toBe(`${VICTIM}more\n`);
  });

  it('the audit log and the fix store never write through a link planted in the data folder', async () => {
    const data = join(dir, 'data');
    await mkdir(join(data, 'fixes'), { recursive: true });
    await symlink(victim, join(data, 'audit.jsonl'));
    await expect(appendAudit(data, { action: 'apply', backend: 'nftables', summary: 's', outcome: 'o', runs: [] })).rejects.toBeInstanceOf(
      WriteRefused,
    );
    // The fix store replaces its own records, but never a link: refused, its target never written.
    await symlink(victim, join(data, 'fixes', 'fix-0123456789ab.json'));
    await expect(new FixStore(data).saveUndo({ id: 'fix-0123456789ab' } as never)).rejects.toBeInstanceOf(WriteRefused);
    expect(await readFile(victim, 'utf8')).toBe(VICTIM);
    const entry = await lstat(join(data, 'fixes', 'fix-0123456789ab.json'));
    expect(entry.isSymbolicLink()).toBe(true);
  });
});
