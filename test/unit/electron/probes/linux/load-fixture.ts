import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseBundleText } from '../../../../../shared/bundle/schema';
import type { Bundle } from '../../../../../shared/bundle/schema';
import { decodeBytes } from '../../../../../electron/system/recording';

/** A bundle recorded by `portdoctor collect` in a lab namespace (test/lab/replay.test.ts, CAPTURE_FIXTURES=1). */
export function loadBundle(name: string): Bundle {
  const text = readFileSync(fileURLToPath(new URL(`./fixtures/${name}.portdoctor.json`, import.meta.url)), 'utf8');
  const parsed = parseBundleText(text);
  if (!parsed.ok) throw new Error(`fixture ${name}: ${parsed.error}`);
  return parsed.bundle;
}

/** What one recorded source printed (stdout), as text. */
export function sourceText(bundle: Bundle, id: string): string {
  const entry = bundle.sources[id];
  if (!entry) throw new Error(`fixture has no source ${id}`);
  return decodeBytes(entry.stdout).toString('utf8');
}

/** A copy of a bundle with some sources replaced (a missing tool, a denied read, truncated output). */
export function withSources(bundle: Bundle, changes: Readonly<Record<string, object | null>>): Bundle {
  const sources = { ...bundle.sources };
  for (const [id, entry] of Object.entries(changes)) {
    if (entry === null) delete sources[id];
    else sources[id] = entry as Bundle['sources'][string];
  }
  return { ...bundle, sources };
}
