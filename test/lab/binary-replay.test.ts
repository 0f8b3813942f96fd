import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBinary } from './harness/private-cli';

// The standalone binary judges every recorded Windows bundle (English and Chinese outputs, netsh and PowerShell) as the
// checkout does, in JSON and in both languages' text: its script is not the checkout's (one bundle, made ASCII-only by
// scripts/release/ascii.mjs, run from a startup snapshot). The recorded bundles do not reach the localized parsers'
// non-ASCII alternatives (`：`, `域`): ascii-bundle.test.ts checks those shapes.
// Runs under `npm run test:binary` (PORTDOCTOR_CLI); replays run nothing on this machine, so no root is needed.
const BINARY = cliBinary();
const CHECKOUT = resolve('bin/portdoctor.js');
const BUNDLES = resolve('test/fixtures/windows-bundles');
const files = readdirSync(BUNDLES).filter((f) => f.endsWith('.portdoctor.json'));

/** The port a bundle was recorded for (its first `"port": N`). */
function portOf(file: string): string {
  const text = JSON.stringify(JSON.parse(readFileSync(join(BUNDLES, file), 'utf8')));
  return /"port":(\d+)/.exec(text)?.[1] ?? '80';
}

/** stdout and exit code of one CLI run, with the run's own timings taken out. */
function run(argv: string[]): { out: string; status: number | null } {
  const r = spawnSync(argv[0] as string, argv.slice(1), { encoding: 'utf8', timeout: 60_000 });
  return { out: r.stdout.replace(/"elapsedMs":\s*\d+/g, '"elapsedMs":0'), status: r.status };
}

describe.skipIf(!BINARY)('the binary replays recorded Windows bundles as the checkout does', () => {
  it.each(files)('%s', (file) => {
    const args = ['check', portOf(file), '--replay', join(BUNDLES, file)];
    for (const extra of [['--json'], ['--lang', 'en'], ['--lang', 'zh-CN']]) {
      const fromBinary = run([BINARY as string, ...args, ...extra]);
      const fromCheckout = run([process.execPath, CHECKOUT, ...args, ...extra]);
      expect(fromBinary.out.length).toBeGreaterThan(100);
      expect(fromBinary).toEqual(fromCheckout);
    }
  });
});
