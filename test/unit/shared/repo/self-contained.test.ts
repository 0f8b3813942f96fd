import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A user's clone has no build machine beside it: no committed file may name this machine's
// work folder or the shared folder next to the clone (issue 15, item 7).
const ROOT = join(import.meta.dirname, '../../../..');
const MACHINE_ROOT = ['', 'work', ''].join('/');
const SIBLING = ['..', 'shared', 'fixtures'].join('/');

const tracked = (): string[] => execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);

describe('the repository is self-contained', () => {
  it('no tracked file names an absolute path of the build machine or the shared folder beside the clone', () => {
    const files = tracked();
    expect(files).toContain('test/fixtures/windows/SOURCES.md');
    const offenders = files.filter((f) => {
      const text = readFileSync(join(ROOT, f)).toString('latin1');
      return text.includes(MACHINE_ROOT) || text.includes(SIBLING);
    });
    expect(offenders).toEqual([]);
  });
});
