import { parseIpValue } from '../ip-match';
import { redirectAddress } from '../dnat';
import type { InboundPacket } from '../types';
import { firstKey } from './match';
import type { NftRule } from './model';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `dnat to 10.0.0.2:80` / `redirect to :8080` (to this host, the input interface's address): address and port, or null. */
export function natTarget(rule: NftRule, packet: InboundPacket): { addr: string; port: number } | null {
  for (const e of rule.expr) {
    if (!isObj(e)) continue;
    const k = firstKey(e);
    const b = k === undefined ? undefined : e[k];
    if (k === 'redirect') {
      const port = !isObj(b) || b.port === undefined ? packet.dport : typeof b.port === 'number' ? b.port : null;
      return port === null ? null : { addr: redirectAddress(packet), port };
    }
    if (k === 'dnat' && isObj(b)) {
      const addr = typeof b.addr === 'string' && parseIpValue(b.addr) ? b.addr : null;
      const port = b.port === undefined ? packet.dport : typeof b.port === 'number' ? b.port : null;
      return addr && port !== null ? { addr, port } : null;
    }
  }
  return null;
}
