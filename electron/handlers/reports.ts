import { parseBundleText } from '../../shared/bundle/schema';
import { unavailable } from '../../shared/schemas/common';
import { createServices } from '../app/services';
import { collectBundle } from '../probes/collect/collect';
import { checkPortHandler } from './check-port';
import type { HandlerTable } from './types';

/** `reports:*` handlers. Opening a report validates it and replays its check over the recorded outputs; nothing in it is executed. */
export const reportsHandlers: Pick<HandlerTable, 'reports:collect' | 'reports:open'> = {
  'reports:collect': async (request, { services }) => ({ kind: 'ok', data: await collectBundle(services, request) }),
  'reports:open': async ({ text }, { services, signal }) => {
    const parsed = parseBundleText(text);
    if (!parsed.ok) return unavailable('unparseable', parsed.error);
    const { bundle } = parsed;
    if (!bundle.target) return { kind: 'ok', data: { bundle, check: null } };
    // A replay runner answers only from the bundle's recordings, so the check judges the customer's machine, not this one.
    const replay = createServices({ replay: bundle, dataDir: services.dataDir });
    const checked = await checkPortHandler({ port: bundle.target.port, protocol: bundle.target.protocol }, { services: replay, signal });
    return { kind: 'ok', data: { bundle, check: checked.kind === 'ok' ? checked.data : null } };
  },
};
