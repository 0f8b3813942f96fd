import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBinary } from './harness/private-cli';

// The binaries without a startup snapshot (linux-arm64, win-x64) run their script through a loader that keeps V8's
// code cache in the user's private cache folder (electron/cli/sea-loader.ts, code-cache.ts). Neither runs here, so
// this builds the host's binary the same way (`release-cli.mjs --no-snapshot --no-code-cache`) and drives that.
// Runs under `npm run test:binary` (PORTDOCTOR_CLI); no root needed.
const work = mkdtempSync(join(tmpdir(), 'pd-loader-'));
const BINARY = join(work, 'out', 'portdoctor-linux-x64');
const CHECKOUT = resolve('bin/portdoctor.js');
const BUNDLES = resolve('test/fixtures/windows-bundles');
const run = !!cliBinary() && process.platform === 'linux' && process.arch === 'x64';
let homes = 0;

/** A fresh home folder (its cache folder is where the loader keeps the code cache). */
function home(): string {
  const h = join(work, `home-${homes++}`);
  mkdirSync(h);
  return h;
}
const cacheFiles = (h: string): string[] => {
  const dir = join(h, '.cache', 'portdoctor', 'compile-cache');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('sea-')) : [];
};
function cli(argv: string[], h: string, file = BINARY) {
  const { PORTDOCTOR_NO_COMPILE_CACHE: _off, XDG_CACHE_HOME: _xdg, ...env } = process.env;
  const command = file === CHECKOUT ? [process.execPath, CHECKOUT] : [file];
  const r = spawnSync(command[0] as string, [...command.slice(1), ...argv], {
    encoding: 'utf8',
    env: { ...env, HOME: h },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout.replace(/"elapsedMs":\s*\d+/g, '"elapsedMs":0'), stderr: r.stderr };
}

describe.skipIf(!run)('a binary that runs its script through a code cache made at its first start', () => {
  beforeAll(() => {
    const r = spawnSync(
      process.execPath,
      ['scripts/release-cli.mjs', '--targets=linux-x64', '--no-snapshot', '--no-code-cache', `--out=${join(work, 'out')}`],
      { encoding: 'utf8', timeout: 300_000 },
    );
    if (r.status !== 0) throw new Error(`release-cli failed: ${r.stderr}`);
    expect(r.stdout).toContain('code cache made at first start');
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes the cache at its first start, in a folder only its user can write, and starts from it after', () => {
    const h = home();
    const first = cli(['--version'], h);
    expect(first).toMatchObject({ status: 0, stderr: '' });
    expect(first.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const [file] = cacheFiles(h);
    // `--version` is no command: it shares the `other` cache.
    expect(file).toMatch(/^sea-[0-9a-f]{32}-other\.v8$/);
    const dir = join(h, '.cache', 'portdoctor', 'compile-cache');
    expect(statSync(join(dir, file as string)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const before = statSync(join(dir, file as string)).mtimeMs;
    expect(cli(['--version'], h)).toEqual(first);
    // Taken, not written again.
    expect(statSync(join(dir, file as string)).mtimeMs).toBe(before);
  });

  it('judges recorded bundles as the checkout does, with and without its cache', () => {
    const h = home();
    for (const bundle of [
      'firewall-rules-netsh.zh-CN.portdoctor.json',
      'port-in-use-iis.portdoctor.json',
      'firewall-default-block.portdoctor.json',
    ]) {
      const args = ['check', bundle.includes('iis') ? '80' : '8080', '--replay', join(BUNDLES, bundle), '--json'];
      const fromCheckout = cli(args, home(), CHECKOUT);
      expect(fromCheckout.stdout.length).toBeGreaterThan(100);
      expect(cli(args, h)).toEqual(fromCheckout);
      expect(cli(args, h)).toEqual(fromCheckout);
    }
    // One cache for `check`, apart from the one `--version` would write.
    expect(cacheFiles(h).map((f) => f.replace(/^sea-[0-9a-f]{32}/, ''))).toEqual(['-check.v8']);
  });

  it('keeps no cache where another user could write, and still runs', () => {
    const h = home();
    mkdirSync(join(h, '.cache'));
    chmodSync(join(h, '.cache'), 0o777);
    expect(cli(['--version'], h)).toMatchObject({ status: 0, stderr: '' });
    expect(cacheFiles(h)).toEqual([]);
  });

  it('leaves no cache behind when it runs as a copy a remote session uploaded (and removes)', () => {
    const h = home();
    const uploaded = join(work, 'portdoctor.Ab3dE6gH9k');
    mkdirSync(uploaded);
    copyFileSync(BINARY, join(uploaded, 'portdoctor'));
    expect(cli(['--version'], h, join(uploaded, 'portdoctor'))).toMatchObject({ status: 0, stderr: '' });
    expect(cacheFiles(h)).toEqual([]);
    // The same file anywhere else keeps one.
    expect(cli(['--version'], h)).toMatchObject({ status: 0 });
    expect(cacheFiles(h)).toHaveLength(1);
  });

  describe('with a listener on loopback', () => {
    let server: Server;
    let port = 0;
    beforeAll(async () => {
      server = createServer((s) => {
        s.on('error', () => undefined);
        s.end('hello\n');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('loads node:tls on first use (probe --tls) without a warning', () => {
      const r = cli(['probe', `127.0.0.1:${port}`, '--tls', '--json'], home());
      expect(r.stderr).toBe('');
      const doc = JSON.parse(r.stdout) as { outcome: string; tls?: { ok: boolean } };
      expect(doc.outcome).toBe('ok');
      expect(doc.tls?.ok).toBe(false);
    });
  });
});
