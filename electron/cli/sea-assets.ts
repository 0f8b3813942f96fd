import { createRequire } from 'node:module';

/** The part of `node:sea` the CLI uses (typed here: @types/node 22 does not declare the module). */
interface SeaModule {
  isSea(): boolean;
  getAsset(key: string): ArrayBuffer;
  getAsset(key: string, encoding: 'utf8'): string;
}

/** Key prefix of the renderer's files among the binary's assets (scripts/release-cli.mjs writes them). */
export const RENDERER_ASSET_PREFIX = 'renderer/';

let sea: SeaModule | null | undefined;

/** `node:sea` when this process is a standalone binary (Node's single-executable application), else null. */
export function seaRuntime(): SeaModule | null {
  if (sea !== undefined) return sea;
  try {
    // Loaded by require: the ESM bundle's banner and the binary's CommonJS script both have one for built-ins.
    const load = typeof require === 'function' ? require : createRequire(import.meta.url);
    const mod = load('node:sea') as SeaModule;
    sea = mod.isSea() ? mod : null;
  } catch {
    sea = null;
  }
  return sea;
}

/** A reader of the renderer embedded in the binary, for the bridge (null when not a binary, or built without it). */
export function embeddedRenderer(): ((rel: string) => Promise<Buffer | null>) | null {
  const runtime = seaRuntime();
  if (!runtime) return null;
  const read = (rel: string): Buffer | null => {
    try {
      return Buffer.from(runtime.getAsset(RENDERER_ASSET_PREFIX + rel));
    } catch {
      return null;
    }
  };
  if (!read('index.html')) return null;
  return (rel) => Promise.resolve(read(rel));
}
