import type { Result } from '../../schemas/common';
import { parsePowerShellJson, psNumber, psString, psStrings } from './parse-powershell-json';

/** A registered security product (root/SecurityCenter2). */
export interface SecurityProduct {
  kind: 'firewall' | 'antivirus';
  name: string;
  path?: string;
  /** productState as a number (its bits are not documented by Microsoft; shown, not interpreted). */
  state?: number;
}

/** The SecurityCenter2 rows (FirewallProduct / AntiVirusProduct). */
export function parseSecurityProducts(text: string, stderr = ''): Result<SecurityProduct[]> {
  const json = parsePowerShellJson(text, stderr);
  if (json.kind !== 'ok') return json;
  return {
    kind: 'ok',
    data: json.data.flatMap((o): SecurityProduct[] => {
      const name = psString(o.displayName);
      if (!name) return [];
      const p: SecurityProduct = { kind: psString(o.Class) === 'FirewallProduct' ? 'firewall' : 'antivirus', name };
      const path = psString(o.pathToSignedProductExe);
      if (path) p.path = path;
      const state = psNumber(o.productState);
      if (state !== undefined) p.state = state;
      return [p];
    }),
  };
}

/** One Filtering Platform drop: event 5152 (packet dropped) or 5157 (connection blocked). */
export interface WfpDrop {
  id: 5152 | 5157;
  time: string;
  inbound: boolean;
  protocol: number;
  /** "Source" in the event is this host's side in both directions (docs: the local address the application received on). */
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  filterId: string;
  layer: string;
  application: string;
}

// Event data in documented order (5152 / 5157): ProcessId, Application, Direction, SourceAddress, SourcePort,
// DestAddress, DestPort, Protocol, FilterRTID, LayerName, LayerRTID[, RemoteUserID, RemoteMachineID].
// Direction is the message id %%14592 (Inbound) or %%14593 (Outbound), not a translated word. For an inbound
// connection the Source fields are the local address and port it arrived on, Destination the remote peer's.
const INBOUND = '%%14592';

/** The drop events the wfp-drops script printed; rows not in the documented shape are left out and counted. */
export function parseWfpDrops(text: string, stderr = ''): Result<{ drops: WfpDrop[]; unread: number }> {
  const json = parsePowerShellJson(text, stderr);
  if (json.kind !== 'ok') return json;
  const drops: WfpDrop[] = [];
  let unread = 0;
  for (const o of json.data) {
    const id = psNumber(o.Id);
    const d = psStrings(o.Data);
    const localPort = Number(d[4]);
    const remotePort = Number(d[6]);
    if (
      (id !== 5152 && id !== 5157) ||
      d.length < 11 ||
      !Number.isInteger(localPort) ||
      !Number.isInteger(remotePort) ||
      !/^\d+$/.test(d[8] ?? '')
    ) {
      unread += 1;
      continue;
    }
    drops.push({
      id,
      time: psString(o.Time) ?? '',
      inbound: d[2] === INBOUND,
      protocol: Number(d[7]),
      localAddress: d[3] ?? '',
      localPort,
      remoteAddress: d[5] ?? '',
      remotePort,
      filterId: d[8] ?? '',
      layer: d[9] ?? '',
      application: d[1] ?? '',
    });
  }
  return { kind: 'ok', data: { drops, unread } };
}

/** A WFP filter that blocks or calls out, with its provider. */
export interface WfpFilter {
  filterId: string;
  name: string;
  providerKey: string;
  provider?: string;
  layer: string;
  action: string;
}

/** The wfp-filters script's rows. */
export function parseWfpFilters(text: string, stderr = ''): Result<WfpFilter[]> {
  const json = parsePowerShellJson(text, stderr);
  if (json.kind !== 'ok') return json;
  return {
    kind: 'ok',
    data: json.data.flatMap((o): WfpFilter[] => {
      const filterId = psString(o.FilterId);
      if (!filterId) return [];
      const f: WfpFilter = {
        filterId,
        name: psString(o.Name) ?? '',
        providerKey: psString(o.ProviderKey) ?? '',
        layer: psString(o.Layer) ?? '',
        action: psString(o.Action) ?? '',
      };
      const provider = psString(o.Provider);
      if (provider) f.provider = provider;
      return [f];
    }),
  };
}

// Providers Windows itself registers: the symbolic FWPM_PROVIDER_* keys netsh prints for built-in providers, and
// the GUIDs of Windows Firewall's providers (MPSSVC_WF / MPSSVC_WSH, fwpmu.h) as some hosts print them.
const MICROSOFT_PROVIDER_KEYS = new Set(['{4b153735-1049-4480-aab4-d1b9bdc03710}', '{decc16ca-3f33-4346-be1e-8fb4ae0f3d62}']);

/** Who owns a filter: Windows (Windows Firewall and other built-in providers), a third party, or not recorded. */
export function filterOwner(f: WfpFilter): 'windows' | 'third-party' | 'unknown' {
  const key = f.providerKey.toLowerCase();
  if (key.startsWith('fwpm_provider_') || MICROSOFT_PROVIDER_KEYS.has(key)) return 'windows';
  if (f.provider && /^(Microsoft|Windows)\b/i.test(f.provider)) return 'windows';
  return key === '' ? 'unknown' : 'third-party';
}

/** The inbound drops of this port and protocol, the filter that dropped most of them, and that filter's owner. */
export function attributeDrops(
  drops: WfpDrop[],
  filters: WfpFilter[] | null,
  port: number,
  protocol: 'tcp' | 'udp',
): { count: number; last: string; filterId: string; filter?: WfpFilter; owner: ReturnType<typeof filterOwner> } | null {
  const mine = drops.filter((d) => d.inbound && d.localPort === port && d.protocol === (protocol === 'tcp' ? 6 : 17));
  if (mine.length === 0) return null;
  const byFilter = new Map<string, WfpDrop[]>();
  for (const d of mine) byFilter.set(d.filterId, [...(byFilter.get(d.filterId) ?? []), d]);
  const [filterId, hits] = [...byFilter.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
  const filter = filters?.find((f) => f.filterId === filterId);
  const last =
    hits
      .map((d) => d.time)
      .sort()
      .at(-1) ?? '';
  return { count: hits.length, last, filterId, ...(filter ? { filter } : {}), owner: filter ? filterOwner(filter) : 'unknown' };
}
