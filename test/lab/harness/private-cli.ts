import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { createLiveRunner } from '../../../electron/system/run-command';
import type { Runner } from '../../../electron/system/runner';

/**
 * The standalone binary the lab drives instead of `node <script>` (`PORTDOCTOR_CLI=release/portdoctor-linux-x64`,
 * `npm run test:lab:binary`), or null: every lab file runs its CLI through cliArgv, so one variable moves them all.
 */
export function cliBinary(): string | null {
  const given = process.env.PORTDOCTOR_CLI;
  return given ? resolve(given) : null;
}

/** The command that runs the CLI under test: the binary (its script ignored), or this Node on the script. */
export function cliArgv(script: string): string[] {
  const binary = cliBinary();
  return binary ? [binary] : [process.execPath, script];
}

/**
 * A private bundle of the CLI for one lab file (other engineers rebuild dist/ while tests run), placed under
 * test-results/ so its `packages: 'external'` imports still resolve from the repo's node_modules.
 */
export async function buildPrivateCli(name: string): Promise<{ path: string; remove: () => Promise<void> }> {
  // Driving the binary: nothing to build (cliArgv runs the binary whatever path it is given).
  const binary = cliBinary();
  if (binary) return { path: binary, remove: () => Promise.resolve() };
  const dir = join(process.cwd(), 'test-results', `cli-${name}-${process.pid}`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'portdoctor.mjs');
  await build({
    entryPoints: ['electron/cli/main.ts'],
    outfile: path,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    define: { __APP_VERSION__: JSON.stringify('0.0.0-lab') },
    logLevel: 'warning',
  });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The live runner, with every command run inside a network namespace (`ip netns exec NS …`). */
export function namespaceRunner(ns: string): Runner {
  const live = createLiveRunner();
  return { ...live, run: (spec) => live.run({ ...spec, file: 'ip', args: ['netns', 'exec', ns, spec.file, ...spec.args] }) };
}
