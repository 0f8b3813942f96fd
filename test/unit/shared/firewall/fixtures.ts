import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NftRuleset } from '../../../../shared/firewall/nft/model';
import type { IptablesRuleset } from '../../../../shared/firewall/iptables/model';
import type { InboundPacket } from '../../../../shared/firewall/types';
import { parseNftRuleset } from '../../../../shared/firewall/nft/parse-nft-ruleset';
import { parseIptablesSave } from '../../../../shared/firewall/iptables/parse-iptables-save';

const DIR = join(__dirname, '../../../fixtures/linux');

/** The text of a captured fixture in test/fixtures/linux. */
export function fixture(name: string): string {
  return readFileSync(join(DIR, name), 'utf8');
}

/** A captured `nft -j list ruleset`, parsed; throws when the parser refuses it (a test bug). */
export function nftFixture(name: string): NftRuleset {
  const r = parseNftRuleset(fixture(name));
  if (r.kind !== 'ok') throw new Error(`${name}: ${r.detail}`);
  return r.data;
}

/** A captured iptables-save output, parsed. */
export function iptablesFixture(name: string): IptablesRuleset {
  const r = parseIptablesSave(fixture(name));
  if (r.kind !== 'ok') throw new Error(`${name}: ${r.detail}`);
  return r.data;
}

/** A TCP SYN from `source` to 192.0.2.1 (or 2001:db8::1) on `dport`. */
export function syn(source: string, dport: number, extra: Partial<InboundPacket> = {}): InboundPacket {
  const family = source.includes(':') ? 6 : 4;
  return { family, protocol: 'tcp', source, destination: family === 4 ? '192.0.2.1' : '2001:db8::1', dport, ...extra };
}
