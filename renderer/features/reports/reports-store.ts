import { create } from 'zustand';
import type { Bundle } from '../../../shared/bundle/schema';
import type { ResponseOf } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/schemas/common';
import { redactBundle } from '../../../shared/report/redact';
import { portDoctor } from '../../api/port-doctor';
import { IDLE, createTicketer, settle } from '../../state/remote';
import type { Remote } from '../../state/remote';
import { useDiagnoseStore } from '../../state/diagnose-store';
import { downloadText } from './download';
import { reportFileName } from './reports-selectors';

/** What `reports.open` answers: the validated bundle and its replayed check, or why it was refused. */
export type OpenAnswer = ResponseOf<'reports:open'>;

/** Mirrors MAX_BUNDLE_BYTES (shared/bundle/schema.ts, which the handler enforces); checked here only so a huge file is never read into memory. */
export const MAX_REPORT_BYTES = 32 * 1024 * 1024;

interface ReportsState {
  fileName: string | null;
  /** Refused before reading: the file is larger than any report we write. */
  tooLarge: boolean;
  opened: Remote<OpenAnswer>;
  /** Hide addresses and host names in what is saved (bundle and summaries). */
  redact: boolean;
  saved: Remote<Result<{ fileName: string; sources: number }>>;
  open(file: Pick<File, 'name' | 'size' | 'text'>): Promise<void>;
  setRedact(redact: boolean): void;
  save(port: number | null): Promise<void>;
  showInWizard(): void;
}

const tickets = createTicketer();

/** The Reports page's store: open a bundle (and replay it in the wizard), save one from this machine. Nothing in a report is executed. */
export const useReportsStore = create<ReportsState>((set, get) => ({
  fileName: null,
  tooLarge: false,
  opened: IDLE,
  redact: false,
  saved: IDLE,
  open: async (file) => {
    const ticket = tickets.next();
    if (file.size > MAX_REPORT_BYTES) return set({ fileName: file.name, tooLarge: true, opened: IDLE });
    set({ fileName: file.name, tooLarge: false, opened: { state: 'loading' } });
    const opened = await settle(async () => portDoctor().reports.open({ text: await file.text() }));
    if (!tickets.isLatest(ticket)) return;
    set({ opened });
    if (opened.state === 'done' && opened.value.kind === 'ok' && opened.value.data.check) get().showInWizard();
  },
  setRedact: (redact) => set({ redact }),
  save: async (port) => {
    set({ saved: { state: 'loading' } });
    const collected = await settle(() => portDoctor().reports.collect(port ? { port } : {}));
    if (collected.state !== 'done' || collected.value.kind !== 'ok') return set({ saved: collected as Remote<Result<never>> });
    const bundle: Bundle = get().redact ? redactBundle(collected.value.data) : collected.value.data;
    const fileName = reportFileName(bundle.platform.hostname, bundle.target?.port ?? null, bundle.recordedAt, 'portdoctor.json');
    downloadText(fileName, JSON.stringify(bundle, null, 2), 'application/json');
    set({ saved: { state: 'done', value: { kind: 'ok', data: { fileName, sources: Object.keys(bundle.sources).length } } } });
  },
  showInWizard: () => {
    const opened = get().opened;
    if (opened.state !== 'done' || opened.value.kind !== 'ok' || !opened.value.data.check) return;
    const { bundle, check } = opened.value.data;
    useDiagnoseStore.getState().openReplay({ host: bundle.platform.hostname, recordedAt: bundle.recordedAt, report: check });
  },
}));
