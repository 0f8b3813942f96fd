import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices } from '../../../../../electron/app/services';
import { createHandlers } from '../../../../../electron/handlers';
import { dispatchCall } from '../../../../../electron/ipc/dispatch';
import type { Bundle } from '../../../../../shared/bundle/schema';

const DIR = 'test/fixtures/windows-bundles';

/** The recorded Windows bundles (test/fixtures/windows-bundles/README.md), by file name. */
export const windowsBundles = readdirSync(DIR)
  .filter((f) => f.endsWith('.portdoctor.json'))
  .map((f) => ({ file: f, bundle: JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Bundle }));

/** Replay one channel on a bundle; timings are dropped (they differ from run to run), everything else is kept. */
export async function replayChannel(bundle: Bundle, channel: 'ports:list' | 'diagnose:check-port', request: unknown): Promise<unknown> {
  const r = await dispatchCall(
    createHandlers(),
    createServices({ replay: bundle, dataDir: '/nonexistent/pd-cut' }),
    channel,
    request,
    new AbortController().signal,
    () => undefined,
  );
  return JSON.parse(
    JSON.stringify(r.ok ? r.value : r.error, (k, v: unknown) => (/elapsed|duration|^checkedAt$|^generatedAt$/i.test(k) ? undefined : v)),
  ) as unknown;
}
