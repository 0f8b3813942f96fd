import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// electron/cli/code-cache.ts: how the standalone binaries without a startup snapshot run their script (sea-loader.ts).
// Each run is a process of its own, as each start of a binary is: within one process V8's own compilation cache would
// answer before the code cache is even looked at.
const work = mkdtempSync(join(tmpdir(), 'pd-codecache-'));
const runner = join(work, 'run.cjs');
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  await build({
    entryPoints: ['electron/cli/code-cache.ts'],
    outfile: join(work, 'code-cache.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
  });
  // argv: the script's file, the cache folder ('' for none). Prints what the script saw and whether the cache was taken.
  writeFileSync(
    runner,
    `const { runWithCodeCache } = require('./code-cache.cjs');
const source = require('node:fs').readFileSync(process.argv[2], 'utf8');
const r = runWithCodeCache(source, process.argv[3] || null, { require, filename: '/opt/portdoctor', dirname: '/opt' }, process.argv[4]);
r.save();
console.log(JSON.stringify({ accepted: r.accepted, seen: globalThis.__pdSeen }));`,
  );
});
let n = 0;
const cacheDir = () => mkdtempSync(join(work, 'cache-'));
/** One start: the script run through the cache in `dir` (the variant's own, when given). */
function start(source: string, dir: string | null, variant?: string): { accepted: boolean; seen: unknown } {
  const file = join(work, `script-${n++}.cjs`);
  writeFileSync(file, source);
  const r = spawnSync(process.execPath, [runner, file, dir ?? '', ...(variant === undefined ? [] : [variant])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { accepted: boolean; seen: unknown };
}
// What the script saw: its wrapper's arguments and a built-in it required.
const SOURCE = `globalThis.__pdSeen = { filename: __filename, dirname: __dirname, os: typeof require('node:os').cpus, exports: module.exports === exports };
function work(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; } work(10);`;

describe('runWithCodeCache', () => {
  it('runs the script as CommonJS with the scope it is given', () => {
    expect(start(SOURCE, null)).toEqual({
      accepted: false,
      seen: { filename: '/opt/portdoctor', dirname: '/opt', os: 'function', exports: true },
    });
  });

  it('writes the cache once the script has run, then starts from it', () => {
    const dir = cacheDir();
    expect(start(SOURCE, dir).accepted).toBe(false);
    const [file] = readdirSync(dir);
    expect(file).toMatch(/^sea-[0-9a-f]{32}\.v8$/);
    expect(statSync(join(dir, file as string)).mode & 0o777).toBe(0o600);
    expect(start(SOURCE, dir).accepted).toBe(true);
    expect(readdirSync(dir)).toEqual([file]);
  });

  it('replaces a cache V8 rejects, and keeps one per script', () => {
    const dir = cacheDir();
    start(SOURCE, dir);
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file as string), 'not a code cache');
    expect(start(SOURCE, dir).accepted).toBe(false);
    expect(start(SOURCE, dir).accepted).toBe(true);
    start(`${SOURCE}\nwork(2);`, dir);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('keeps one cache per variant (command), each taken by its own next start; odd words share `other`', () => {
    const dir = cacheDir();
    expect(start(SOURCE, dir, 'version').accepted).toBe(false);
    expect(start(SOURCE, dir, 'check').accepted).toBe(false);
    expect(start(SOURCE, dir, 'check').accepted).toBe(true);
    expect(start(SOURCE, dir, '--version').accepted).toBe(false);
    expect(start(SOURCE, dir, '../../etc').accepted).toBe(true);
    expect(
      readdirSync(dir)
        .map((f) => f.replace(/^sea-[0-9a-f]{32}/, ''))
        .sort(),
    ).toEqual(['-check.v8', '-other.v8', '-version.v8']);
  });

  it('only loses the speed-up when the folder cannot be written', () => {
    expect(start(SOURCE, join(cacheDir(), 'gone', 'deeper'))).toMatchObject({ accepted: false, seen: { os: 'function' } });
  });
});
