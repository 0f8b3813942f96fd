import { create } from 'zustand';
import type { SystemInfo } from '../../shared/ipc/contract';
import { portDoctor } from '../api/port-doctor';
import { IDLE, settle } from './remote';
import type { Remote } from './remote';

/** The app's sections, in navigation order. */
export const SECTIONS = ['diagnose', 'ports', 'firewall', 'reports'] as const;
export type Section = (typeof SECTIONS)[number];

interface ShellState {
  section: Section;
  info: Remote<SystemInfo>;
  setSection(section: Section): void;
  loadInfo(): Promise<void>;
}

/** The shell's store: which section is shown and what `system.info` said about this host. */
export const useShellStore = create<ShellState>((set) => ({
  section: 'diagnose',
  info: IDLE,
  setSection: (section) => set({ section }),
  loadInfo: async () => {
    set({ info: { state: 'loading' } });
    set({ info: await settle(() => portDoctor().system.info({})) });
  },
}));
