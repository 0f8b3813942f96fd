import { create } from 'zustand';
import { portDoctor } from '../../api/port-doctor';
import { clampWidth, defaultWidths, nextSort } from './ports-columns';
import type { ColumnId, ColumnWidths, SortState } from './ports-columns';
import type { LiveRow } from './ports-diff';

/** Most addresses asked for in one call (the contract's bound). */
const ASK_AT_MOST = 512;

interface PortsViewState {
  widths: ColumnWidths;
  sort: SortState | null;
  /** Resolve names: off by default (reverse DNS goes to the network's resolver). */
  resolve: boolean;
  resolving: boolean;
  /** Address → host name (null: looked up, none). */
  names: ReadonlyMap<string, string | null>;
  /** Port → service name. */
  services: ReadonlyMap<number, string>;
  setWidth(id: ColumnId, width: number): void;
  sortBy(column: SortState['column']): void;
  setResolve(on: boolean): void;
  /** Ask for the names of these rows' remote addresses and ports not known yet (one call at a time). */
  resolveFor(rows: readonly LiveRow[]): Promise<void>;
}

function wanted(
  rows: readonly LiveRow[],
  names: ReadonlyMap<string, string | null>,
  services: ReadonlyMap<number, string>,
  asked: Set<number>,
) {
  const addresses = new Set<string>();
  const ports = new Set<number>();
  for (const r of rows) {
    if (r.remotePort !== 0 && !names.has(r.remoteAddress) && addresses.size < ASK_AT_MOST) addresses.add(r.remoteAddress);
    for (const p of [r.localPort, r.remotePort]) if (p > 0 && !services.has(p) && !asked.has(p) && ports.size < 2048) ports.add(p);
  }
  return { addresses: [...addresses], ports: [...ports] };
}

// Ports already asked for: a port with no service name is not asked again.
const askedPorts = new Set<number>();

/** The explorer's view settings: column widths, sort order, and the resolve-names toggle with what it found. */
export const usePortsViewStore = create<PortsViewState>((set, get) => ({
  widths: defaultWidths(),
  sort: null,
  resolve: false,
  resolving: false,
  names: new Map(),
  services: new Map(),
  setWidth: (id, width) => set({ widths: { ...get().widths, [id]: clampWidth(id, width) } }),
  sortBy: (column) => set({ sort: nextSort(get().sort, column) }),
  setResolve: (resolve) => set({ resolve }),
  resolveFor: async (rows) => {
    const state = get();
    if (!state.resolve || state.resolving) return;
    const ask = wanted(rows, state.names, state.services, askedPorts);
    if (ask.addresses.length === 0 && ask.ports.length === 0) return;
    set({ resolving: true });
    try {
      const answer = await portDoctor().ports.resolveNames(ask);
      for (const p of ask.ports) askedPorts.add(p);
      if (answer.kind !== 'ok') return;
      const names = new Map(get().names);
      for (const n of answer.data.names) names.set(n.address, n.name);
      const services = new Map(get().services);
      for (const s of answer.data.services) services.set(s.port, s.name);
      set({ names, services });
    } catch {
      // The transport failed: names stay as they were; the next refresh asks again.
    } finally {
      set({ resolving: false });
    }
  },
}));

/** `host:port` with names where known: the host name for an address, the service name for a port. */
export function namedEndpoint(
  address: string,
  port: number,
  names: ReadonlyMap<string, string | null>,
  services: ReadonlyMap<number, string>,
): string {
  const host = names.get(address) ?? (address.includes(':') ? `[${address}]` : address);
  return `${host}:${services.get(port) ?? port}`;
}
