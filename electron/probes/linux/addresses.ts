import type { LocalAddress } from '../../../shared/diagnose/facts';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { textOf } from './sockets';

/** Parse `ip -j addr show`: every unicast address per interface (JSON from iproute2, so no hand-written table parser). */
export function parseIpAddr(json: string): Result<LocalAddress[]> {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    return unavailable('unparseable', `ip -j addr printed no valid JSON: ${(e as Error).message}`, 'ip -j addr show');
  }
  if (!Array.isArray(data)) return unavailable('unparseable', 'ip -j addr did not print a list', 'ip -j addr show');
  const out: LocalAddress[] = [];
  for (const link of data as { ifname?: unknown; addr_info?: unknown; link_type?: unknown; group?: unknown }[]) {
    if (typeof link?.ifname !== 'string' || !Array.isArray(link.addr_info)) continue;
    // Names only as iproute2 prints them (a word or a number), so nothing odd reaches a verdict.
    const kind = (v: unknown): string | undefined =>
      typeof v === 'number' && Number.isInteger(v) && v >= 0
        ? String(v)
        : typeof v === 'string' && /^[\w.-]{1,32}$/.test(v)
          ? v
          : undefined;
    const linkType = kind(link.link_type);
    const group = kind(link.group);
    for (const a of link.addr_info as { family?: unknown; local?: unknown; prefixlen?: unknown }[]) {
      if (typeof a?.local !== 'string') continue;
      const family = a.family === 'inet' ? 4 : a.family === 'inet6' ? 6 : null;
      if (family === null) continue;
      const address: LocalAddress = { interface: link.ifname, address: a.local, family };
      if (typeof a.prefixlen === 'number' && Number.isInteger(a.prefixlen) && a.prefixlen >= 0 && a.prefixlen <= (family === 4 ? 32 : 128))
        address.prefixLength = a.prefixlen;
      if (linkType) address.linkType = linkType;
      if (group) address.group = group;
      out.push(address);
    }
  }
  return { kind: 'ok', data: out };
}

/** Local addresses clients could use, per interface. */
export async function readAddresses(runner: Runner): Promise<Result<LocalAddress[]>> {
  const r = await runner.run({ source: 'linux.ip.addr', file: 'ip', args: ['-j', 'addr', 'show'] });
  const text = textOf(r);
  return text.kind === 'ok' ? parseIpAddr(text.data) : text;
}

/** How this host answers a client: the route, the local source address and the interface. */
export interface RouteToClient {
  destination: string;
  device?: string;
  gateway?: string;
  prefsrc?: string;
  type?: string;
}

/** Parse `ip -j route get <addr>`. */
export function parseRouteGet(json: string): Result<RouteToClient> {
  try {
    const data = JSON.parse(json) as unknown;
    const first = Array.isArray(data) ? (data[0] as Record<string, unknown> | undefined) : undefined;
    if (!first || typeof first.dst !== 'string') return unavailable('unparseable', 'ip -j route get printed no route');
    const route: RouteToClient = { destination: first.dst };
    if (typeof first.dev === 'string') route.device = first.dev;
    if (typeof first.gateway === 'string') route.gateway = first.gateway;
    if (typeof first.prefsrc === 'string') route.prefsrc = first.prefsrc;
    if (typeof first.type === 'string') route.type = first.type;
    return { kind: 'ok', data: route };
  } catch (e) {
    return unavailable('unparseable', `ip -j route get printed no valid JSON: ${(e as Error).message}`);
  }
}

/** The route back to the client (`ip -j route get <client>`); the address is validated by the caller. */
export async function readRouteTo(runner: Runner, client: string): Promise<Result<RouteToClient>> {
  const r = await runner.run({ source: 'linux.ip.route-get', file: 'ip', args: ['-j', 'route', 'get', client] });
  // A replayed report holds the route to the client it was recorded for; another client's route is not in it.
  if (r.argv[r.argv.length - 1] !== client)
    return unavailable(
      'not-recorded',
      `the report holds the route to ${r.argv[r.argv.length - 1] ?? '?'}, not to ${client}`,
      `ip -j route get ${client}`,
    );
  const text = textOf(r);
  if (text.kind !== 'ok') return text;
  const parsed = parseRouteGet(text.data);
  return parsed.kind === 'ok' ? parsed : { ...parsed, command: `ip -j route get ${client}` };
}
