import { attributeDrops, parseSecurityProducts, parseWfpDrops, parseWfpFilters } from '../../../shared/firewall/windows/parse-wfp';
import type { ThirdPartyReadings } from '../../../shared/firewall/windows/judge-third-party';
import type { Runner } from '../../system/runner';
import { runConsole } from './console';
import { WINDOWS_SOURCES } from './sources';

/**
 * Issue 16 item 12, the reading half: the products registered with Security Center; elevated, the Filtering Platform
 * drop events (5152/5157) of the last hour, and when one is for the port, the filters (to name the one that dropped
 * it). The engine judges them against the Windows Firewall verdict (shared/firewall/windows/judge-third-party.ts).
 */
export async function readThirdPartyFiltering(
  runner: Runner,
  codePage: number | null,
  target: { port: number; protocol: 'tcp' | 'udp' },
  elevated: boolean | null,
): Promise<ThirdPartyReadings> {
  const text = await runConsole(runner, WINDOWS_SOURCES.securityProducts, codePage);
  const read: ThirdPartyReadings = { products: text.kind === 'ok' ? parseSecurityProducts(text.data.stdout, text.data.stderr) : text };
  // The Security log needs elevation; the script hides errors (no event is one), so an answer unelevated means nothing.
  if (elevated !== true) return read;
  const dtext = await runConsole(runner, WINDOWS_SOURCES.wfpDrops, codePage);
  read.drops = dtext.kind === 'ok' ? parseWfpDrops(dtext.data.stdout, dtext.data.stderr) : dtext;
  if (read.drops.kind !== 'ok' || !attributeDrops(read.drops.data.drops, null, target.port, target.protocol)) return read;
  const ftext = await runConsole(runner, WINDOWS_SOURCES.wfpFilters, codePage);
  read.filters = ftext.kind === 'ok' ? parseWfpFilters(ftext.data.stdout, ftext.data.stderr) : ftext;
  read.filtersSource = WINDOWS_SOURCES.wfpFilters.source;
  return read;
}
