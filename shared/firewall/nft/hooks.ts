import { isLoopbackValue, parseIpValue } from '../ip-match';
import type { InboundPacket } from '../types';
import type { NftChain, NftRuleset, NftTable } from './model';
import { note } from '../../i18n/note';
import type { Note } from '../../i18n/note';

/**
 * Which nft tables and base chains a packet meets, and what they know of it: the family, an ingress chain's device,
 * where a chain runs against conntrack, whether any rule sets marks.
 */

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Which tables to leave out (iptables-nft's, judged from iptables-save instead). */
export interface TableFilter {
  skipTable?: (table: NftTable) => boolean;
}

export function applies(t: NftTable, packet: InboundPacket, options: TableFilter, notes: Note[]): boolean {
  if (options.skipTable?.(t) ?? t.xtCompat) {
    notes.push(note('note.nftManagedPlain', { table: `${t.family} ${t.name}` }));
    return false;
  }
  // netdev ingress chains run first of all, for every packet arriving on their device (before conntrack).
  if (t.family === 'netdev') return t.chains.some((c) => c.hook === 'ingress');
  return t.family === 'inet' || t.family === (packet.family === 4 ? 'ip' : 'ip6');
}

/** An ingress chain filters only packets arriving on its device(s); without the device, it is assumed to be the input interface. */
export function boundHere(c: NftChain, packet: InboundPacket, notes: Note[]): boolean {
  if (c.hook !== 'ingress') return true;
  const where = { family: c.family, table: c.table, chain: c.name };
  if (c.devices === undefined) {
    notes.push(note('note.ingressNoDevice', where));
    return true;
  }
  const iif = packet.iif ?? (parseIpValue(packet.source) && isLoopbackValue(parseIpValue(packet.source)!) ? 'lo' : undefined);
  if (iif === undefined) {
    notes.push(note('note.ingressIifUnknown', { ...where, devices: c.devices.join(', ') }));
    return true;
  }
  return c.devices.includes(iif);
}

// Conntrack runs at prerouting priority -200: ingress and earlier prerouting chains see a packet with no entry.
export function ctStage(c: NftChain | undefined): 'before' | 'at' | 'after' {
  if (!c || c.hook === 'ingress') return c ? 'before' : 'after';
  if (c.hook !== 'prerouting') return 'after';
  const prio = c.prio ?? 0;
  return prio < -200 ? 'before' : prio === -200 ? 'at' : 'after';
}

/** Does any rule set a packet mark (`meta mark set`, `ct mark` restore, a mark map)? If none does, an arriving SYN has mark 0. */
export function setsMarks(ruleset: NftRuleset): boolean {
  return setsKey(ruleset, 'mark');
}

/** Does any rule set `key` (`meta priority set`, `ct zone set`…)? If none does, an arriving SYN has it 0. */
export function setsKey(ruleset: NftRuleset, key: 'mark' | 'priority' | 'zone'): boolean {
  const pattern = new RegExp(`"key":\\s*"${key}"`);
  return ruleset.tables.some((t) =>
    t.chains.some((c) =>
      c.rules.some((r) => r.expr.some((e) => isObj(e) && isObj(e.mangle) && pattern.test(JSON.stringify(e.mangle.key)))),
    ),
  );
}
