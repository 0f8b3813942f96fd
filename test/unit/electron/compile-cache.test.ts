import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// bin/portdoctor.js keeps V8's compile cache only in a folder no one else can write (the CLI often runs as root).
const bin = join(process.cwd(), 'bin', 'portdoctor.js');
const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

function home(): string {
  const h = mkdtempSync(join(tmpdir(), 'pd-home-'));
  homes.push(h);
  return h;
}

function run(env: Record<string, string>): string {
  const { XDG_CACHE_HOME: _xdg, PORTDOCTOR_NO_COMPILE_CACHE: _off, ...rest } = process.env;
  return execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8', env: { ...rest, ...env } }).trim();
}

function cached(h: string): string[] {
  const dir = join(h, '.cache', 'portdoctor', 'compile-cache');
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : [];
}

describe.skipIf(process.platform === 'win32')('the CLI compile cache', () => {
  it('is kept in the user`s own cache folder', () => {
    const h = home();
    expect(run({ HOME: h })).toMatch(/^\d+\.\d+\.\d+/);
    expect(cached(h).length).toBeGreaterThan(1);
  });

  it('is not used where another user could write', () => {
    const h = home();
    mkdirSync(join(h, '.cache'));
    chmodSync(join(h, '.cache'), 0o777);
    expect(run({ HOME: h })).toMatch(/^\d+\.\d+\.\d+/);
    expect(cached(h)).toEqual([]);
  });

  it('is not used when turned off', () => {
    const h = home();
    expect(run({ HOME: h, PORTDOCTOR_NO_COMPILE_CACHE: '1' })).toMatch(/^\d+\.\d+\.\d+/);
    expect(cached(h)).toEqual([]);
  });
});
