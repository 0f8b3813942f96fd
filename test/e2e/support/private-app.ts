import { existsSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

/** A private CLI bundle with the renderer beside it (`web` serves ../renderer), under test-results/ so node_modules resolve. */
export async function buildPrivateApp(dir: string): Promise<string> {
  const cli = join(dir, 'cli', 'portdoctor.mjs');
  await esbuild({
    entryPoints: ['electron/cli/main.ts'],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    define: { __APP_VERSION__: '"0.0.0-pdw"' },
    logLevel: 'warning',
  });
  const given = process.env.PORTDOCTOR_E2E_RENDERER;
  if (given && existsSync(join(given, 'index.html'))) await symlink(resolve(given), join(dir, 'renderer'));
  else
    await viteBuild({
      configFile: 'vite.renderer.config.ts',
      logLevel: 'warn',
      build: { outDir: join(dir, 'renderer'), emptyOutDir: true },
    });
  return cli;
}
