import { parseBundleText } from '../../shared/bundle/schema';
import { unavailable } from '../../shared/schemas/common';
import { collectBundle } from '../system/collect';
import type { HandlerTable } from './types';

/** `reports:*` handlers. Opening a report validates it; nothing in it is executed. */
export const reportsHandlers: Pick<HandlerTable, 'reports:collect' | 'reports:open'> = {
  'reports:collect': async (request, { services }) => ({ kind: 'ok', data: await collectBundle(services, request) }),
  'reports:open': async ({ text }) => {
    const parsed = parseBundleText(text);
    if (!parsed.ok) return unavailable('unparseable', parsed.error);
    return { kind: 'ok', data: { bundle: parsed.bundle, check: null } };
  },
};
