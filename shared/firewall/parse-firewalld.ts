import type { Result } from '../schemas/common';
import { unavailable } from '../schemas/common';

/** One active zone from `firewall-cmd --get-active-zones`. */
export interface FirewalldActiveZone {
  zone: string;
  interfaces: string[];
  sources: string[];
}

/** A zone as `firewall-cmd --zone=Z --list-all` prints it. */
export interface FirewalldZone {
  zone: string;
  target: string;
  interfaces: string[];
  sources: string[];
  services: string[];
  ports: string[];
  richRules: string[];
}

/** Parse `firewall-cmd --get-active-zones` (zone lines, then indented `interfaces:` / `sources:` lines). */
export function parseFirewalldActiveZones(text: string): Result<FirewalldActiveZone[]> {
  const zones: FirewalldActiveZone[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const kv = /^\s+(interfaces|sources):\s*(.*)$/.exec(line);
    const current = zones[zones.length - 1];
    if (kv) {
      if (!current)
        return unavailable('unparseable', `firewall-cmd --get-active-zones: "${line}" before any zone`, 'firewall-cmd --get-active-zones');
      const values = (kv[2] ?? '').split(/\s+/).filter(Boolean);
      if (kv[1] === 'interfaces') current.interfaces.push(...values);
      else current.sources.push(...values);
    } else if (/^[A-Za-z0-9_+-]+(\s+\(.*\))?$/.test(line.trim())) {
      zones.push({ zone: line.trim().split(/\s+/)[0] ?? '', interfaces: [], sources: [] });
    } else
      return unavailable(
        'unparseable',
        `firewall-cmd --get-active-zones: unexpected "${line.slice(0, 120)}"`,
        'firewall-cmd --get-active-zones',
      );
  }
  return { kind: 'ok', data: zones };
}

/** Parse `firewall-cmd --zone=Z --list-all`. Hand-written: firewall-cmd has no machine-readable output. */
export function parseFirewalldZone(text: string): Result<FirewalldZone> {
  const lines = text.split('\n');
  const head = /^(\S+)(\s+\(.*\))?\s*$/.exec(lines[0] ?? '');
  if (!head?.[1]) return unavailable('unparseable', 'firewall-cmd --list-all printed no zone name');
  const zone: FirewalldZone = { zone: head[1], target: '', interfaces: [], sources: [], services: [], ports: [], richRules: [] };
  let inRich = false;
  for (const line of lines.slice(1)) {
    const kv = /^\s+([a-z -]+):\s*(.*)$/.exec(line);
    if (kv && !(inRich && /^\s*rule\b/.test(line))) {
      inRich = kv[1] === 'rich rules';
      const values = (kv[2] ?? '').split(/\s+/).filter(Boolean);
      if (kv[1] === 'target') zone.target = kv[2]?.trim() ?? '';
      else if (kv[1] === 'interfaces') zone.interfaces = values;
      else if (kv[1] === 'sources') zone.sources = values;
      else if (kv[1] === 'services') zone.services = values;
      else if (kv[1] === 'ports') zone.ports = values;
      continue;
    }
    if (inRich && line.trim()) zone.richRules.push(line.trim());
  }
  if (!zone.target) return unavailable('unparseable', `firewall-cmd --list-all for ${zone.zone} has no target line`);
  return { kind: 'ok', data: zone };
}

/** The `ports:` of `firewall-cmd [--permanent] --info-service=S` (`80/tcp 443/tcp`); empty when the line is absent. */
export function parseFirewalldServicePorts(text: string): string[] {
  const line = text.split('\n').find((l) => /^\s+ports:/.test(l));
  return (line?.replace(/^\s+ports:/, '') ?? '').split(/\s+/).filter(Boolean);
}

/** firewalld's state: whether it runs, its active zones, and each active zone's settings. */
export interface FirewalldState {
  running: boolean;
  /** The zone of interfaces no zone names (firewalld's fallback). */
  defaultZone?: string;
  activeZones: FirewalldActiveZone[];
  zones: FirewalldZone[];
}
