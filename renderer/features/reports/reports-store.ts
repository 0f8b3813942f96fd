import { create } from 'zustand';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { portDoctor } from '../../api/port-doctor';
import { IDLE, createTicketer, settle } from '../../state/remote';
import type { Remote } from '../../state/remote';

/** What `reports.open` answers: the validated bundle (and later its replayed check), or why it was refused. */
export type OpenAnswer = ResponseOf<'reports:open'>;

/** Mirrors MAX_BUNDLE_BYTES (shared/bundle/schema.ts, which the handler enforces); checked here only so a huge file is never read into memory. */
export const MAX_REPORT_BYTES = 32 * 1024 * 1024;

interface ReportsState {
  fileName: string | null;
  /** Refused before reading: the file is larger than any report we write. */
  tooLarge: boolean;
  opened: Remote<OpenAnswer>;
  open(file: Pick<File, 'name' | 'size' | 'text'>): Promise<void>;
}

const tickets = createTicketer();

/** The Reports page's store: the chosen file and what the handler made of it. Nothing in a report is executed. */
export const useReportsStore = create<ReportsState>((set) => ({
  fileName: null,
  tooLarge: false,
  opened: IDLE,
  open: async (file) => {
    const ticket = tickets.next();
    if (file.size > MAX_REPORT_BYTES) return set({ fileName: file.name, tooLarge: true, opened: IDLE });
    set({ fileName: file.name, tooLarge: false, opened: { state: 'loading' } });
    const opened = await settle(async () => portDoctor().reports.open({ text: await file.text() }));
    if (tickets.isLatest(ticket)) set({ opened });
  },
}));
