import type { FirewallFacts, PendingChange } from '../../../shared/diagnose/facts';
import type { InboundPacket } from '../../../shared/firewall/types';
import type { Result } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { firewalldZoneFor } from '../../../shared/firewall/judge-linux';
import type { FirewallReadings } from '../../../shared/firewall/judge-linux';
import { readFirewalldPending } from '../../../shared/firewall/pending-firewalld';
import { readNftBootPending } from '../../../shared/firewall/pending-nft-boot';
import { readUfwPending } from '../../../shared/firewall/pending-ufw';

/**
 * What a reload or reboot would change for the port: the saved configuration of each firewall front-end against the
 * rules running now. Evidence only — the verdict stays the running state; a saved configuration that cannot be read
 * adds nothing.
 */
export async function readPendingChanges(
  runner: Runner,
  readings: FirewallReadings,
  firewall: Result<FirewallFacts>,
  packet: InboundPacket,
): Promise<PendingChange[]> {
  const verdict = firewall.kind === 'ok' ? firewall.data.verdict : null;
  if (!verdict) return [];
  const out: PendingChange[] = [];
  if (readings.firewalld.kind === 'ok' && readings.firewalld.data.running) {
    const zone = firewalldZoneFor(verdict, readings.firewalld.data, packet);
    if (zone) out.push(...(await readFirewalldPending(runner, readings.firewalld.data, zone, verdict, packet)));
  }
  out.push(...(await readUfwPending(runner, readings, verdict, packet)));
  if (readings.nft.kind === 'ok') out.push(...(await readNftBootPending(runner, readings.nft.data, verdict, packet)));
  return out;
}
