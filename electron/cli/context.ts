import { readFile, stat } from 'node:fs/promises';
import { MAX_BUNDLE_BYTES, parseBundleText } from '../../shared/bundle/schema';
import type { Bundle } from '../../shared/bundle/schema';
import { createServices } from '../app/services';
import { createHandlers } from '../handlers';
import type { HandlerTable, Services } from '../handlers/types';

/** What every command needs: the handler table and the services (live, or replaying a bundle). */
export interface CliContext {
  table: HandlerTable;
  services: Services;
}

/** Read and validate a report bundle file (size-capped before reading, schema-checked after). */
export async function readBundleFile(path: string): Promise<{ ok: true; bundle: Bundle } | { ok: false; error: string }> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, error: `${path} is not a file` };
    if (info.size > MAX_BUNDLE_BYTES) return { ok: false, error: `${path} is larger than ${MAX_BUNDLE_BYTES} bytes` };
    return parseBundleText(await readFile(path, 'utf8'));
  } catch (e) {
    return { ok: false, error: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

/** Build the context for one command run; `replay` swaps the live runner for the bundle's outputs. */
export async function createCliContext(replay?: string): Promise<{ ok: true; ctx: CliContext } | { ok: false; error: string }> {
  if (replay === undefined) return { ok: true, ctx: { table: createHandlers(), services: createServices() } };
  const read = await readBundleFile(replay);
  if (!read.ok) return read;
  return { ok: true, ctx: { table: createHandlers(), services: createServices({ replay: read.bundle }) } };
}
